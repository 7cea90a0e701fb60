import { PYTHON_SPACE, pythonStrip } from './python-text.js';

/**
 * latex2sympy2_extended's normalize_latex (1.11.0, math_normalization.py) with the configuration
 * OpenCompass's MATHVerifyEvaluator uses for predictions: basic_latex, units and equations on,
 * nits and malformed_operators off, boxed "all" (or "last" for a plain \boxed{…} match).
 */

const PY_SPACE = PYTHON_SPACE;
const PY_SPACE_CHAR = new RegExp(`^${PY_SPACE}$`, 'u');
/** Python's \b in a str pattern, before and after a word. */
const WORD = '[\\p{L}\\p{N}_]';
const B_START = `(?<!${WORD})(?=${WORD})`;
const B_END = `(?<=${WORD})(?!${WORD})`;

const pyStrip = pythonStrip;

const R_LEFT =
  /\\m?left(\\\{|\{|\\\||\||\[|\(|\\rbracl|\\lgroup|\\lbrace|\\lbrack|\\vert|\\lvert|\\lceil|\\lfloor|\\vert|\\lvert|\\langle|\\llcorner|\\ulcorner)/gu;
const R_RIGHT =
  /\\m?right(\\\}|\}|\\\||\||\]|\)|\\rbrack|\\rgroup|\\rbrace|\\rbrack|\\vert|\\rvert|\\rceil|\\rfloor|\\vert|\\rvert|\\rangle|\\lrcorner|\\urcorner)/gu;

// prettier-ignore
const UNITS = [
  'integerpoint', 'feet', 'sue', 'digit', 'pound', 'meal', 'edge', 'student', 'children ticket', 'multiple', 'east', 'degree', 'mph', 'kmph', 'ft', 'm square', ' m east', 'sq m', 'deg', 'mile', 'q .', 'monkey', 'prime', 'ratio', 'profit of rs', 'rd', 'o', 'gm', 'p . m', 'lb', 'tile', 'per', 'dm', 'lt', 'gain', 'ab', 'way', 'west', 'a .', 'b .', 'c .', 'd .', 'e .', 'f .', 'g .', 'h .', 't', 'h', 'no change', 'men', 'soldier', 'pie', 'bc', 'excess', 'st', 'inches', 'noon', 'cent', 'by', 'gal', 'kmh', 'c', 'acre', 'rise', 'a . m', 'th', 'π r 2', 'sq', 'mark', 'l', 'toy', 'coin', 'sq . m', 'gallon', '° f', 'profit', 'minw', 'yr', 'women', 'am', 'pm', 'hr', 'cu cm', 'square', 'v â € ™', 'are', 'rupee', 'rounds', 'cubic', 'cc', 'mtr', 's', 'ohm', 'number', 'kmph', 'day', 'hour', 'minute', 'min', 'second', 'man', 'woman', 'sec', 'cube', 'mt', 'sq inch', 'mp', '∏ cm ³', 'hectare', 'more', 'sec', 'unit', 'cu . m', 'cm 2', 'rs .', 'rs', 'kg', 'g', 'month', 'km', 'm', 'cm', 'mm', 'apple', 'liter', 'loss', 'yard', 'pure', 'year', 'increase', 'decrease', 'd', 'less', 'Surface', 'litre', 'pi sq m', 's .', 'metre', 'meter', 'inch',
];
// The units are joined into a regex unescaped, as the original does ("q ." matches "q" and any character).
const UNITS_REGEX = new RegExp(
  `(\\p{Nd}|\\}|${PY_SPACE})${PY_SPACE}*(?:(?:${UNITS.map((unit) => unit.replaceAll('.', '[^\\n]')).join('|')})(?:s|es)?)${PY_SPACE}*$`,
  'u',
);

const TO_REMOVE = new RegExp(`\\\\mathrm\\{th\\}|\\\\!${PY_SPACE}*|\\\\text${PY_SPACE}*\\{${PY_SPACE}*\\}|\\\\\\$|\\$|(?<!\\\\)["']|\\\\displaystyle`, 'gu');

const REPLACEMENTS: [string, string, string][] = [
  ['math', '\\\\math(?:rm|it|bf)', '\\text'],
  ['text', '\\\\text(?:normal|bf|it|rm)', '\\text'],
  ['frac', '\\\\(?:d|t|c)frac', '\\frac'],
  ['decimal_space', `${PY_SPACE}\\.`, ' 0.'],
  ['decimal_brace', '\\{\\.', '{0.'],
  ['approx', '~=', '\\approx'],
  ['comma', `${PY_SPACE}*\\{${PY_SPACE}*,${PY_SPACE}*\\}`, ','],
  ['and_or', `(?<![a-zA-Z])(,?${PY_SPACE}*(?:and|or))(?![a-zA-Z])`, ','],
  ['and_or_text', `(,?${PY_SPACE}*\\\\text\\{${PY_SPACE}*(?:and|or)${PY_SPACE}*\\})`, ','],
  ['backslash_space', `(?<!\\\\)\\\\${PY_SPACE}`, ' '],
  ['infinity', 'infinity', '\\infty'],
  ['dot', ',?(\\\\ldots)', ' '],
  ['percentage', `${PY_SPACE}*${B_START}percentage${B_END}`, '\\%'],
  ['percentage_in_text', '\\\\text\\{percentage\\}', '%'],
  ['percent', `${PY_SPACE}*${B_START}percent${B_END}`, '\\%'],
  ['percent_in_text', '\\\\text\\{percent\\}', '%'],
  ['pct', `${PY_SPACE}*${B_START}pct${B_END}`, '\\%'],
  ['pct_in_text', '\\\\text\\{pct\\}', '%'],
  ['inf', '((?<!\\\\)inf(?!inity))', '\\infty'],
  ['sqrt', ' sqrt', '\\sqrt'],
];
const REPLACE_REGEX = new RegExp(REPLACEMENTS.map(([name, pattern]) => `(?<${name}>${pattern})`).join('|'), 'gu');

const COMMAND_SLASH_FIX = /\\\\(?=[a-zA-Z])/gu;
const PERMUTATION = /\(([a-zA-Z0-9+\-*/\\ ]+?)\)_\{([a-zA-Z0-9+\-*/\\ ]+?)\}/gu;
export const EQUATION_SPLIT = /(?<!\\|<|!|>)=/u;
const UNIT_SUPERSCRIPT = /(\\(?:text|mbox)\{[^\n]*?\})(\^\p{Nd}|\{\^\p{Nd}\})?$/u;
const VALID_SEPARATOR = new RegExp(`${B_START}(?:and|or)${B_END}|,|;`, 'u');

/** extract_boxed_content: \boxed{…} / \fbox{…} contents from the right, "last" or "all" of them. */
export function extractBoxedContent(text: string, mode: 'last' | 'all'): string {
  const results: string[] = [];
  let currentPosition = text.length;
  let lastBoxedStart: number | null = null;
  let maxPosition = text.length;
  for (;;) {
    const boxedIndex = rfind(text, '\\boxed', currentPosition);
    const fboxIndex = rfind(text, '\\fbox', currentPosition);
    if (boxedIndex < 0 && fboxIndex < 0) break;
    const start = Math.max(boxedIndex, fboxIndex);
    let next = start + (boxedIndex > fboxIndex ? 6 : 5);
    while (next < maxPosition && PY_SPACE_CHAR.test(text[next]!)) next += 1;
    if (next >= maxPosition) break;
    if (text[next] === '{') {
      const end = closingBrace(text, next, maxPosition);
      if (end === null) {
        if (results.length === 0) results.push(text.slice(next));
        break;
      }
      const content = pyStrip(text.slice(next + 1, end));
      if (mode === 'last' && lastBoxedStart !== null && !shouldExtractBoxed(text, content, results.at(-1) ?? '', end, lastBoxedStart)) break;
      if (results.length === 0 || results.at(-1) !== content) results.push(content);
      lastBoxedStart = start;
      maxPosition = start;
    } else {
      if (results.length === 0) results.push(text.slice(next));
      break;
    }
    currentPosition = start;
  }
  return results.length === 0 ? text : [...results].reverse().join(',');
}

/** str.rfind(sub, 0, end): the last occurrence that ends by `end`. */
function rfind(text: string, sub: string, end: number): number {
  return end - sub.length < 0 ? -1 : text.lastIndexOf(sub, end - sub.length);
}

function closingBrace(text: string, open: number, maxPosition: number): number | null {
  let depth = 1;
  for (let index = open; index + 1 < maxPosition;) {
    index += 1;
    if (text[index] === '{') depth += 1;
    else if (text[index] === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return null;
}

function shouldExtractBoxed(text: string, boxed: string, nextBoxed: string, boxedEnd: number, nextBoxedStart: number): boolean {
  const between = text.slice(boxedEnd + 1, nextBoxedStart);
  if (Array.from(between).length < 10) return true;
  return nextBoxed !== boxed && Array.from(between).length < 70 && VALID_SEPARATOR.test(between);
}

/** normalize_latex(text, config) for the prediction's configuration. */
export function normalizeLatex(input: string, boxed: 'all' | 'last'): string {
  let text = extractBoxedContent(input, boxed);
  // basic_latex
  text = text.replaceAll('\\mathrm{T}', 'T');
  text = text.replaceAll('\\mathrm{d}', 'd').replaceAll('{\\rm d}', 'd');
  text = text.replaceAll('\\left[\\begin{matrix}', '\\begin{bmatrix}').replaceAll('\\end{matrix}\\right]', '\\end{bmatrix}');
  text = text.replace(R_LEFT, (_match, bracket: string) => bracket);
  text = text.replace(R_RIGHT, (_match, bracket: string) => bracket);
  text = text.replace(PERMUTATION, (_match, n: string, k: string) => `\\frac{(${n})!}{((${n})-(${k}))!}`);
  text = text.replace(TO_REMOVE, '');
  text = text.replace(REPLACE_REGEX, (...args: unknown[]) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    return REPLACEMENTS.find(([name]) => groups[name] !== undefined)![2];
  });
  text = text.replaceAll('\n', ' ').replaceAll('\t', ' ');
  if (!text.includes('matrix')) text = text.replace(COMMAND_SLASH_FIX, '\\');
  // equations (deprecated there, still applied)
  if (!text.includes(',') && !text.includes(';')) {
    const parts = text.split(EQUATION_SPLIT);
    if (parts.length > 2) text = parts.at(-1)!;
  }
  // units
  const withoutSuperscript = pyStrip(text.replace(UNIT_SUPERSCRIPT, ''));
  if (withoutSuperscript !== '' && withoutSuperscript !== text) text = withoutSuperscript;
  for (let round = 0; round < 2; round += 1) {
    const withoutUnits = text.replace(UNITS_REGEX, (_match, kept: string) => kept);
    if (withoutUnits !== '' && withoutUnits !== text) text = withoutUnits;
  }
  return pyStrip(text);
}
