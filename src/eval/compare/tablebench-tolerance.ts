import { decimalToNumber } from './decimal.js';
import { elementWiseScore, normalizeTablebenchText, tablebenchNumber } from './tablebench-elements.js';

/** Float slack so that 110 against 100 at 10% counts as inside the band, as written. */
const EPSILON = 1e-9;

/**
 * TableBench's "EM with error" of one answer, in [0, 1]: a numeric reference element matches a
 * predicted number within `relative` of it (|gold - predicted| / |gold| <= relative; a gold 0
 * needs exactly 0). Non-numeric elements need an exact normalised match, as in the official
 * compute_em_with_tolerance. Percentages compare as fractions ("25%" is 0.25), so "25" does not
 * match "25%".
 */
export function tablebenchToleranceMatch(prediction: string, reference: string, relative: number): number {
  return elementWiseScore(prediction, reference, (predicted, gold) => elementsWithinTolerance(predicted, gold, relative));
}

function elementsWithinTolerance(predicted: string, gold: string, relative: number): boolean {
  const goldNumber = tablebenchNumber(gold);
  if (goldNumber === null) return normalizeTablebenchText(predicted) === normalizeTablebenchText(gold);
  const predictedNumber = tablebenchNumber(predicted);
  if (predictedNumber === null) return false;
  const goldValue = decimalToNumber(goldNumber.value);
  const predictedValue = decimalToNumber(predictedNumber.value);
  if (goldValue === 0) return predictedValue === 0;
  return Math.abs(goldValue - predictedValue) / Math.abs(goldValue) <= relative + EPSILON;
}
