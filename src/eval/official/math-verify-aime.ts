import { type LatexValue, numericValue, ParseError, parseLatexNumber, Unsupported } from './latex-number.js';
import { EQUATION_SPLIT, normalizeLatex } from './math-verify-normalize.js';
import { firstLatexMatch, latexGroups } from './math-verify-extract.js';
import { extractNonReasoningContent } from './opencompass-financeiq.js';

/**
 * AIME 2025 as FT-Dojo's OpenCompass fork scores it, rule stage only: CascadeEvaluator's
 * MATHVerifyEvaluator (opencompass/evaluator/math_evaluator.py at abc7c91a, math-verify 0.9.0,
 * latex2sympy2_extended 1.11.0). Its LLM judge, which the cascade asks when the rule says wrong,
 * needs a judge model and is not run: `official` is the rule stage's verdict.
 *
 * The output's <think> blocks are dropped, the answer is the first LaTeX match math_verify finds
 * (\boxed{…} first, then "final answer is $…$", "answer: $…$"; a bare number is not read),
 * normalised, and read by latex2sympy; it is right when its normalised text is the reference or
 * its value is (math_verify's verify, called by the evaluator with the answer first).
 */
export interface OfficialAimeVerdict {
  correct: boolean;
  /** The normalised answer text math_verify extracted, or null when nothing was. */
  extracted: string | null;
}

export function officialAimeVerdict(output: string, reference: number | bigint): OfficialAimeVerdict {
  const gold = BigInt(reference);
  const match = firstLatexMatch(extractNonReasoningContent(output));
  if (match === null) return { correct: false, extracted: null };
  const groups = latexGroups(match);
  if (groups.length === 0) return { correct: false, extracted: null };
  const parsed = groups.map(({ latex, group, percent }) => {
    const normalized = normalizeLatex(latex, group === 'latexBoxed' ? 'last' : 'all');
    const value = parseCached(normalized);
    return { normalized, value: value !== null && percent ? ({ kind: 'percent', of: value } as LatexValue) : value };
  });
  let value: LatexValue | null;
  let text: string;
  if (parsed.length > 1 && parsed.every((entry) => entry.value !== null)) {
    value = { kind: 'set', items: parsed.flatMap((entry) => (entry.value!.kind === 'set' ? entry.value!.items : [entry.value!])) };
    text = parsed.map((entry) => entry.normalized).join(' and ');
  } else {
    value = parsed[0]!.value;
    text = parsed[0]!.normalized;
  }
  const textMatches = text.trim() !== '' && text.trim() === String(gold);
  return { correct: textMatches || (value !== null && equalsInteger(value, gold)), extracted: text };
}

/** parse_latex_cached: latex2sympy, then once more on the part after the last "=" when that differs. */
function parseCached(latex: string): LatexValue | null {
  try {
    return parseLatexNumber(latex);
  } catch (error) {
    if (!(error instanceof ParseError) && !(error instanceof Unsupported)) throw error;
    const last = lastEquation(latex);
    if (last === latex) return null;
    try {
      return parseLatexNumber(last);
    } catch (retry) {
      if (retry instanceof ParseError || retry instanceof Unsupported) return null;
      throw retry;
    }
  }
}

function lastEquation(latex: string): string {
  if (latex.includes(',') || latex.includes(';')) return latex;
  const parts = latex.split(EQUATION_SPLIT);
  return parts.length > 2 ? parts.at(-1)! : latex;
}

/** math_verify's sympy_expr_eq(answer, Integer(gold)), for the objects latex-number.ts builds. */
export function equalsInteger(value: LatexValue, gold: bigint): boolean {
  switch (value.kind) {
    case 'integer':
      return value.value === gold;
    case 'rational':
      return false;
    case 'float':
      return value.value === Number(gold);
    case 'percent':
      // A percentage of a whole number compares its number ("70\%" is 70); anything else its value.
      if (value.of.kind === 'integer') return value.of.value === gold;
      return valueEquals(value, gold);
    case 'expression':
      return valueEquals(value, gold);
    case 'symbol':
      return value.name === String(gold);
    case 'set': {
      const distinct = distinctItems(value.items);
      return distinct.length === 1 && equalsInteger(distinct[0]!, gold);
    }
    case 'equation':
      return isOnlySymbols(value.lhs) && equalsInteger(value.rhs, gold);
    default:
      return false;
  }
}

function valueEquals(value: LatexValue, gold: bigint): boolean {
  const { exact, float } = numericValue(value);
  if (exact !== null) return exact.d === 1n && exact.n === gold;
  return float !== null && float === Number(gold);
}

function isOnlySymbols(value: LatexValue): boolean {
  return value.kind === 'symbol' || (value.kind === 'symbolic' && value.onlySymbols);
}

/** FiniteSet drops elements equal to one before it: numbers by value and kind. */
function distinctItems(items: LatexValue[]): LatexValue[] {
  const seen = new Set<string>();
  const distinct: LatexValue[] = [];
  for (const item of items) {
    const key =
      item.kind === 'integer'
        ? `i${item.value}`
        : item.kind === 'rational'
          ? `r${item.value.n}/${item.value.d}`
          : item.kind === 'float'
            ? `f${item.value}`
            : item.kind === 'symbol'
              ? `s${item.name}`
              : null;
    if (key !== null && seen.has(key)) continue;
    if (key !== null) seen.add(key);
    distinct.push(item);
  }
  return distinct;
}
