import { describe, expect, it } from 'vitest';
import { createApproximateTokenizer } from '../../data/index.js';
import type { RowCheckInput } from './check-training-rows.js';
import { checkTrainingRows } from './check-training-rows.js';

const letter = (output: string) => {
  const match = /答案[:：]\s*([A-D])\s*$/.exec(output);
  return match ? { ok: true, label: match[1] } : { ok: false };
};

function rows(
  count: number,
  make: (index: number) => unknown = (index) => ({
    instruction: `question number ${index} about interest rates`,
    output: `reasoning ${index}\n答案：${'ABCD'[index % 4]}`,
  }),
): unknown[] {
  return Array.from({ length: count }, (_, index) => make(index));
}

function check(raw: unknown, overrides: Partial<RowCheckInput> = {}) {
  return checkTrainingRows({
    raw,
    rowsIn: 500,
    sampleCap: 200,
    cutoffLen: 512,
    tokenizer: createApproximateTokenizer(),
    templateTokens: 11,
    checkFormat: letter,
    heldOut: { validation: [], test: [] },
    ...overrides,
  });
}

const codes = (result: ReturnType<typeof check>) => result.diagnostics.map((diagnostic) => `${diagnostic.severity}:${diagnostic.code}`);

describe('checkTrainingRows', () => {
  it('passes clean rows and measures them', () => {
    const result = check(rows(40));
    expect(result.diagnostics).toEqual([]);
    expect(result.facts).toMatchObject({ rowsIn: 500, rowsOut: 40, selected: 40, overCutoff: 0, duplicates: 0, emptyRows: 0 });
    expect(result.facts!.tokenLengths!.count).toBe(40);
  });

  it('refuses output that is not a list, or an empty list', () => {
    expect(codes(check({ rows: [] }))).toEqual(['error:output-not-list']);
    expect(codes(check([]))).toEqual(['error:output-empty']);
  });

  it('checks every row, not the first ones: a bad row at the end is found', () => {
    const raw = rows(120);
    raw.push({ prompt: 'q', response: 'a' });
    const result = check(raw);
    expect(codes(result)).toEqual(['error:row-schema']);
    expect(result.diagnostics[0]!.evidence[0]).toContain('row 120');
  });

  it('enforces the sample cap', () => {
    expect(codes(check(rows(201)))).toContain('error:sample-cap');
  });

  it('warns on a few duplicates and empty rows, and stops on many', () => {
    const few = rows(40, (index) =>
      index === 39
        ? { instruction: 'question number 0 about interest rates', output: 'reasoning 0\n答案：A' }
        : { instruction: `question number ${index} about interest rates`, output: `reasoning ${index}\n答案：${'ABCD'[index % 4]}` },
    );
    expect(codes(check(few))).toEqual(['warning:duplicate-rows']);
    const many = rows(40, (index) => ({ instruction: `question ${index % 5} about rates`, output: `答案：${'ABCD'[index % 4]}` }));
    expect(codes(check(many))).toContain('error:duplicate-rows');
    const empties = rows(40, (index) => ({ instruction: index < 10 ? ' ' : `question ${index}`, output: `step ${index}\n答案：${'ABCD'[index % 4]}` }));
    expect(codes(check(empties))).toEqual(['error:empty-rows']);
  });

  it('counts rows over the cutoff with the tokenizer and stops when many would be cut', () => {
    const long = rows(20, (index) => ({ instruction: `${'a long table row '.repeat(200)} ${index}`, output: `答案：${'ABCD'[index % 4]}` }));
    const result = check(long);
    expect(codes(result)).toEqual(['error:over-cutoff']);
    expect(result.facts!.overCutoff).toBe(20);
  });

  it('stops when answers are not in the task format and names examples', () => {
    const result = check(rows(20, (index) => ({ instruction: `question ${index}`, output: `The answer is ${'ABCD'[index % 4]}.` })));
    expect(codes(result)).toEqual(['error:answer-format']);
    expect(result.diagnostics[0]!.evidence[0]).toContain('row 0 ends');
  });

  it('warns when one label dominates', () => {
    expect(codes(check(rows(40, (index) => ({ instruction: `question ${index}`, output: `答案：${index < 38 ? 'A' : 'B'}` }))))).toEqual([
      'warning:label-imbalance',
    ]);
  });

  it('stops on rows that contain a held-out item, reporting counts only', () => {
    const secret = 'What is the present value of a perpetuity paying 100 per year at a 5% discount rate?';
    const raw = rows(30);
    raw.push({ instruction: `Answer this: ${secret}`, output: '答案：B' });
    const result = check(raw, { heldOut: { validation: [], test: [{ id: 'test-7', key: secret }] } });
    expect(codes(result)).toEqual(['error:leakage']);
    expect(JSON.stringify(result.diagnostics)).not.toContain('perpetuity');
    expect(JSON.stringify(result.diagnostics)).not.toContain('test-7');
  });
});
