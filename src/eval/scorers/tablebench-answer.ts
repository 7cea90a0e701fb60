import { z } from 'zod';
import { FtdojoError, type Sample } from '../../core/index.js';
import { normalizeTablebenchText, rougeLTokens, rougeTokens, tablebenchExactMatch, tablebenchToleranceMatch } from '../compare/index.js';
import type { TablebenchOfficialMetric } from '../official/index.js';
import type { ScorerEntry } from '../scorer.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import { defineScorer } from './define-scorer.js';
import { officialTablebenchOutcome } from './exact-match.js';
import { scoredOutcome, WRONG_ANSWER } from './outcome.js';
import { readAnswer } from './read-answer.js';
import { referenceText } from './reference-value.js';

const TablebenchAnswerParamsSchema = z.strictObject({ scoring: ScoringParamSchema });

export type TablebenchComparison = 'numeric-tolerance' | 'exact-match' | 'rouge-l';

/**
 * The comparison TableBench's official evaluation uses for each DataAnalysis subtype
 * (TableBench/TableBench, eval_tablebench_script.py, eval_by_type, read at commit c073258):
 * CorrelationAnalysis, TrendForecasting and StatisticalAnalysis use EM_with_error_10 (±10%);
 * ImpactAnalysis uses EM; every other subtype uses ROUGE-L. The "others" in the TableBench test
 * set are DescriptiveAnalysis, AnomalyDetection and CausalAnalysis; an unknown subtype falls to
 * ROUGE-L as it does there.
 */
export function tablebenchComparison(subtype: string): TablebenchComparison {
  if (subtype === 'CorrelationAnalysis' || subtype === 'TrendForecasting' || subtype === 'StatisticalAnalysis') return 'numeric-tolerance';
  if (subtype === 'ImpactAnalysis') return 'exact-match';
  return 'rouge-l';
}

const OFFICIAL_METRIC: Record<TablebenchComparison, TablebenchOfficialMetric> = {
  'numeric-tolerance': 'EM_with_error_10',
  'exact-match': 'EM',
  'rouge-l': 'ROUGE-L',
};

/** TableBench's EM_with_error_10. */
const RELATIVE_TOLERANCE = 0.1;

/**
 * TableBench data-analysis score: each sample is compared by its subtype's rule (above), in
 * [0, 1], and the mean over samples is the official "Mix_Metric" (a count-weighted mean of the
 * per-subtype scores). ROUGE-L here first applies TableBench's SQuAD normalisation (punctuation
 * and articles removed) as the official code does; the plain `rouge-l` scorer does not.
 * The subtype is read from `sample.meta.qsubtype`, else from `sample.subtask`. `official`: each
 * subtype's metric exactly as TableBench's code computes it (official/tablebench-official.ts):
 * EM_with_error_10 and EM on integers left after all punctuation is deleted, ROUGE-L with
 * rouge_score's ASCII tokenizer.
 */
export const tablebenchAnswerScorer: ScorerEntry<typeof TablebenchAnswerParamsSchema> = {
  id: 'tablebench-answer',
  description: "TableBench data analysis: ±10% numeric, exact match or ROUGE-L by the sample's subtype, as the official evaluation.",
  direction: 'higher',
  params: TablebenchAnswerParamsSchema,
  async create({ scoring }) {
    return defineScorer({
      id: 'tablebench-answer',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const comparison = tablebenchComparison(subtypeOf(sample));
        const reference = referenceText(sample, 'tablebench-answer');
        if (scoring === 'official') return { ...officialTablebenchOutcome(OFFICIAL_METRIC[comparison], output, sample, reference), facts: { comparison } };
        const reading = readAnswer(output, sample, 0);
        if (!reading.ok) return { ...reading.outcome, facts: { comparison } };
        const value = compare(comparison, reading.answer, reference);
        const detail = comparison !== 'rouge-l' && value < 1 ? WRONG_ANSWER : undefined;
        return scoredOutcome(sample, { value, extracted: reading.answer, detail, facts: { comparison } });
      },
    });
  },
};

function compare(comparison: TablebenchComparison, answer: string, reference: string): number {
  if (comparison === 'numeric-tolerance') return tablebenchToleranceMatch(answer, reference, RELATIVE_TOLERANCE);
  if (comparison === 'exact-match') return tablebenchExactMatch(answer, reference);
  return rougeLTokens(rougeTokens(normalizeTablebenchText(answer)), rougeTokens(normalizeTablebenchText(reference)));
}

function subtypeOf(sample: Sample): string {
  const subtype = sample.meta['qsubtype'] ?? sample.subtask;
  if (typeof subtype === 'string' && subtype !== '') return subtype;
  throw new FtdojoError('INVALID_INPUT', `sample ${JSON.stringify(sample.id)} has no TableBench subtype`, {
    hint: 'Set meta.qsubtype (e.g. "TrendForecasting") or subtask on every TableBench data-analysis sample; the scorer picks its comparison by it.',
  });
}
