import { describe, expect, it } from 'vitest';
import type { Sample, SampleOutcome } from '../../core/index.js';
import { jsonMacroF1Scorer, macroF1 } from './json-macro-f1.js';

function sample(id: string, reference: Sample['reference']): Sample {
  return { id, prompt: 'p', reference, target: '{"code": "ALLOW"}', meta: {} };
}

const scorer = await jsonMacroF1Scorer.create({ field: 'code', labels: ['ALLOW', '102', '103'] });

function scoreAll(pairs: Array<[output: string, gold: string]>): SampleOutcome[] {
  return pairs.map(([output, gold], index) => scorer.score(output, sample(`s${index}`, gold)));
}

describe('json-macro-f1', () => {
  it('records predicted and gold classes as facts', () => {
    expect(scorer.score('{"code": "102"}', sample('a', '102'))).toMatchObject({ value: 1, formatError: false, facts: { predicted: '102', gold: '102' } });
    expect(scorer.score('{"code": 103}', sample('a', '102'))).toMatchObject({ value: 0, formatError: false, facts: { predicted: '103', gold: '102' } });
  });

  it('matches labels case-insensitively and keeps the canonical spelling', () => {
    expect(scorer.score('{"code": " allow "}', sample('a', 'ALLOW'))).toMatchObject({ value: 1, facts: { predicted: 'ALLOW' } });
  });

  it('reads a numeric reference', () => {
    expect(scorer.score('{"code": "103"}', sample('a', 103)).value).toBe(1);
  });

  it('keeps an answer outside the labels as a wrong prediction', () => {
    const outcome = scorer.score('{"code": "101"}', sample('a', '102'));
    expect(outcome).toMatchObject({ value: 0, formatError: false, facts: { predicted: '101', gold: '102' } });
    expect(outcome.detail).toMatch(/not one of/);
  });

  it('gives a format error no predicted class', () => {
    expect(scorer.score('{"label": "102"}', sample('a', '102'))).toMatchObject({ formatError: true, facts: { predicted: null, gold: '102' } });
    expect(scorer.score('', sample('a', '102'))).toMatchObject({ formatError: true, detail: 'empty', facts: { predicted: null, gold: '102' } });
    expect(scorer.score('{"code": ["102"]}', sample('a', '102'))).toMatchObject({ formatError: true, facts: { predicted: null } });
  });

  it('computes a hand-checked macro-F1', () => {
    // ALLOW: tp 1, fn 1 -> 2/3; 102: tp 1 -> 1; 103: tp 0, fp 1, fn 1 -> 0. Mean 5/9.
    const outcomes = scoreAll([
      ['{"code": "ALLOW"}', 'ALLOW'],
      ['{"code": "103"}', 'ALLOW'],
      ['{"code": "102"}', '102'],
      ['no json', '103'],
    ]);
    expect(scorer.aggregate(outcomes)).toBeCloseTo(5 / 9, 12);
  });

  it('gives no F1 term to a class absent from the gold labels', () => {
    // Only ALLOW is gold: tp 1, fn 1 -> 2/3 (scikit-learn's default would average in a 0 for 103).
    const outcomes = scoreAll([
      ['{"code": "ALLOW"}', 'ALLOW'],
      ['{"code": "103"}', 'ALLOW'],
    ]);
    expect(scorer.aggregate(outcomes)).toBeCloseTo(2 / 3, 12);
  });

  it('is null without outcomes and refuses outcomes without facts', () => {
    expect(macroF1([])).toBeNull();
    expect(() => macroF1([{ id: 'x', value: 1, formatError: false }])).toThrow(/gold class/);
  });

  it('throws on a gold label outside the labels', () => {
    expect(() => scorer.score('{"code": "102"}', sample('a', '101'))).toThrow(/reference/);
  });

  it('requires at least two labels', () => {
    expect(jsonMacroF1Scorer.params.safeParse({ field: 'code', labels: ['ALLOW'] }).success).toBe(false);
  });
});
