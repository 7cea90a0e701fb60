import { longestCommonSubsequence } from '../compare/index.js';
import { pythonSplit, pythonStrip } from './python-text.js';
import { pythonDecimal, relativeErrorWithin } from './python-decimal.js';

/**
 * TableBench's own evaluation (github.com/TableBench/TableBench at 6c61a20, 2025-05-08:
 * parse_tablebench_instruction_response_script.py, metrics/qa_metrics.py,
 * metrics/custom_em_metric.py, eval_tablebench_script.py), per item, quirks included:
 *
 * - the answer is what follows the FIRST "Final Answer: " (that case, one space) up to the end
 *   of its line; no such marker is the empty answer;
 * - answer and reference are normalised as SQuAD does: lower case, every ASCII punctuation
 *   character deleted (signs, decimal points, commas and percent signs included), the words
 *   a/an/the removed, whitespace collapsed;
 * - EM: a reference of digits only is compared as an integer with the answer read as a Python
 *   Decimal; anything else must be equal as text. The comma split and the decimal and percent
 *   branches of custom_em_metric.py never fire, because normalisation has removed the commas,
 *   points and percent signs first;
 * - EM_with_error_10: the same reading, with a relative error of at most 10%;
 * - ROUGE-L: rouge_score's F-measure on the normalised texts, with its tokenizer (runs of
 *   [a-z0-9] only: any other letter is dropped).
 */
export type TablebenchOfficialMetric = 'EM' | 'EM_with_error_10' | 'ROUGE-L';

/** parse_dp_prediction: re.search(r"Final Answer: (.+)", prediction), '' when it does not match. */
export function officialTablebenchAnswer(output: string): string {
  // Python's "." stops at "\n" only (JavaScript's also at "\r", U+2028 and U+2029).
  return /Final Answer: ([^\n]+)/.exec(output)?.[1] ?? '';
}

const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/** Python's \w in a str pattern: letters, numbers and the underscore (not combining marks). */
const ARTICLE = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/** qa_metrics.normalize_answer: white_space_fix(remove_articles(remove_punc(lower(s)))). */
export function squadNormalize(text: string): string {
  const withoutArticles = text.toLowerCase().replace(ASCII_PUNCTUATION, '').replace(ARTICLE, ' ');
  return pythonSplit(withoutArticles).join(' ');
}

/** The per-item value of one of TableBench's metrics for an output (the whole model output) and its reference. */
export function officialTablebenchScore(metric: TablebenchOfficialMetric, output: string, reference: string): number {
  const predicted = squadNormalize(officialTablebenchAnswer(output));
  const gold = squadNormalize(reference);
  if (metric === 'ROUGE-L') return officialRougeL(predicted, gold);
  return metric === 'EM' ? officialEm(predicted, gold) : officialEmWithError(predicted, gold, 10);
}

/** custom_em_metric.is_number on a normalised reference: after normalisation, Unicode decimal digits only. */
function isNormalisedNumber(reference: string): boolean {
  return /^\p{Nd}+$/u.test(pythonStrip(reference));
}

/** compute_em for one item whose texts are already normalised (no commas are left to split on). */
export function officialEm(prediction: string, reference: string): number {
  const gold = pythonStrip(reference);
  const predicted = pythonStrip(prediction);
  if (!isNormalisedNumber(gold)) return gold === predicted ? 1 : 0;
  // round_decimal(normalize_number(x), 0): Decimal(x).quantize(1), which fails (scoring 0) past 28 digits or on infinity.
  const goldValue = pythonDecimal(gold);
  const predictedValue = pythonDecimal(predicted);
  if (goldValue === null || predictedValue === null || goldValue.kind !== 'finite' || predictedValue.kind !== 'finite') return 0;
  const goldInteger = goldValue.integer();
  const predictedInteger = predictedValue.integer();
  if (goldInteger === null || predictedInteger === null) return 0;
  return goldInteger === predictedInteger ? 1 : 0;
}

/** compute_em_with_tolerance for one normalised item: |gold - answer| / |gold| <= error_range / 100 (a float). */
export function officialEmWithError(prediction: string, reference: string, errorRange: number): number {
  const gold = pythonStrip(reference);
  const predicted = pythonStrip(prediction);
  if (!isNormalisedNumber(gold)) return gold === predicted ? 1 : 0;
  const goldValue = pythonDecimal(gold);
  const predictedValue = pythonDecimal(predicted);
  if (goldValue === null || predictedValue === null || goldValue.kind !== 'finite' || predictedValue.kind !== 'finite') return 0;
  return relativeErrorWithin(goldValue, predictedValue, errorRange / 100) ? 1 : 0;
}

/** rouge_score's tokenizer: lower case, runs of [a-z0-9]; everything else separates and is dropped. */
export function rougeScoreTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/)
    .filter((token) => /^[a-z0-9]+$/.test(token));
}

/** rouge_score's rougeL F-measure (target = reference), as evaluate's rouge reports it for one item. */
export function officialRougeL(prediction: string, reference: string): number {
  const predicted = rougeScoreTokens(prediction);
  const gold = rougeScoreTokens(reference);
  if (predicted.length === 0 || gold.length === 0) return 0;
  const common = longestCommonSubsequence(gold, predicted);
  const precision = common / predicted.length;
  const recall = common / gold.length;
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}
