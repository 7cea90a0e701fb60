import type { MetricScoring } from '../../../core/index.js';

/*
 * AIME's scoring modes, for the card. The examples are outputs for a real item of the mini
 * validation split; the differential test (src/eval/differential) scores them with math_verify.
 */
const ITEM = 'aime25-I-1 (answer 70)';

export const AIME_SCORING: MetricScoring = {
  official:
    'The rule stage of FT-Dojo\'s OpenCompass fork (github.com/Jensen246/opencompass at abc7c91a, configs/datasets/aime2025/aime2025_cascade_eval_gen_5e9f4f.py, as microsoft/RD-Agent runs it): <think> blocks dropped, then MATHVerifyEvaluator: math_verify (0.9.0) takes the first LaTeX answer it finds (\\boxed{…} first, then $…$ after "final answer is" or "answer"), normalises it and reads it with latex2sympy; it is right when its text or its value equals the answer. The cascade\'s second stage, an LLM judge asked whenever the rule stage says wrong, needs a judge model and cannot run offline: `official` is the rule stage alone, so it can be below the paper\'s cascade score, never above. Answers outside what this reproduction reads of latex2sympy (numbers, arithmetic, fractions, roots, binomials, factorials, percentages, sets, intervals, equations, \\text{…}) are compared as text only, as math_verify does when latex2sympy cannot read them.',
  differences: [
    {
      what: 'which \\boxed{} is the answer',
      official:
        'math_verify reads from the first \\boxed to the last closing brace and keeps the last box, but boxes close together (or joined by "and", "or", a comma) are read as a list, which is wrong.',
      corrected: 'The last \\boxed{} is the answer; earlier boxes are drafts.',
      example: `${ITEM}: "First guess \\boxed{71}, but checking again gives \\boxed{70}." scores 0 official (it reads {71, 70}), 1 corrected.`,
    },
    {
      what: 'what the box may hold',
      official:
        'Anything latex2sympy evaluates to the answer: a fraction, a sum, an equation, units, degrees; and its quirks: "69 1" is the mixed number 69 + 1, "70\\%" counts as 70, "{70}" is the set holding 70.',
      corrected:
        'One integer (leading zeros, a trailing ".0", "$" and spaces tolerated); anything else is a format error: the task asks for the integer, and an unevaluated expression is not an AIME answer.',
      example: `${ITEM}: "\\boxed{\\frac{140}{2}}", "\\boxed{69 + 1}", "\\boxed{n = 70}", "\\boxed{70\\%}" and "\\boxed{69 1}" score 1 official, 0 corrected.`,
    },
    {
      what: 'answers outside a box',
      official: '"The answer is $70$", "Answer: $70$" and "The final answer is $70$. I hope it is correct." are read; "\\fbox{70}" is not.',
      corrected: "Only \\boxed{} (or \\fbox{}) holds the answer, as the task's output format says.",
      example: `${ITEM}: "The answer is $70$." scores 1 official, 0 corrected; "\\fbox{70}" scores 0 official, 1 corrected.`,
    },
  ],
};
