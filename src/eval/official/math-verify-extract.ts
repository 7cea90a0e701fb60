import { PYTHON_SPACE } from './python-text.js';

/**
 * math_verify's answer extraction (math-verify 0.9.0, parser.py) with the configuration
 * OpenCompass's MATHVerifyEvaluator gives it for a prediction: LaTeX only, \boxed first
 * (boxed_match_priority 0), no extraction without an anchor, first match only. Ported pattern by
 * pattern; Python's \s, \d and \b are Unicode-aware, so they are spelled out here.
 */

const S = PYTHON_SPACE;
const D = '\\p{Nd}';

/** A literal word matched as Python's re.IGNORECASE does ("s" also matches "ſ", "i" also "İ" and "ı"). */
function ignoreCase(word: string): string {
  return Array.from(word)
    .map((character) => {
      if (character === ' ') return ' ';
      const extra = character === 's' ? 'ſ' : character === 'i' ? 'İı' : character === 'k' ? 'K' : '';
      return /[a-z]/.test(character) ? `[${character}${character.toUpperCase()}${extra}]` : character;
    })
    .join('');
}

/** make_latex_env_pattern(prefix, context). */
function latexEnvPattern(prefix: string, context: 'boxed' | 'plain'): string {
  const percent = `(?<${prefix}percent>(?:\\\\?%|[Pp]ercent|[Pp]ercentage|[Pp]ct))`;
  let displayDollar = '(?:[^$]|\\$(?!\\$))';
  let displayBracket = '(?:[^\\\\]|\\\\(?!\\]))';
  let inlineDollar = '(?:\\\\[$]|[^\\n$])';
  let inlineParenthesis = '(?:[^\\\\\\n]|\\\\(?!\\)))';
  let inlineBracket = '[^\\n\\]\\[]';
  const boxed = (content: string) => `${content}*?\\\\boxed\\{${content}+?\\}${content}*?`;
  if (context === 'boxed') {
    [displayDollar, displayBracket, inlineDollar, inlineParenthesis, inlineBracket] = [
      displayDollar,
      displayBracket,
      inlineDollar,
      inlineParenthesis,
      inlineBracket,
    ].map(boxed) as [string, string, string, string, string];
  } else {
    [displayDollar, displayBracket, inlineDollar, inlineParenthesis, inlineBracket] = [
      displayDollar,
      displayBracket,
      inlineDollar,
      inlineParenthesis,
      inlineBracket,
    ].map((content) => `${content}+?`) as [string, string, string, string, string];
  }
  const patterns = [
    `(?<!\\\\)\\$\\$(?<${prefix}latexDisplayDollar>${displayDollar})(?<!\\\\)\\$\\$`,
    `(?<!\\\\)\\\\\\[(?<${prefix}latexDisplayBracket>${displayBracket})(?<!\\\\)\\\\\\]`,
    `(?<!\\\\|${D})\\$(?<${prefix}latexInlineDollar>${inlineDollar})(?<!\\\\)\\$`,
    `(?<!\\\\)\\\\\\((?<${prefix}latexInlineParenthesis>${inlineParenthesis})(?<!\\\\)\\\\\\)`,
    `${S}\\[(?<${prefix}latexInlineBracket>${inlineBracket})\\]${S}`,
  ];
  if (context === 'plain') {
    const simpleNumber = `-?${D}+(?:[.,]${D}+)?`;
    patterns.push(`(?<${prefix}latexFraction>-?\\\\frac\\{${simpleNumber}\\}\\{${simpleNumber}\\})`);
  }
  return `(?:(?:${patterns.join('|')})${S}*${percent}?)`;
}

interface PriorityPattern {
  pattern: RegExp;
  priority: number;
}

/** lazy_latex_regex for LatexExtractionConfig(boxed_match_priority=0, try_extract_without_anchor=False). */
function latexPatterns(): PriorityPattern[] {
  const separator = `${S}*(?:,?and|,?or|,)${S}*`;
  const next = (context: 'boxed' | 'plain') =>
    [1, 2, 3, 4, 5].map((index) => `${context === 'boxed' ? `${S}*` : ''}(?:${separator}${latexEnvPattern(`next${index}_`, context)})?`).join('');
  const latex = `(?:${latexEnvPattern('first_', 'plain')}${next('plain')})`;
  const sources: [string, number][] = [
    [`${ignoreCase('final answer is')}:?${S}*${latex}\\.?${S}?I hope`, 0],
    [`${ignoreCase('final answer')}.{0,100}?${S}+is:?${S}*${latex}`, 50],
    [`${ignoreCase('answer')}:.{0,50}?${latex}`, 100],
    [`${ignoreCase('answer')}.{0,50}?${latex}`, 200],
    [`${latexEnvPattern('first_', 'boxed')}${next('boxed')}`, 0],
    ['(?<first_latexBoxed>\\\\boxed\\{.+\\})', 0],
  ];
  return sources.map(([source, priority]) => ({ pattern: new RegExp(source, 'gsu'), priority }));
}

let compiled: PriorityPattern[] | null = null;

/**
 * extract_target_from_pred in first_match mode: the patterns of the best priority that match at
 * all, their matches ordered by end (rightmost first) then start (leftmost first), the first one.
 */
export function firstLatexMatch(text: string): RegExpExecArray | null {
  compiled ??= latexPatterns();
  const priorities = [...new Set(compiled.map((entry) => entry.priority))].sort((left, right) => left - right);
  for (const priority of priorities) {
    const found: { match: RegExpExecArray; order: number }[] = [];
    for (const { pattern } of compiled.filter((entry) => entry.priority === priority)) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        found.push({ match, order: found.length });
        if (match[0].length === 0) pattern.lastIndex += 1;
      }
    }
    if (found.length === 0) continue;
    const end = (match: RegExpExecArray) => match.index + match[0].length;
    // sorted(key=(end, -start), reverse=True) is stable: ties keep their finding order.
    found.sort((left, right) => end(right.match) - end(left.match) || left.match.index - right.match.index || left.order - right.order);
    return found[0]!.match;
  }
  return null;
}

/** The LaTeX groups of a match, as extract_latex reads them: the first_ one, then next1_ … next5_. */
export function latexGroups(match: RegExpExecArray): { latex: string; group: string; percent: boolean }[] {
  const groups = match.groups ?? {};
  const entries = Object.entries(groups);
  const pick = (prefix: string) => entries.find(([name, value]) => name.startsWith(`${prefix}_latex`) && value !== undefined && value !== '');
  return ['first', 'next1', 'next2', 'next3', 'next4', 'next5']
    .map((prefix) => pick(prefix))
    .filter((entry): entry is [string, string] => entry !== undefined)
    .map(([name, latex]) => {
      const prefix = name.split('_')[0]!;
      return { latex, group: name.split('_')[1] ?? '', percent: Boolean(groups[`${prefix}_percent`]) };
    });
}
