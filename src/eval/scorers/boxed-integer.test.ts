import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { boxedIntegerScorer } from './boxed-integer.js';

function sample(reference: Sample['reference']): Sample {
  return { id: 'aime-1', prompt: 'p', reference, target: '\\boxed{25}', meta: {} };
}

const scorer = await boxedIntegerScorer.create({});

describe('boxed-integer', () => {
  it('accepts the same integer written differently', () => {
    for (const output of ['\\boxed{25}', 'so $\\boxed{025}$', '\\boxed{25.0}', '\\boxed{\\$25}', '\\boxed{12} no wait \\boxed{25}']) {
      expect(scorer.score(output, sample(25)).value, output).toBe(1);
    }
  });

  it('accepts a numeric string reference with leading zeros', () => {
    expect(scorer.score('\\boxed{25}', sample('025')).value).toBe(1);
  });

  it('reads a unicode minus', () => {
    expect(scorer.score('\\boxed{\u22125}', sample(-5)).value).toBe(1);
  });

  it('marks a wrong integer as a wrong answer, not a format error', () => {
    expect(scorer.score('\\boxed{24}', sample(25))).toEqual({
      id: 'aime-1',
      subtask: undefined,
      value: 0,
      formatError: false,
      extracted: 24,
      detail: 'wrong-answer',
    });
  });

  it('marks a non-integer box as a format error', () => {
    const outcome = scorer.score('\\boxed{25.5}', sample(25));
    expect(outcome).toMatchObject({ value: 0, formatError: true, extracted: '25.5' });
  });

  it('marks a missing or cut-off box as a format error', () => {
    expect(scorer.score('The answer is 25.', sample(25))).toMatchObject({ value: 0, formatError: true });
    expect(scorer.score('\\boxed{25', sample(25))).toMatchObject({ value: 0, formatError: true });
  });

  it('marks an empty output', () => {
    expect(scorer.score('  \n', sample(25))).toMatchObject({ value: 0, formatError: true, detail: 'empty' });
  });

  it('throws on a reference that is not an integer (a data bug)', () => {
    expect(() => scorer.score('\\boxed{1}', sample('one'))).toThrow(/reference/);
  });

  it('aggregates to accuracy', () => {
    const outcomes = [scorer.score('\\boxed{25}', sample(25)), scorer.score('\\boxed{1}', sample(25))];
    expect(scorer.aggregate(outcomes)).toBe(0.5);
    expect(scorer.aggregate([])).toBeNull();
  });
});
