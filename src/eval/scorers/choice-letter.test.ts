import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { choiceLetterScorer } from './choice-letter.js';

function sample(reference: Sample['reference']): Sample {
  return { id: 'fiq-1', subtask: '经济师', prompt: 'p', reference, target: 'B', meta: {} };
}

const scorer = await choiceLetterScorer.create(choiceLetterScorer.params.parse({}));

describe('choice-letter', () => {
  it('defaults to the letters A-D', () => {
    expect(choiceLetterScorer.params.parse({})).toEqual({ letters: ['A', 'B', 'C', 'D'], scoring: 'corrected' });
  });

  it('scores the accepted answer shapes', () => {
    for (const output of ['B', '答案：B', 'The answer is (B).', 'B. 增值税', '**B**']) {
      expect(scorer.score(output, sample('B')), output).toMatchObject({ value: 1, formatError: false, extracted: 'B' });
    }
  });

  it('scores a wrong letter as a wrong answer', () => {
    expect(scorer.score('答案：C', sample('B'))).toMatchObject({ value: 0, formatError: false, detail: 'wrong-answer' });
  });

  it('treats several letters as a format error', () => {
    const outcome = scorer.score('答案：B和C', sample('B'));
    expect(outcome).toMatchObject({ value: 0, formatError: true });
    expect(outcome.detail).toMatch(/several letters/);
  });

  it('treats a letter outside the choices as a format error', () => {
    expect(scorer.score('答案：E', sample('B'))).toMatchObject({ value: 0, formatError: true });
  });

  it('marks an empty output', () => {
    expect(scorer.score('\t', sample('B'))).toMatchObject({ value: 0, formatError: true, detail: 'empty', subtask: '经济师' });
  });

  it('accepts a lower-case reference and throws on one outside the letters', () => {
    expect(scorer.score('B', sample('b')).value).toBe(1);
    expect(() => scorer.score('B', sample('E'))).toThrow(/reference/);
  });

  it('validates its params', () => {
    expect(choiceLetterScorer.params.safeParse({ letters: ['A'] }).success).toBe(false);
    expect(choiceLetterScorer.params.safeParse({ letters: ['A', 'a'] }).success).toBe(false);
    expect(choiceLetterScorer.params.safeParse({ letters: ['A', 'A'] }).success).toBe(false);
    expect(choiceLetterScorer.params.safeParse({ letter: ['A', 'B'] }).success).toBe(false);
  });
});

const official = await choiceLetterScorer.create(choiceLetterScorer.params.parse({ official: 'opencompass-last-capital', scoring: 'official' }));

describe("choice-letter, official: FT-Dojo's OpenCompass fork on FinanceIQ", () => {
  const both = (output: string) => [official.score(output, sample('B')).value, scorer.score(output, sample('B')).value];
  it('reads the last capital letter of the output, after its <think> blocks', () => {
    expect(both('答案是B，因为选项A错误。')).toEqual([0, 1]);
    expect(both('答案：B（按CPI口径）')).toEqual([0, 1]);
    expect(both('b')).toEqual([0, 1]);
    expect(both('<think>也许是A</think>B')).toEqual([1, 1]);
    expect(both('AB')).toEqual([1, 0]);
  });
  it('scores as corrected without an official reading to reproduce (another benchmark)', async () => {
    const other = await choiceLetterScorer.create(choiceLetterScorer.params.parse({ scoring: 'official' }));
    expect(other.score('答案是B，因为选项A错误。', sample('B')).value).toBe(1);
  });
});
