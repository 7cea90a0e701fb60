import type { MetricScoring } from '../../../core/index.js';

/*
 * FinanceIQ's scoring modes, for the card. The examples are outputs for a real item of the mini
 * validation split; the differential test (src/eval/differential) scores them with the fork's code.
 */
const ITEM = 'financeiq-保险从业资格CICE-663 (answer B)';

export const FINANCEIQ_SCORING: MetricScoring = {
  official:
    "FT-Dojo's OpenCompass fork, as microsoft/RD-Agent's finetune scenario installs it (github.com/Jensen246/opencompass at abc7c91a, \"feat: financeIQ extract last capital\"): the model's <think> blocks are dropped (extract-non-reasoning-content, which RD-Agent's template turns on by default), then configs/datasets/FinanceIQ/FinanceIQ_gen_e0e6b5.py takes the last capital letter of the output (last_capital_postprocess) and AccEvaluator compares it with the answer.",
  differences: [
    {
      what: 'which letter is the answer',
      official: 'The last capital letter anywhere in the output: an option discussed after the answer, or an acronym, becomes the answer.',
      corrected:
        'The letter after an answer marker ("答案：", "the answer is"), else an output that is one letter, a leading letter ("B. …") or a bold one; what follows the answer is explanation, not a second answer.',
      example: `${ITEM}: "答案是B，因为选项D的说法错误。" scores 0 official (it reads D), 1 corrected; "答案：B（按CPI口径计算）" scores 0 official (it reads I), 1 corrected.`,
    },
    {
      what: 'a lower-case letter',
      official: 'Holds no capital letter, so it scores 0.',
      corrected: 'A bare letter is read in either case.',
      example: `${ITEM}: "b" scores 0 official, 1 corrected.`,
    },
    {
      what: 'several letters',
      official: 'The last one counts, so listing two options scores 1 whenever the second is right.',
      corrected: 'Naming several letters as the answer is a format error (0): picking one of them would reward hedging.',
      example: `${ITEM}: "DB" scores 1 official, 0 corrected.`,
    },
  ],
};
