import type { Sample } from '../../core/index.js';

/**
 * The outputs the differential test scores for every item of a task's mini validation split:
 * gold answers in the shapes models write them, near misses (a second "Final Answer:", bold,
 * lower case, a missing space, number formats, signs, percentages, lists), malformed outputs and
 * empty ones. Derived from the sample alone, so the fixture can be rebuilt and checked.
 */
export interface DifferentialCase {
  case: string;
  output: string;
}

export const DIFFERENTIAL_TASKS = ['financeiq', 'aime25', 'tablebench-fact-checking', 'tablebench-numerical-reasoning', 'tablebench-data-analysis'] as const;
export type DifferentialTask = (typeof DIFFERENTIAL_TASKS)[number];

export function differentialCases(task: DifferentialTask, sample: Sample): DifferentialCase[] {
  if (task === 'financeiq') return financeIqCases(String(sample.reference));
  if (task === 'aime25') return aimeCases(Number(sample.reference));
  return tablebenchCases(String(sample.reference), task === 'tablebench-data-analysis' ? String(sample.meta['qsubtype'] ?? sample.subtask) : null);
}

const cases = (entries: Record<string, string>): DifferentialCase[] => Object.entries(entries).map(([name, output]) => ({ case: name, output }));

function financeIqCases(gold: string): DifferentialCase[] {
  const other = 'ABCD'.replace(gold, '')[gold === 'D' ? 0 : 2]!;
  return cases({
    gold: gold,
    'gold-marker': `答案：${gold}`,
    'gold-fork-format': `答案是: ${gold}`,
    'gold-english': `The answer is ${gold}.`,
    'gold-bold': `**${gold}**`,
    'gold-option-text': `${gold}. 该选项正确`,
    'gold-think': `<think>也许是${other}？再想想。</think>${gold}`,
    'gold-then-other-option': `答案是${gold}，因为选项${other}的说法错误。`,
    'gold-then-acronym': `答案：${gold}（按CPI口径计算）`,
    'gold-lower': gold.toLowerCase(),
    'gold-lower-marker': `答案：${gold.toLowerCase()}`,
    'gold-fullwidth': `答案：${String.fromCharCode(gold.charCodeAt(0) + 0xfee0)}`,
    'two-letters': `${other}${gold}`,
    'two-letters-reversed': `${gold}${other}`,
    wrong: `答案：${other}`,
    'unclosed-think': `<think>答案是${gold}`,
    'no-letter': '答案：不确定',
    'english-no-letter': 'I am not sure.',
    empty: '',
    blank: ' \n ',
  });
}

function aimeCases(gold: number): DifferentialCase[] {
  const wrong = gold + 1;
  return cases({
    gold: `\\boxed{${gold}}`,
    'gold-reasoning': `We count the cases and add them up.\nSo the total is ${gold}.\n\nThe final answer is \\boxed{${gold}}.`,
    'gold-inline-math': `The answer is $\\boxed{${gold}}$.`,
    'gold-display-math': `Therefore\n\\[\n\\boxed{${gold}}\n\\]`,
    'gold-leading-zeros': `\\boxed{${String(gold).padStart(3, '0')}}`,
    'gold-decimal': `\\boxed{${gold}.0}`,
    'gold-spaces': `\\boxed{ ${gold} }`,
    'gold-text': `\\boxed{\\text{${gold}}}`,
    'gold-equation': `\\boxed{n = ${gold}}`,
    'gold-fraction': `\\boxed{\\frac{${gold * 2}}{2}}`,
    'gold-dfrac': `\\boxed{\\dfrac{${gold * 3}}{3}}`,
    'gold-product': `\\boxed{${gold} \\cdot 1}`,
    'gold-sum': `\\boxed{${gold - 1} + 1}`,
    'gold-units': `\\boxed{${gold} \\text{ ways}}`,
    'gold-degrees': `\\boxed{${gold}^\\circ}`,
    'gold-dollar': `\\boxed{\\$${gold}}`,
    'gold-fbox': `\\fbox{${gold}}`,
    'gold-boxed-twice': `\\boxed{${gold}} \\boxed{${gold}}`,
    'gold-answer-dollars': `The answer is $${gold}$.`,
    'gold-final-answer-dollars': `Final answer: $${gold}$`,
    'gold-plain': `The answer is ${gold}.`,
    'gold-bold-plain': `**${gold}**`,
    'gold-percent': `\\boxed{${gold}\\%}`,
    'gold-negative': `\\boxed{-${gold}}`,
    'wrong-then-gold': `First guess \\boxed{${wrong}}, but checking again gives \\boxed{${gold}}.`,
    'gold-then-wrong': `\\boxed{${gold}} is what I first found; the correct total is \\boxed{${wrong}}.`,
    'boxed-list': `\\boxed{${gold}, ${wrong}}`,
    wrong: `\\boxed{${wrong}}`,
    'wrong-decimal': `\\boxed{${gold}.5}`,
    'unclosed-box': `\\boxed{${gold}`,
    'empty-box': '\\boxed{}',
    'words-in-box': '\\boxed{seventy}',
    'spaced-digits': `\\boxed{${String(gold).split('').join(' ')}}`,
    'gold-sqrt': `\\boxed{\\sqrt{${gold * gold}}}`,
    'gold-power': `\\boxed{${gold}^{1}}`,
    'gold-division': `\\boxed{${gold * 4}/4}`,
    'gold-binomial': `\\boxed{\\binom{${gold}}{1}}`,
    'gold-half-times-two': `\\boxed{${gold / 2} \\cdot 2}`,
    'gold-mixed-number': `\\boxed{${gold - 1} 1}`,
    'gold-thousands': `\\boxed{${gold},000}`,
    'gold-set': `\\boxed{\\{${gold}\\}}`,
    'gold-repeated': `\\boxed{${gold}, ${gold}}`,
    'gold-interval': `\\boxed{(${gold}, ${wrong})}`,
    'gold-i-hope': `The final answer is $${gold}$. I hope it is correct.`,
    'gold-text-spaces': `\\boxed{\\text{ ${gold} }}`,
    'gold-mathrm': `\\boxed{\\mathrm{${gold}}}`,
    'gold-approx': `\\boxed{x \\approx ${gold}}`,
    'gold-chain': `\\boxed{a = b = ${gold}}`,
    'gold-percent-word': `The answer is $${gold}$ percent.`,
    'gold-float-percent': `\\boxed{${gold}.0\\%}`,
    'gold-left-right': `\\boxed{\\left(${gold}\\right)}`,
    'gold-newlines-in-box': `\\boxed{\n${gold}\n}`,
    'gold-answer-colon': `Answer: $${gold}$`,
    'gold-answer-parenthesis': `So the answer is \\(${gold}\\).`,
    'dollars-then-box': `The answer is $${wrong}$, or rather \\boxed{${gold}}`,
    'gold-nested-box': `\\boxed{\\boxed{${gold}}}`,
    'gold-times-symbol': `\\boxed{${gold}x}`,
    'gold-times-pi': `\\boxed{${gold}\\pi}`,
    'bare-parenthesis': `\\(${gold}\\)`,
    empty: '',
    blank: ' \n ',
  });
}

const NUMBER = /^-?\d+(?:\.\d+)?%?$/;

function tablebenchCases(gold: string, subtype: string | null): DifferentialCase[] {
  const wrong = wrongAnswer(gold);
  const base: Record<string, string> = {
    gold: `Final Answer: ${gold}`,
    'gold-reasoning': `Looking at the table row by row, the value that answers the question stands out.\nFinal Answer: ${gold}`,
    'gold-extra-space': `Final Answer:  ${gold}`,
    'gold-bold-value': `Final Answer: **${gold}**`,
    'gold-period': `Final Answer: ${gold}.`,
    'gold-upper-case': `Final Answer: ${gold.toUpperCase()}`,
    'gold-quoted': `Final Answer: "${gold}"`,
    'gold-article': `Final Answer: The ${gold}`,
    'first-of-two': `Final Answer: ${wrong}\nWait, let me check that again.\nFinal Answer: ${gold}`,
    'last-of-two': `Final Answer: ${gold}\nOn second thought:\nFinal Answer: ${wrong}`,
    'bold-marker': `**Final Answer:** ${gold}`,
    'lower-case-marker': `final answer: ${gold}`,
    'no-space': `Final Answer:${gold}`,
    'next-line': `Final Answer:\n${gold}`,
    'trailing-text': `Final Answer: ${gold} (read from the table)`,
    wrong: `Final Answer: ${wrong}`,
    'no-marker': `The answer is ${gold}.`,
    truncated: 'Let me look at the table. The first row shows',
    empty: '',
    blank: ' \n ',
  };
  return cases({ ...base, ...numberCases(gold), ...listCases(gold), ...(subtype ? textCases(gold) : {}) });
}

/** Number formats around a numeric reference (or the numeric first element of a list). */
function numberCases(gold: string): Record<string, string> {
  const elements = gold.split(',').map((element) => element.trim());
  const first = elements[0]!;
  if (!NUMBER.test(first)) return {};
  const rest = elements.slice(1);
  const withFirst = (value: string) => `Final Answer: ${[value, ...rest].join(', ')}`;
  const percent = first.endsWith('%');
  const digits = percent ? first.slice(0, -1) : first;
  const places = digits.includes('.') ? digits.split('.')[1]!.length : 0;
  const value = Number(digits);
  const format = (number: number, decimals = places) => `${number.toFixed(decimals)}${percent ? '%' : ''}`;
  const out: Record<string, string> = {
    'sign-flipped': withFirst(format(-value)),
    'within-5-percent': withFirst(format(value * 1.05, Math.max(places, 2))),
    'off-15-percent': withFirst(format(value * 1.15, Math.max(places, 2))),
    'extra-decimal-zero': withFirst(places > 0 ? `${digits}0${percent ? '%' : ''}` : `${digits}.0${percent ? '%' : ''}`),
    'leading-zero': withFirst(`0${first}`),
    'with-unit': withFirst(`${first} units`),
    scientific: withFirst(value === 0 ? '0e0' : value.toExponential()),
  };
  if (places > 0) out['rounded'] = withFirst(format(value, places - 1));
  if (Math.abs(value) >= 1000)
    out['thousands-separator'] = withFirst(`${Math.trunc(value).toLocaleString('en-US')}${places ? `.${digits.split('.')[1]}` : ''}`);
  out[percent ? 'as-fraction' : 'as-percent'] = withFirst(percent ? String(value / 100) : `${first}%`);
  return out;
}

function listCases(gold: string): Record<string, string> {
  const elements = gold.split(',').map((element) => element.trim());
  if (elements.length < 2) return {};
  return {
    'list-reordered': `Final Answer: ${[...elements].reverse().join(', ')}`,
    'list-first-only': `Final Answer: ${elements[0]}`,
    'list-extra-element': `Final Answer: ${gold}, and more`,
    'list-no-spaces': `Final Answer: ${elements.join(',')}`,
    'list-with-and': `Final Answer: ${elements.slice(0, -1).join(', ')} and ${elements.at(-1)}`,
  };
}

/** Partial and unrelated answers, for the open-ended data-analysis subtypes (ROUGE-L). */
function textCases(gold: string): Record<string, string> {
  const words = gold.split(/\s+/);
  return {
    'first-half': `Final Answer: ${words.slice(0, Math.max(1, Math.ceil(words.length / 2))).join(' ')}`,
    'words-reversed': `Final Answer: ${[...words].reverse().join(' ')}`,
    unrelated: 'Final Answer: The table lists figures by year for each region.',
    'non-ascii': 'Final Answer: 表格显示数据随时间增长。',
  };
}

function wrongAnswer(gold: string): string {
  const first = gold.split(',')[0]!.trim();
  if (/^yes$/i.test(gold.trim())) return 'No';
  if (/^no$/i.test(gold.trim())) return 'Yes';
  if (NUMBER.test(first)) {
    const percent = first.endsWith('%');
    const digits = percent ? first.slice(0, -1) : first;
    const places = digits.includes('.') ? digits.split('.')[1]!.length : 0;
    return `${(Number(digits) * 2 + 1).toFixed(places)}${percent ? '%' : ''}`;
  }
  return 'None of the above';
}
