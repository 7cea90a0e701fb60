import { z } from 'zod';
import type { Sample, SampleOutcome } from '../../core/index.js';
import { tablebenchExactMatch } from '../compare/index.js';
import { officialTablebenchAnswer, officialTablebenchScore, type TablebenchOfficialMetric } from '../official/index.js';
import type { ScorerEntry } from '../scorer.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import { defineScorer } from './define-scorer.js';
import { emptyOutcome, formatErrorOutcome, isBlankOutput, scoredOutcome, WRONG_ANSWER } from './outcome.js';
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
  scoring: ScoringParamSchema,
});

/**
 * Exact match of the answer, by default the "Final Answer:" (TableBench fact checking and
 * numerical reasoning). `official` with the TableBench normalisation is TableBench's own EM
 * (official/tablebench-official.ts: the first case-sensitive "Final Answer: ", punctuation
 * deleted, no partial credit); with `plain` there is no official code, and it scores as `corrected`.
 */
export const exactMatchScorer: ScorerEntry<typeof ExactMatchParamsSchema> = {
  id: 'exact-match',
  description: 'Exact match of the "Final Answer:" against the reference, TableBench-normalised by default.',
  direction: 'higher',
  params: ExactMatchParamsSchema,
  async create({ normalize, extract, scoring }) {
    return defineScorer({
      id: 'exact-match',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const reference = referenceText(sample, 'exact-match');
        if (scoring === 'official' && normalize === 'tablebench') return officialTablebenchOutcome('EM', output, sample, reference);
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

/**
 * A TableBench item scored by its own code. The value is the official one; an output without a
 * first "Final Answer: " (which the official code reads as the empty answer) is also flagged as a
 * format error, so feedback can tell it from a wrong answer.
 */
export function officialTablebenchOutcome(metric: TablebenchOfficialMetric, output: string, sample: Sample, reference: string): SampleOutcome {
  if (isBlankOutput(output)) return emptyOutcome(sample, 0);
  const answer = officialTablebenchAnswer(output);
  const value = officialTablebenchScore(metric, output, reference);
  if (answer === '') return formatErrorOutcome(sample, value, 'no "Final Answer: <answer>" line (official: the first "Final Answer: ", that case, one space)');
  return scoredOutcome(sample, { value, extracted: answer, detail: metric !== 'ROUGE-L' && value < 1 ? WRONG_ANSWER : undefined });
}
