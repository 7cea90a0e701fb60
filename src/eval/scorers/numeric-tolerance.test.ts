import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { numericToleranceScorer } from './numeric-tolerance.js';

function sample(reference: Sample['reference']): Sample {
  return { id: 'da-1', prompt: 'p', reference, target: 'Final Answer: 0.85', meta: {} };
}

const tenPercent = await numericToleranceScorer.create(numericToleranceScorer.params.parse({}));
const onePercent = await numericToleranceScorer.create({ relative: 0.01, extract: 'final-answer' });

describe('numeric-tolerance', () => {
  it('defaults to ±10%', () => {
    expect(numericToleranceScorer.params.parse({})).toEqual({ relative: 0.1, extract: 'final-answer' });
  });

  it('accepts answers within the tolerance', () => {
    expect(tenPercent.score('Final Answer: 0.9', sample('0.85'))).toMatchObject({ value: 1, extracted: '0.9' });
    expect(tenPercent.score('Final Answer: 1,100', sample('1000')).value).toBe(1);
    expect(onePercent.score('Final Answer: 0.9', sample('0.85')).value).toBe(0);
  });

  it('reads a unicode minus and a numeric reference', () => {
    expect(tenPercent.score('Final Answer: \u22120.8', sample(-0.85)).value).toBe(1);
  });

  it('compares lists element-wise', () => {
    expect(tenPercent.score('Final Answer: 10, 100', sample('10, 50')).value).toBe(0.5);
  });

  it('scores a non-number 0 without a format error', () => {
    expect(tenPercent.score('Final Answer: strong', sample('0.85'))).toMatchObject({ value: 0, formatError: false, detail: 'wrong-answer' });
  });

  it('treats a missing Final Answer as a format error and marks empty output', () => {
    expect(tenPercent.score('0.85', sample('0.85'))).toMatchObject({ value: 0, formatError: true });
    expect(tenPercent.score('', sample('0.85'))).toMatchObject({ value: 0, formatError: true, detail: 'empty' });
  });

  it('rejects a tolerance given in percent', () => {
    expect(numericToleranceScorer.params.safeParse({ relative: 10 }).success).toBe(false);
    expect(numericToleranceScorer.params.safeParse({ relative: 0 }).success).toBe(false);
  });
});
