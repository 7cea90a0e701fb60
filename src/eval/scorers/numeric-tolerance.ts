import { z } from 'zod';
import { tablebenchToleranceMatch } from '../compare/index.js';
import type { ScorerEntry } from '../scorer.js';
import { defineScorer } from './define-scorer.js';
import { scoredOutcome, WRONG_ANSWER } from './outcome.js';
import { AnswerExtractSchema, readAnswer } from './read-answer.js';
import { referenceText } from './reference-value.js';

const NumericToleranceParamsSchema = z.strictObject({
  /** Relative tolerance: 0.1 accepts answers within ±10% of the reference (TableBench's EM_with_error_10). */
  relative: z
    .number()
    .positive('the tolerance is a positive fraction, e.g. 0.1 for ±10%')
    .max(1, 'give the tolerance as a fraction, e.g. 0.1 for ±10%')
    .default(0.1),
  extract: AnswerExtractSchema,
});

/**
 * Accuracy of the "Final Answer:" with a relative numeric tolerance (TableBench's numeric
 * data-analysis subtypes). A list compares element-wise; non-numeric elements need an exact
 * normalised match (see compare/tablebench-tolerance.ts).
 */
export const numericToleranceScorer: ScorerEntry<typeof NumericToleranceParamsSchema> = {
  id: 'numeric-tolerance',
  description: 'Accuracy of the "Final Answer:" within a relative numeric tolerance (default ±10%, TableBench).',
  direction: 'higher',
  params: NumericToleranceParamsSchema,
  async create({ relative, extract }) {
    return defineScorer({
      id: 'numeric-tolerance',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const reference = referenceText(sample, 'numeric-tolerance');
        const reading = readAnswer(output, sample, 0, extract);
        if (!reading.ok) return reading.outcome;
        const value = tablebenchToleranceMatch(reading.answer, reference, relative);
        return scoredOutcome(sample, { value, extracted: reading.answer, detail: value < 1 ? WRONG_ANSWER : undefined });
      },
    });
  },
};
