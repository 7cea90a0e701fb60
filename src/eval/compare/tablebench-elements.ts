import { parseDecimal, percentOf, type Decimal } from './decimal.js';

/**
 * TableBench answers, split and normalised the way its official evaluation intends
 * (TableBench/TableBench, metrics/custom_em_metric.py and metrics/qa_metrics.py, read at commit
 * c073258): an answer is a comma-separated list; each reference element is compared with the
 * prediction element at the same position; a sample scores the fraction of elements that match.
 *
 * Where we deviate, and why:
 * - The official code first runs SQuAD's normalize_answer on both sides, which deletes ALL
 *   punctuation, so its list split, decimal and percent branches never fire ("10.60" becomes
 *   "1060" and no longer equals "10.6"; "-5" equals "5"). We keep commas, points, signs and
 *   percent signs for splitting and numbers, and apply the SQuAD normalisation to text elements
 *   only.
 * - Thousands separators inside a number ("1,062") are removed before splitting, so they are not
 *   read as list separators. A list of numbers must separate them with ", " or a non-grouping
 *   pattern ("1,2,3").
 * - Extra predicted elements count against the sample (the fraction is over the longer of the
 *   two lists); the official code ignores them, which rewards listing several guesses.
 * - Decimal precision is taken per reference element, not as the minimum over the reference's
 *   numbers, so one integer in a list does not round its neighbours to whole numbers.
 * - Against a percentage reference ("69.75%") a bare number may be the fraction (0.6975, the
 *   official intent) or the percentage points (69.75, which the official code in effect accepts).
 * - The answer is read after the LAST "Final Answer:", in any case (extract/final-answer.ts).
 *
 * Consequence: on TableBench's own o3-mini example outputs, fact checking and numerical
 * reasoning land within one sample of the official script, ROUGE-L subtypes within a point, but
 * the numeric data-analysis subtypes (±10%) score far higher than the official script, whose
 * punctuation stripping turns "0.90" into "090" and fails nearly every such answer.
 */
export function tablebenchElements(answer: string): string[] {
  const withoutGrouping = stripWrapping(answer).replace(/(?<![\d.])\d{1,3}(?:,\d{3})+(?!\d)/g, (number) => number.replace(/,/g, ''));
  return withoutGrouping.split(',').map((element) => stripWrapping(element));
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '`': '`', '“': '”', '‘': '’' };

/** Surrounding whitespace, matching quotes and a final sentence period. */
function stripWrapping(text: string): string {
  let rest = text.trim();
  for (let previous = ''; previous !== rest;) {
    previous = rest;
    const closing = QUOTE_PAIRS[rest[0] ?? ''];
    if (closing !== undefined && rest.length >= 2 && rest.endsWith(closing)) rest = rest.slice(1, -1).trim();
    rest = rest.replace(/\.$/, '').trim();
  }
  return rest;
}

/**
 * SQuAD-style text normalisation, as TableBench applies it: lower-case, drop punctuation and
 * the articles a/an/the, collapse whitespace. We drop unicode punctuation and symbols too, not
 * only ASCII ones, so curly quotes and dashes do not decide a match.
 */
export function normalizeTablebenchText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\b(?:a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '')
    .join(' ');
}

/** A numeric element: its value, and whether it was written as a percentage. */
export interface TablebenchNumber {
  value: Decimal;
  percent: boolean;
}

/** "25%" -> 0.25 (percent), "1062" -> 1062; null for non-numbers. */
export function tablebenchNumber(element: string): TablebenchNumber | null {
  const percent = /%\s*$/.test(element);
  const parsed = parseDecimal(percent ? element.replace(/%\s*$/, '') : element);
  if (parsed === null) return null;
  return { value: percent ? percentOf(parsed) : parsed, percent };
}

/**
 * The fraction of positions where `matches` holds, over the longer of the two lists. An empty
 * prediction scores 0.
 */
export function elementWiseScore(prediction: string, reference: string, matches: (predicted: string, gold: string) => boolean): number {
  const gold = tablebenchElements(reference);
  const predicted = tablebenchElements(prediction);
  if (predicted.length === 1 && predicted[0] === '') return 0;
  let matched = 0;
  gold.forEach((element, index) => {
    const candidate = predicted[index];
    if (candidate !== undefined && matches(candidate, element)) matched += 1;
  });
  return matched / Math.max(gold.length, predicted.length);
}
