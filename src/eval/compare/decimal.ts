import { normalizeNumberText } from '../extract/index.js';

/**
 * An exact decimal: `units × 10^-scale`. TableBench compares numbers after rounding to the
 * reference's precision with ROUND_HALF_UP (Python's Decimal); binary floats would round 2.675
 * down, so the comparison works on integers scaled by a power of ten instead.
 */
export interface Decimal {
  units: bigint;
  /** Digits after the decimal point as written: "10.60" has scale 2. */
  scale: number;
}

/** The decimal a number text denotes ("1,062.50", "−5", "$3"), or null when it is not one. */
export function parseDecimal(text: string): Decimal | null {
  const normalized = normalizeNumberText(text);
  if (normalized === null) return null;
  const [integerPart, fraction = ''] = normalized.split('.');
  return { units: BigInt(`${integerPart}${fraction}`), scale: fraction.length };
}

/** The decimal rounded to `places` digits, ties away from zero (ROUND_HALF_UP). */
export function roundHalfUp(decimal: Decimal, places: number): Decimal {
  if (decimal.scale <= places) return { units: decimal.units * 10n ** BigInt(places - decimal.scale), scale: places };
  const divisor = 10n ** BigInt(decimal.scale - places);
  const negative = decimal.units < 0n;
  const magnitude = negative ? -decimal.units : decimal.units;
  let quotient = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
  return { units: negative ? -quotient : quotient, scale: places };
}

/** Divide by 100 exactly (for percentages). */
export function percentOf(decimal: Decimal): Decimal {
  return { units: decimal.units, scale: decimal.scale + 2 };
}

/** Numeric equality, whatever the scales ("10.60" equals "10.6"). */
export function decimalsEqual(left: Decimal, right: Decimal): boolean {
  const scale = Math.max(left.scale, right.scale);
  return roundHalfUp(left, scale).units === roundHalfUp(right, scale).units;
}

export function decimalToNumber(decimal: Decimal): number {
  return Number(decimal.units) / 10 ** decimal.scale;
}
