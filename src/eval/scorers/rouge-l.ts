import { z } from 'zod';
import { rougeL } from '../compare/index.js';
import type { ScorerEntry } from '../scorer.js';
import { defineScorer } from './define-scorer.js';
import { scoredOutcome } from './outcome.js';
import { AnswerExtractSchema, readAnswer } from './read-answer.js';
import { referenceText } from './reference-value.js';

const RougeLParamsSchema = z.strictObject({
  extract: AnswerExtractSchema,
});

/**
 * ROUGE-L F-measure (longest common subsequence of lower-cased word tokens) between the answer
 * and the reference, averaged over samples. See compare/rouge-l.ts for the tokenisation.
 */
export const rougeLScorer: ScorerEntry<typeof RougeLParamsSchema> = {
  id: 'rouge-l',
  description: 'Mean ROUGE-L F-measure between the answer ("Final Answer:" by default) and the reference.',
  direction: 'higher',
  params: RougeLParamsSchema,
  async create({ extract }) {
    return defineScorer({
      id: 'rouge-l',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const reference = referenceText(sample, 'rouge-l');
        const reading = readAnswer(output, sample, 0, extract);
        if (!reading.ok) return reading.outcome;
        return scoredOutcome(sample, { value: rougeL(reading.answer, reference), extracted: reading.answer });
      },
    });
  },
};
