import { z } from 'zod';
import { choiceLetter } from '../extract/index.js';
import type { ScorerEntry } from '../scorer.js';
import { defineScorer } from './define-scorer.js';
import { emptyOutcome, formatErrorOutcome, isBlankOutput, scoredOutcome, WRONG_ANSWER } from './outcome.js';
import { describeValue, invalidReference } from './reference-value.js';

const ChoiceLetterParamsSchema = z.strictObject({
  letters: z
    .array(z.string().regex(/^[A-Z]$/, 'each choice is one capital letter, e.g. "A"'))
    .min(2, 'list at least two choices, e.g. ["A", "B", "C", "D"]')
    .refine((letters) => new Set(letters).size === letters.length, 'list each choice once')
    .default(['A', 'B', 'C', 'D']),
});

/**
 * Multiple-choice accuracy (FinanceIQ). The answer letter is read from "B", "答案：B",
 * "The answer is (B)", "B. xxx" or "**B**"; an output naming several letters is a format error
 * (see extract/choice-letter.ts). The reference is the letter.
 */
export const choiceLetterScorer: ScorerEntry<typeof ChoiceLetterParamsSchema> = {
  id: 'choice-letter',
  description: 'Multiple-choice accuracy on the answer letter (FinanceIQ); several letters is a format error.',
  direction: 'higher',
  params: ChoiceLetterParamsSchema,
  async create({ letters }) {
    return defineScorer({
      id: 'choice-letter',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const reference = sample.reference;
        const gold = typeof reference === 'string' ? reference.trim().toUpperCase() : '';
        if (!letters.includes(gold)) throw invalidReference(sample, describeValue(reference), `one of the letters ${letters.join(', ')}`);
        if (isBlankOutput(output)) return emptyOutcome(sample, 0);
        const extraction = choiceLetter(output, letters);
        if (!extraction.ok) return formatErrorOutcome(sample, 0, extraction.reason);
        const correct = extraction.letter === gold;
        return scoredOutcome(sample, { value: correct ? 1 : 0, extracted: extraction.letter, detail: correct ? undefined : WRONG_ANSWER });
      },
    });
  },
};
