/**
 * Reading a number the way a model writes it: "1,062", "−5" (unicode minus), "$25", "\$25",
 * "25.", "\text{25}". Anything else (units, words, fractions, exponents) is not a number here:
 * scorers count it as a format error rather than guess.
 */

/** Wrappers a model puts around a number in LaTeX or prose that carry no meaning. */
const LATEX_WRAPPER = /^\\(?:text|textbf|mathrm|mathbf)\{(.*)\}$/s;
/** Minus signs other than ASCII '-' that models emit (unicode minus, en dash, fullwidth). */
const MINUS_SIGNS = /^[\u2212\u2013\uFE63\uFF0D]/;
/** Digits grouped by thousands separators (comma, LaTeX "{,}" or "\,", a space, a thin space). */
const GROUPED_DIGITS = /^\d{1,3}(?:(?:,|\{,\}|\\,|[ \u2009\u202F])\d{3})+$/;

/**
 * The number as a canonical decimal string ("-1062.50", "0.5", "25"), or null when the text is
 * not a plain decimal number. Trailing zeros are kept because a reference's precision matters
 * to TableBench's comparison ("10.60" is given to two places).
 */
export function normalizeNumberText(text: string): string | null {
  let rest = text.trim();
  // Math delimiters and currency signs, possibly nested: "$\$25$".
  for (let previous = ''; previous !== rest;) {
    previous = rest;
    rest = rest
      .replace(/^\$+|\$+$/g, '')
      .replace(/^\\\$/, '')
      .trim();
    const wrapped = LATEX_WRAPPER.exec(rest);
    if (wrapped !== null) rest = wrapped[1]!.trim();
  }
  rest = rest.replace(/\.$/, '');

  let sign = '';
  if (MINUS_SIGNS.test(rest) || rest.startsWith('-')) {
    sign = '-';
    rest = rest.slice(1);
  } else if (rest.startsWith('+')) {
    rest = rest.slice(1);
  }
  rest = rest.replace(/^\\\$/, '').replace(/^\$/, '');

  const decimalMatch = /^([^.]*)(\.\d+)?$/.exec(rest);
  if (decimalMatch === null) return null;
  let integerPart = decimalMatch[1]!;
  const fraction = decimalMatch[2] ?? '';
  if (GROUPED_DIGITS.test(integerPart)) integerPart = integerPart.replace(/\D/g, '');
  if (integerPart === '' && fraction !== '') integerPart = '0';
  if (!/^\d+$/.test(integerPart)) return null;
  integerPart = integerPart.replace(/^0+(?=\d)/, '');
  const isZero = /^0+$/.test(integerPart + fraction.slice(1));
  return `${isZero ? '' : sign}${integerPart}${fraction}`;
}

/** The numeric value of `text`, or null when it is not a plain decimal number. */
export function parseNumber(text: string): number | null {
  const normalized = normalizeNumberText(text);
  if (normalized === null) return null;
  const value = Number(normalized);
  return Number.isFinite(value) ? value : null;
}
