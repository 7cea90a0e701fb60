import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { rougeLScorer } from './rouge-l.js';

function sample(reference: Sample['reference']): Sample {
  return { id: 'desc-1', prompt: 'p', reference, target: 'Final Answer: the cat is on the mat', meta: {} };
}

const finalAnswer = await rougeLScorer.create(rougeLScorer.params.parse({}));
const wholeOutput = await rougeLScorer.create({ extract: 'whole-output' });

describe('rouge-l', () => {
  it('defaults to the Final Answer', () => {
    expect(rougeLScorer.params.parse({})).toEqual({ extract: 'final-answer' });
  });

  it('scores a hand-checked value on the Final Answer', () => {
    // the cat sat on the mat / the cat is on the mat: LCS 5 of 6 and 6 -> F = 5/6.
    const outcome = finalAnswer.score('Reasoning.\nFinal Answer: The cat sat on the mat.', sample('the cat is on the mat'));
    expect(outcome.value).toBeCloseTo(5 / 6, 12);
    expect(outcome).toMatchObject({ formatError: false, extracted: 'The cat sat on the mat.' });
  });

  it('scores the whole output when asked', () => {
    // sales rose in 2020 (4) / sales rose (2): LCS 2, P = 1/2, R = 1 -> F = 2/3.
    expect(wholeOutput.score('Sales rose in 2020', sample('sales rose')).value).toBeCloseTo(2 / 3, 12);
  });

  it('treats a missing Final Answer as a format error and marks empty output', () => {
    expect(finalAnswer.score('the cat is on the mat', sample('the cat is on the mat'))).toMatchObject({ value: 0, formatError: true });
    expect(finalAnswer.score('', sample('x'))).toMatchObject({ value: 0, formatError: true, detail: 'empty' });
    expect(wholeOutput.score(' ', sample('x'))).toMatchObject({ value: 0, formatError: true, detail: 'empty' });
  });
});
