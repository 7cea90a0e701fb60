import { pythonStrip } from './python-text.js';

/**
 * Python's decimal.Decimal as TableBench's metric code uses it: the constructor's string syntax
 * (any Unicode decimal digit, underscores ignored, "inf", "nan" in any case), quantize to whole
 * numbers, and the relative error of EM_with_error_10 computed in the default context (28
 * significant digits, half-even) and compared with a float.
 */
export type PythonDecimal =
  | { kind: 'finite'; negative: boolean; coefficient: bigint; exponent: number; integer(): string | null }
  | { kind: 'infinity' | 'nan' | 'snan'; negative: boolean };

const PRECISION = 28;

/** Decimal(text), or null where Python raises InvalidOperation. */
export function pythonDecimal(text: string): PythonDecimal | null {
  const ascii = Array.from(pythonStrip(text).replace(/_/g, ''))
    .map((character) => (/^\p{Nd}$/u.test(character) ? String(digitValue(character)) : character))
    .join('');
  const match = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/.exec(ascii);
  if (match) {
    const whole = match[2] ?? '';
    const fraction = match[3] ?? match[4] ?? '';
    const coefficient = BigInt(`${whole}${fraction}` || '0');
    const exponentText = match[5];
    // Exponents beyond what a number can hold only ever fail later (quantize, arithmetic): keep them as ±Infinity.
    const exponent = (exponentText === undefined ? 0 : Number(exponentText)) - fraction.length;
    const negative = match[1] === '-';
    return { kind: 'finite', negative, coefficient, exponent, integer: () => quantizeToInteger(negative, coefficient, exponent) };
  }
  const special = /^([+-]?)(?:(inf|infinity)|(nan)\d*|(snan)\d*)$/i.exec(ascii);
  if (!special) return null;
  return { kind: special[2] ? 'infinity' : special[3] ? 'nan' : 'snan', negative: special[1] === '-' };
}

/** str(d.quantize(Decimal('1.'), rounding=ROUND_HALF_UP)), or null where it raises (over 28 digits). */
function quantizeToInteger(negative: boolean, coefficient: bigint, exponent: number): string | null {
  let magnitude: bigint;
  if (exponent >= 0) {
    if (coefficient === 0n) magnitude = 0n;
    else if (exponent > PRECISION) return null;
    else magnitude = coefficient * 10n ** BigInt(exponent);
  } else if (-exponent > coefficient.toString().length + 1) {
    magnitude = 0n;
  } else {
    const scale = 10n ** BigInt(-exponent);
    magnitude = coefficient / scale + ((coefficient % scale) * 2n >= scale ? 1n : 0n);
  }
  if (magnitude.toString().length > PRECISION) return null;
  return `${negative ? '-' : ''}${magnitude}`;
}

/** The value of a Unicode decimal digit: its distance from the start of its run of ten. */
function digitValue(character: string): number {
  let codePoint = character.codePointAt(0)!;
  let steps = 0;
  while (/^\p{Nd}$/u.test(String.fromCodePoint(codePoint - 1))) {
    codePoint -= 1;
    steps += 1;
  }
  return steps % 10;
}

/**
 * abs(gold - predicted) / abs(gold) <= limit, as compute_em_with_tolerance computes it: Decimal
 * arithmetic rounded to 28 digits, compared with the float `limit` exactly. The gold is finite
 * and not zero (the caller compares zero by equality).
 */
export function relativeErrorWithin(gold: PythonDecimal & { kind: 'finite' }, predicted: PythonDecimal & { kind: 'finite' }, limit: number): boolean {
  if (gold.coefficient === 0n) return predicted.coefficient === 0n;
  // Far apart in magnitude: the error is far above any limit below 1 (and Python overflows there).
  const magnitude = (value: { coefficient: bigint; exponent: number }) => value.coefficient.toString().length + value.exponent;
  if (predicted.coefficient !== 0n && Math.abs(magnitude(predicted) - magnitude(gold)) > 2) return false;
  const exponent = Math.min(gold.exponent, predicted.coefficient === 0n ? gold.exponent : predicted.exponent);
  const scaled = (value: { negative: boolean; coefficient: bigint; exponent: number }) =>
    (value.negative ? -1n : 1n) * value.coefficient * 10n ** BigInt(value.exponent - exponent);
  const difference = roundSignificant(abs(scaled(gold) - (predicted.coefficient === 0n ? 0n : scaled(predicted))));
  const quotient = divideSignificant(difference.coefficient, difference.exponent + exponent, gold.coefficient, gold.exponent);
  return atMostFloat(quotient.coefficient, quotient.exponent, limit);
}

const abs = (value: bigint): bigint => (value < 0n ? -value : value);

/** A non-negative integer rounded half-even to 28 significant digits, as coefficient × 10^exponent. */
function roundSignificant(value: bigint): { coefficient: bigint; exponent: number } {
  const extra = value.toString().length - PRECISION;
  if (extra <= 0) return { coefficient: value, exponent: 0 };
  const scale = 10n ** BigInt(extra);
  return { coefficient: roundHalfEven(value / scale, value % scale, scale), exponent: extra };
}

function roundHalfEven(quotient: bigint, remainder: bigint, divisor: bigint): bigint {
  const twice = remainder * 2n;
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/** (a × 10^ea) / (b × 10^eb) rounded half-even to 28 significant digits. */
function divideSignificant(a: bigint, ea: number, b: bigint, eb: number): { coefficient: bigint; exponent: number } {
  if (a === 0n) return { coefficient: 0n, exponent: 0 };
  let shift = PRECISION - (a.toString().length - b.toString().length);
  for (;;) {
    const numerator = shift >= 0 ? a * 10n ** BigInt(shift) : a;
    const denominator = shift >= 0 ? b : b * 10n ** BigInt(-shift);
    const quotient = numerator / denominator;
    const digits = quotient.toString().length;
    if (digits > PRECISION) shift -= 1;
    else if (digits < PRECISION && numerator % denominator !== 0n) shift += 1;
    else return { coefficient: roundHalfEven(quotient, numerator % denominator, denominator), exponent: ea - eb - shift };
  }
}

/** coefficient × 10^exponent <= the exact value of a non-negative float. */
function atMostFloat(coefficient: bigint, exponent: number, limit: number): boolean {
  const { mantissa, power } = floatParts(limit);
  // coefficient × 10^exponent <= mantissa × 2^power, cross-multiplied into integers.
  let left = coefficient;
  let right = mantissa;
  if (exponent >= 0) left *= 10n ** BigInt(exponent);
  else right *= 10n ** BigInt(-exponent);
  if (power >= 0) right *= 2n ** BigInt(power);
  else left *= 2n ** BigInt(-power);
  return left <= right;
}

/** A finite non-negative float as mantissa × 2^power, exactly. */
function floatParts(value: number): { mantissa: bigint; power: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { mantissa: fraction, power: -1074 } : { mantissa: fraction | (1n << 52n), power: biased - 1075 };
}
