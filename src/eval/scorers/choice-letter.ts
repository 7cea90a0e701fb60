import { z } from 'zod';
import { choiceLetter } from '../extract/index.js';
import { extractNonReasoningContent, officialFinanceIqLetter } from '../official/index.js';
import type { ScorerEntry } from '../scorer.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import { defineScorer } from './define-scorer.js';
import { emptyOutcome, formatErrorOutcome, isBlankOutput, scoredOutcome, WRONG_ANSWER } from './outcome.js';
import { describeValue, invalidReference } from './reference-value.js';

const ChoiceLetterParamsSchema = z.strictObject({
  letters: z
    .array(z.string().regex(/^[A-Z]$/, 'each choice is one capital letter, e.g. "A"'))
    .min(2, 'list at least two choices, e.g. ["A", "B", "C", "D"]')
    .refine((letters) => new Set(letters).size === letters.length, 'list each choice once')
    .default(['A', 'B', 'C', 'D']),
  /**
   * The benchmark code `official` mode reproduces. 'opencompass-last-capital': FT-Dojo's
   * OpenCompass fork (FinanceIQ): the last capital letter after <think> blocks. Absent: no
   * official code differs from ours, and `official` scores as `corrected`.
   */
  official: z.enum(['opencompass-last-capital']).optional(),
  scoring: ScoringParamSchema,
});

/**
 * Multiple-choice accuracy (FinanceIQ). `corrected`: the answer letter is read from "B",
 * "答案：B", "The answer is (B)", "B. xxx" or "**B**"; an output naming several letters is a
 * format error (see extract/choice-letter.ts). `official` with official 'opencompass-last-capital':
 * the last capital letter of the output after its <think> blocks, as FT-Dojo's OpenCompass fork
 * reads FinanceIQ (official/opencompass-financeiq.ts), compared with the reference string. The
 * reference is the letter.
 */
export const choiceLetterScorer: ScorerEntry<typeof ChoiceLetterParamsSchema> = {
  id: 'choice-letter',
  description: 'Multiple-choice accuracy on the answer letter (FinanceIQ); several letters is a format error.',
  direction: 'higher',
  params: ChoiceLetterParamsSchema,
  async create({ letters, official, scoring }) {
    return defineScorer({
      id: 'choice-letter',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const reference = sample.reference;
        const gold = typeof reference === 'string' ? reference.trim().toUpperCase() : '';
        if (!letters.includes(gold)) throw invalidReference(sample, describeValue(reference), `one of the letters ${letters.join(', ')}`);
        if (isBlankOutput(output)) return emptyOutcome(sample, 0);
        if (scoring === 'official' && official === 'opencompass-last-capital') {
          const letter = officialFinanceIqLetter(output);
          if (letter === '') return formatErrorOutcome(sample, 0, 'no capital letter in the output (official: the last capital letter is the answer)');
          const correct = letter === reference;
          return scoredOutcome(sample, { value: correct ? 1 : 0, extracted: letter, detail: correct ? undefined : WRONG_ANSWER });
        }
        // Reasoning in <think> blocks is not the answer (the fork drops it too).
        const extraction = choiceLetter(extractNonReasoningContent(output), letters);
        if (!extraction.ok) return formatErrorOutcome(sample, 0, extraction.reason);
        const correct = extraction.letter === gold;
        return scoredOutcome(sample, { value: correct ? 1 : 0, extracted: extraction.letter, detail: correct ? undefined : WRONG_ANSWER });
      },
    });
  },
};
