import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { exactMatchScorer } from './exact-match.js';

function sample(reference: Sample['reference']): Sample {
  return { id: 'nr-1', subtask: 'Arithmetic', prompt: 'p', reference, target: 'Final Answer: 1062', meta: {} };
}

const tablebench = await exactMatchScorer.create(exactMatchScorer.params.parse({}));
const plain = await exactMatchScorer.create(exactMatchScorer.params.parse({ normalize: 'plain', extract: 'final-answer' }));
const bare = await exactMatchScorer.create(exactMatchScorer.params.parse({ normalize: 'plain', extract: 'whole-output' }));
const official = await exactMatchScorer.create(exactMatchScorer.params.parse({ scoring: 'official' }));

describe('exact-match (tablebench)', () => {
  it('defaults to the TableBench normalisation', () => {
    expect(exactMatchScorer.params.parse({})).toEqual({ normalize: 'tablebench', extract: 'final-answer', scoring: 'corrected' });
  });

  it('normalises numbers, case, quotes and periods', () => {
    expect(tablebench.score('Let me add them.\nFinal Answer: 1,062', sample('1062'))).toMatchObject({ value: 1, extracted: '1,062' });
    expect(tablebench.score('Final Answer: 10.60', sample('10.6')).value).toBe(1);
    expect(tablebench.score('Final Answer: "yes".', sample('Yes')).value).toBe(1);
    expect(tablebench.score('Final Answer: \u22125', sample('-5')).value).toBe(1);
  });

  it('reads a numeric reference', () => {
    expect(tablebench.score('Final Answer: 25.0', sample(25)).value).toBe(1);
  });

  it('compares lists element-wise with partial credit', () => {
    expect(tablebench.score('Final Answer: Paris, Rome', sample('Paris, London'))).toMatchObject({ value: 0.5, detail: 'wrong-answer' });
  });

  it('uses the last Final Answer', () => {
    expect(tablebench.score('Final Answer: 3\nActually...\nFinal Answer: 4', sample('4')).value).toBe(1);
  });

  it('treats a missing Final Answer line as a format error', () => {
    expect(tablebench.score('The answer is 1062.', sample('1062'))).toMatchObject({ value: 0, formatError: true });
  });

  it('marks an empty output', () => {
    expect(tablebench.score('', sample('1062'))).toMatchObject({ value: 0, formatError: true, detail: 'empty' });
  });

  it('throws on a reference that is not text', () => {
    expect(() => tablebench.score('Final Answer: 1', sample(['1']))).toThrow(/reference/);
  });
});

describe('exact-match (plain)', () => {
  it('compares trimmed text, case-sensitive', () => {
    expect(plain.score('Final Answer:  New   York ', sample('New York')).value).toBe(1);
    expect(plain.score('Final Answer: new york', sample('New York')).value).toBe(0);
    expect(plain.score('Final Answer: 1,062', sample('1062')).value).toBe(0);
  });
});

describe('exact-match (whole output)', () => {
  it('compares the whole trimmed output, for tasks whose target is the bare answer', () => {
    expect(bare.score(' positive\n', sample('positive')).value).toBe(1);
    expect(bare.score('Final Answer: positive', sample('positive')).value).toBe(0);
    expect(bare.score('', sample('positive'))).toMatchObject({ formatError: true, detail: 'empty' });
  });
});

describe("exact-match (tablebench), official: TableBench's own EM", () => {
  const score = (output: string, reference: string) => [official.score(output, sample(reference)).value, tablebench.score(output, sample(reference)).value];
  it('reads the first "Final Answer: " only, in that case and with one space', () => {
    expect(score('Final Answer: 12\nFinal Answer: 1062', '1062')).toEqual([0, 1]);
    expect(score('**Final Answer:** 1062', '1062')).toEqual([0, 1]);
    expect(score('final answer: 1062', '1062')).toEqual([0, 1]);
    expect(score('Final Answer:1062', '1062')).toEqual([0, 1]);
    expect(score('Final Answer: **1062**', '1062')).toEqual([1, 1]);
  });
  it('deletes signs, points, commas and percent signs before comparing', () => {
    expect(score('Final Answer: -5', '5')).toEqual([1, 0]);
    expect(score('Final Answer: 10.60', '10.6')).toEqual([0, 1]);
    expect(score('Final Answer: 1062', '10.62')).toEqual([1, 0]);
    // "0.25" and "25%" both read as 25; "2.5%" reads as 25 too.
    expect(score('Final Answer: 0.25', '25%')).toEqual([1, 1]);
    expect(score('Final Answer: 2.5%', '25%')).toEqual([1, 0]);
    expect(score('Final Answer: 1,062', '1062')).toEqual([1, 1]);
  });
  it('gives no partial credit for lists', () => {
    expect(score('Final Answer: Paris, Rome', 'Paris, London')).toEqual([0, 0.5]);
  });
  it('flags a missing marker as a format error, scored 0 either way', () => {
    expect(official.score('The answer is 1062.', sample('1062'))).toMatchObject({ value: 0, formatError: true });
  });
});
