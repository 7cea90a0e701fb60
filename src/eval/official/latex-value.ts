/**
 * The objects latex2sympy builds, by the distinctions math_verify's comparison makes, and the
 * arithmetic on them: exact for rationals, floats where a float takes part, nothing for irrationals.
 */
export class Unsupported extends Error {}
/** latex2sympy raises on this input: math_verify falls back to comparing text. */
export class ParseError extends Error {}

export interface Rational {
  n: bigint;
  d: bigint;
}

/** What latex2sympy returns, by the distinctions math_verify's comparison makes. */
export type LatexValue =
  | { kind: 'integer'; value: bigint }
  | { kind: 'rational'; value: Rational }
  | { kind: 'float'; value: number }
  | { kind: 'percent'; of: LatexValue }
  /** An unevaluated numeric expression: its exact value, a float when a float takes part, or null (irrational, undefined). */
  | { kind: 'expression'; exact: Rational | null; float: number | null; onlySymbols: false }
  | { kind: 'symbol'; name: string }
  /** Symbols, constants or functions of them; `onlySymbols` as is_expr_of_only_symbols says. */
  | { kind: 'symbolic'; onlySymbols: boolean }
  | { kind: 'set'; items: LatexValue[] }
  | { kind: 'interval' }
  | { kind: 'equation'; lhs: LatexValue; rhs: LatexValue };

const gcd = (left: bigint, right: bigint): bigint => (right === 0n ? (left < 0n ? -left : left) : gcd(right, left % right));
export function rational(n: bigint, d: bigint): Rational {
  if (d === 0n) throw new RangeError('division by zero');
  const sign = d < 0n ? -1n : 1n;
  const divisor = gcd(n, d) || 1n;
  return { n: (sign * n) / divisor, d: (sign * d) / divisor };
}
export const add = (a: Rational, b: Rational) => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const multiply = (a: Rational, b: Rational) => rational(a.n * b.n, a.d * b.d);
export const toFloat = (a: Rational) => Number(a.n) / Number(a.d);

/** The exact value of a numeric object, its float value, or nulls. */
export function numericValue(value: LatexValue): { exact: Rational | null; float: number | null } {
  switch (value.kind) {
    case 'integer':
      return { exact: { n: value.value, d: 1n }, float: Number(value.value) };
    case 'rational':
      return { exact: value.value, float: toFloat(value.value) };
    case 'float':
      return { exact: null, float: value.value };
    case 'percent': {
      const inner = numericValue(value.of);
      return { exact: inner.exact && multiply(inner.exact, rational(1n, 100n)), float: inner.float === null ? null : inner.float / 100 };
    }
    case 'expression':
      return { exact: value.exact, float: value.float };
    default:
      return { exact: null, float: null };
  }
}

export const isNumeric = (value: LatexValue) => ['integer', 'rational', 'float', 'percent', 'expression'].includes(value.kind);

/** An unevaluated expression from its operands' values and an operation on exact and float values. */
export function expression(
  operands: LatexValue[],
  exact: (values: Rational[]) => Rational | null,
  float: (values: number[]) => number,
  product = false,
): LatexValue {
  if (!operands.every(isNumeric)) {
    // A product with an exact zero is zero whatever else it holds (SymPy's doit()).
    if (product && operands.some((operand) => isNumeric(operand) && numericValue(operand).exact?.n === 0n)) {
      return { kind: 'expression', exact: { n: 0n, d: 1n }, float: 0, onlySymbols: false };
    }
    return { kind: 'symbolic', onlySymbols: operands.every(onlySymbols) };
  }
  const values = operands.map(numericValue);
  const anyFloat = operands.some(containsFloat);
  if (!anyFloat && values.every((entry) => entry.exact !== null)) {
    let result: Rational | null;
    try {
      result = exact(values.map((entry) => entry.exact!));
    } catch {
      result = null;
    }
    return { kind: 'expression', exact: result, float: result && toFloat(result), onlySymbols: false };
  }
  const floats = values.map((entry) => entry.float);
  return { kind: 'expression', exact: null, float: floats.every((entry) => entry !== null) ? float(floats as number[]) : null, onlySymbols: false };
}

export function containsFloat(value: LatexValue): boolean {
  if (value.kind === 'float') return true;
  if (value.kind === 'percent') return containsFloat(value.of);
  return value.kind === 'expression' && value.exact === null && value.float !== null;
}

/** is_expr_of_only_symbols: a symbol, or built only from symbols. */
export function onlySymbols(value: LatexValue): boolean {
  return value.kind === 'symbol' || (value.kind === 'symbolic' && value.onlySymbols);
}

export function negate(value: LatexValue): LatexValue {
  if (value.kind === 'integer') return { kind: 'integer', value: -value.value };
  if (value.kind === 'rational') return { kind: 'rational', value: { n: -value.value.n, d: value.value.d } };
  if (value.kind === 'float') return { kind: 'float', value: -value.value };
  return expression(
    [value],
    ([a]) => multiply(a!, { n: -1n, d: 1n }),
    ([a]) => -a!,
  );
}

/** a / b: two rational numbers are divided at once (as SymPy does), anything else stays an expression. */
export function divide(a: LatexValue, b: LatexValue): LatexValue {
  if ((a.kind === 'integer' || a.kind === 'rational') && (b.kind === 'integer' || b.kind === 'rational')) {
    const left = numericValue(a).exact!;
    const right = numericValue(b).exact!;
    if (right.n === 0n) return { kind: 'expression', exact: null, float: null, onlySymbols: false };
    return atomOf(multiply(left, rational(right.d, right.n)));
  }
  return expression(
    [a, b],
    ([x, y]) => multiply(x!, rational(y!.d, y!.n)),
    ([x, y]) => x! / y!,
  );
}

export function atomOf(value: Rational): LatexValue {
  return value.d === 1n ? { kind: 'integer', value: value.n } : { kind: 'rational', value };
}

/** convert_postfix_list: a right fold; an integer before a positive rational is a mixed number ("2 \frac{1}{2}", "5 8"). */
export function juxtapose(items: LatexValue[]): LatexValue {
  const [first, ...rest] = items;
  if (rest.length === 0) return first!;
  const right = juxtapose(rest);
  if (first!.kind === 'integer' && (right.kind === 'integer' || right.kind === 'rational')) {
    const value = numericValue(right).exact!;
    if (value.n > 0n) return atomOf(rational(first.value * value.d + (first.value < 0n ? -value.n : value.n), value.d));
  }
  return expression(
    [first!, right],
    ([a, b]) => multiply(a!, b!),
    ([a, b]) => a! * b!,
    true,
  );
}

export function power(base: LatexValue, exponent: LatexValue): LatexValue {
  return expression(
    [base, exponent],
    ([b, e]) => {
      if (e!.n > 4096n || e!.n < -4096n) throw new Unsupported('a huge power');
      if (e!.d === 1n) return exactPower(b!, e!.n);
      const rooted = exactRoot(b!, e!.d);
      if (rooted === null) throw new Unsupported('an irrational power');
      return exactPower(rooted, e!.n);
    },
    ([b, e]) => b! ** e!,
  );
}

export function exactPower(base: Rational, exponent: bigint): Rational {
  const magnitude = exponent < 0n ? -exponent : exponent;
  const raised = rational(base.n ** magnitude, base.d ** magnitude);
  return exponent < 0n ? rational(raised.d, raised.n) : raised;
}

export function root(radicand: LatexValue, degree: LatexValue): LatexValue {
  return expression(
    [radicand, degree],
    ([r, d]) => {
      if (d!.d !== 1n || d!.n < 1n) throw new Unsupported('a root of that degree');
      const rooted = exactRoot(r!, d!.n);
      if (rooted === null) throw new Unsupported('an irrational root');
      return rooted;
    },
    ([r, d]) => r! ** (1 / d!),
  );
}

export function exactRoot(value: Rational, degree: bigint): Rational | null {
  if (value.n < 0n) return null;
  const integerRoot = (n: bigint): bigint | null => {
    if (degree > 64n) return n === 0n || n === 1n ? n : null;
    const estimate = BigInt(Math.round(Number(n) ** (1 / Number(degree))));
    for (const candidate of [estimate - 1n, estimate, estimate + 1n]) if (candidate >= 0n && candidate ** degree === n) return candidate;
    return null;
  };
  const numerator = integerRoot(value.n);
  const denominator = integerRoot(value.d);
  return numerator === null || denominator === null ? null : { n: numerator, d: denominator };
}

export function factorial(value: LatexValue): LatexValue {
  return expression(
    [value],
    ([n]) => {
      if (n!.d !== 1n || n!.n < 0n || n!.n > 2000n) throw new Unsupported('that factorial');
      let product = 1n;
      for (let factor = 2n; factor <= n!.n; factor += 1n) product *= factor;
      return { n: product, d: 1n };
    },
    () => Number.NaN,
  );
}

export function binomial(n: LatexValue, k: LatexValue): LatexValue {
  if (n.kind !== 'integer' || k.kind !== 'integer') throw new Unsupported('a binomial of expressions');
  if (k.value < 0n || n.value < 0n || k.value > n.value) return { kind: 'integer', value: 0n };
  let result = 1n;
  for (let index = 0n; index < k.value; index += 1n) result = (result * (n.value - index)) / (index + 1n);
  return { kind: 'integer', value: result };
}
