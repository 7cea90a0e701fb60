import { decimalToNumber } from './decimal.js';
import { elementWiseScore, normalizeTablebenchText, tablebenchNumber } from './tablebench-elements.js';

/** Float slack so that 110 against 100 at 10% counts as inside the band, as written. */
const EPSILON = 1e-9;

/**
 * TableBench's "EM with error" of one answer, in [0, 1]: a numeric reference element matches a
 * predicted number within `relative` of it (|gold - predicted| / |gold| <= relative; a gold 0
 * needs exactly 0). Non-numeric elements need an exact normalised match, as in the official
 * compute_em_with_tolerance. Percentages compare as fractions ("25%" is 0.25); a bare number
 * against a percentage reference may be either the fraction or the percentage points, so both
 * "0.25" and "25" match "25%" (the official code in effect accepts "25", since it strips "%").
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
  const within = (value: number): boolean => (goldValue === 0 ? value === 0 : Math.abs(goldValue - value) / Math.abs(goldValue) <= relative + EPSILON);
  // A bare number against a percentage may be the fraction (0.25) or the percentage points (25).
  if (goldNumber.percent && !predictedNumber.percent) return within(predictedValue) || within(predictedValue / 100);
  return within(predictedValue);
}
