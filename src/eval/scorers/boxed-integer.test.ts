import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { boxedIntegerScorer } from './boxed-integer.js';

function sample(reference: Sample['reference']): Sample {
  return { id: 'aime-1', prompt: 'p', reference, target: '\\boxed{25}', meta: {} };
}

const scorer = await boxedIntegerScorer.create(boxedIntegerScorer.params.parse({}));

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

describe("boxed-integer, official: math_verify, the rule stage of the fork's AIME cascade", () => {
  const both = async (output: string) => {
    const official = await boxedIntegerScorer.create(boxedIntegerScorer.params.parse({ scoring: 'official' }));
    return [official.score(output, sample(70)).value, scorer.score(output, sample(70)).value];
  };
  it('reads boxes close together as a list, and the box from the first \\boxed on', async () => {
    expect(await both('First guess \\boxed{71}, but checking again gives \\boxed{70}.')).toEqual([0, 1]);
    expect(await both('\\boxed{70}')).toEqual([1, 1]);
  });
  it('evaluates what the box holds, quirks included', async () => {
    for (const output of ['\\boxed{\\frac{140}{2}}', '\\boxed{69 + 1}', '\\boxed{n = 70}', '\\boxed{70\\%}', '\\boxed{69 1}'])
      expect(await both(output), output).toEqual([1, 0]);
  });
  it('reads $…$ after "answer", but not \\fbox', async () => {
    expect(await both('The answer is $70$.')).toEqual([1, 0]);
    expect(await both('\\fbox{70}')).toEqual([0, 1]);
  });
});
