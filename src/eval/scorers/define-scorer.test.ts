import { describe, expect, it } from 'vitest';
import { defineScorer } from './define-scorer.js';

describe('defineScorer', () => {
  const score = (_output: string, sample: { id: string }) => ({ id: sample.id, value: 1, formatError: false });

  it('defaults the aggregate to the mean of values', () => {
    const scorer = defineScorer({ id: 'x', direction: 'higher', best: 1, score });
    expect(
      scorer.aggregate([
        { id: 'a', value: 1, formatError: false },
        { id: 'b', value: 0, formatError: true },
      ]),
    ).toBe(0.5);
    expect(scorer.aggregate([])).toBeNull();
    expect(scorer.unsupported).toBeUndefined();
  });

  it('keeps a given aggregate and unsupported reason', () => {
    const scorer = defineScorer({ id: 'x', direction: 'lower', best: 0, unsupported: 'no sandbox', score, aggregate: () => 42 });
    expect(scorer.aggregate([])).toBe(42);
    expect(scorer).toMatchObject({ id: 'x', direction: 'lower', best: 0, unsupported: 'no sandbox' });
  });
});
