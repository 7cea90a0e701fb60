import { z } from 'zod';
import { tablebenchExactMatch } from '../compare/index.js';
import type { ScorerEntry } from '../scorer.js';
import { defineScorer } from './define-scorer.js';
import { scoredOutcome, WRONG_ANSWER } from './outcome.js';
import { AnswerExtractSchema, readAnswer } from './read-answer.js';
import { referenceText } from './reference-value.js';

const ExactMatchParamsSchema = z.strictObject({
  /**
   * tablebench: TableBench's normalisation (case, punctuation, articles, thousands separators,
   * number precision, percentages, element-wise lists with partial credit; see
   * compare/tablebench-elements.ts). plain: the trimmed answer equals the reference, whitespace
   * runs collapsed, case kept.
   */
  normalize: z.enum(['tablebench', 'plain']).default('tablebench'),
  extract: AnswerExtractSchema,
});

/** Exact match of the answer, by default the "Final Answer:" (TableBench fact checking and numerical reasoning). */
export const exactMatchScorer: ScorerEntry<typeof ExactMatchParamsSchema> = {
  id: 'exact-match',
  description: 'Exact match of the "Final Answer:" against the reference, TableBench-normalised by default.',
  direction: 'higher',
  params: ExactMatchParamsSchema,
  async create({ normalize, extract }) {
    return defineScorer({
      id: 'exact-match',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const reference = referenceText(sample, 'exact-match');
        const reading = readAnswer(output, sample, 0, extract);
        if (!reading.ok) return reading.outcome;
        const value = normalize === 'tablebench' ? tablebenchExactMatch(reading.answer, reference) : plainMatch(reading.answer, reference);
        return scoredOutcome(sample, { value, extracted: reading.answer, detail: value < 1 ? WRONG_ANSWER : undefined });
      },
    });
  },
};

function plainMatch(answer: string, reference: string): number {
  const collapse = (text: string): string => text.trim().replace(/\s+/g, ' ');
  return collapse(answer) === collapse(reference) ? 1 : 0;
}
