import { decimalsEqual, percentOf, roundHalfUp } from './decimal.js';
import { elementWiseScore, normalizeTablebenchText, tablebenchNumber } from './tablebench-elements.js';

/**
 * TableBench exact match of one answer, in [0, 1] (the fraction of list elements that match;
 * see tablebench-elements.ts for the rules and our deviations from the official code).
 *
 * A numeric reference element matches when the prediction, rounded half-up to the reference's
 * written precision, equals it ("10.6" is matched by "10.60" and by "10.62"). A percentage
 * reference ("25%") is matched by "25%", by the fraction "0.25" (the official code's intent) and
 * by the bare "25" (what the official code in effect accepts, since it strips the "%").
 * Any other element matches when the normalised texts are equal.
 */
export function tablebenchExactMatch(prediction: string, reference: string): number {
  return elementWiseScore(prediction, reference, elementsMatchExactly);
}

function elementsMatchExactly(predicted: string, gold: string): boolean {
  const goldNumber = tablebenchNumber(gold);
  if (goldNumber === null) return normalizeTablebenchText(predicted) === normalizeTablebenchText(gold);
  const predictedNumber = tablebenchNumber(predicted);
  if (predictedNumber === null) return false;
  if (goldNumber.percent) {
    // The official code quantises percentages to four places (a fraction to 0.01%).
    const gold = roundHalfUp(goldNumber.value, 4);
    if (predictedNumber.percent) return decimalsEqual(gold, roundHalfUp(predictedNumber.value, 4));
    return decimalsEqual(gold, predictedNumber.value) || decimalsEqual(gold, roundHalfUp(percentOf(predictedNumber.value), 4));
  }
  const places = goldNumber.value.scale;
  return decimalsEqual(roundHalfUp(goldNumber.value, places), roundHalfUp(predictedNumber.value, places));
}
