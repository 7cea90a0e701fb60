import type { MetricScoring, ScoringDifference } from '../../../core/index.js';

/*
 * The scoring modes of TableBench's question-answering tasks, for their cards. Each example is a
 * real item of the mini validation split; the differential test (src/eval/differential) scores
 * the same outputs with TableBench's code and with both modes.
 */

const TABLEBENCH_CODE =
  'TableBench\'s own evaluation (github.com/TableBench/TableBench at 6c61a20): parse_tablebench_instruction_response_script.py reads the answer after the first "Final Answer: " (that case, one space) to the end of its line; metrics/qa_metrics.py normalises answer and reference (lower case, every ASCII punctuation mark deleted, a/an/the removed, spaces collapsed); metrics/custom_em_metric.py compares them';

const NOT_THE_FORK =
  " Not reproduced: the FT-Dojo paper's runs went through RD-Agent's OpenCompass fork (Jensen246/opencompass), whose TableBench evaluator re-implements this with a case-insensitive marker and punctuation replaced by spaces; the two can differ on the same output.";

const FINAL_ANSWER: ScoringDifference = {
  what: 'which "Final Answer:" is read',
  official:
    'The first "Final Answer: " exactly (capital letters, colon, one space), and only on its own line; "**Final Answer:**", "final answer:", "Final Answer:710" and an answer on the next line are read as no answer.',
  corrected:
    'The last marker, in any case, with or without bold and the space; a model that restates its answer after a draft means the restated one, and formatting is not what the benchmark measures.',
  example:
    'tablebench-410a163d2c0672ff88d17cab3cecc0c6 (reference 710): "Final Answer: 1421\\nWait, let me check that again.\\nFinal Answer: 710" scores 0 official, 1 corrected; "**Final Answer:** 710", "final answer: 710" and "Final Answer:710" score 0 official, 1 corrected.',
};

const PUNCTUATION: ScoringDifference = {
  what: 'signs, decimal points and percent signs',
  official:
    'Deleted with the rest of the punctuation before comparing, so "-9.266" and "9266" equal "9.266" while "9.2660" does not; the decimal and percent branches of custom_em_metric.py never run.',
  corrected: 'Kept: numbers are compared as numbers, rounded to the precision the reference is written with, and a percentage also matches its fraction.',
  example:
    'tablebench-b4f1cccbee7620602901988934f47abf (reference 9.266): "Final Answer: -9.266" and "Final Answer: 9266" score 1 official, 0 corrected; "Final Answer: 9.2660" scores 0 official, 1 corrected.',
};

const LISTS: ScoringDifference = {
  what: 'answers that are lists',
  official:
    'With the commas deleted the whole list must equal the reference as one text: "benin,quebec,cape verde,ivory coast" becomes "beninquebeccape verdeivory coast" and fails; no partial credit.',
  corrected: 'Element by element in order, each element compared as above, with the fraction of matching elements as the score (extra elements count against).',
  example:
    'tablebench-daa1e132c435be7e111cbe2363bb2c23 (reference "benin, quebec, cape verde, ivory coast"): "Final Answer: benin,quebec,cape verde,ivory coast" scores 0 official, 1 corrected; "Final Answer: benin, quebec" scores 0 official, 0.5 corrected.',
};

const TOLERANCE: ScoringDifference = {
  what: 'the ±10% comparison (EM_with_error_10)',
  official:
    'Applied to the numbers left after the decimal point is deleted: "6.2" against "6.02" is 62 against 602 and fails, "18.9%" against "18.90%" is 189 against 1890 and fails, a sign is ignored.',
  corrected: 'Applied to the values written: 6.2 is within 10% of 6.02; "18.9%", "0.189" and "18.90%" are the same value; -6.02 is not 6.02.',
  example:
    'tablebench-759da94748ad76efea4d2e7f8a1a0f98 (StatisticalAnalysis, reference 6.02): "Final Answer: 6.2" scores 0 official, 1 corrected; "Final Answer: -6.02" scores 1 official, 0 corrected. tablebench-a7d1be3dbb4f336774ab56d00253e5c4 (TrendForecasting, reference 18.90%): "Final Answer: 18.9%" scores 0 official, 1 corrected.',
};

const ROUGE_TOKENS: ScoringDifference = {
  what: 'ROUGE-L tokens (the open-ended subtypes)',
  official:
    'rouge_score\'s tokenizer: runs of [a-z0-9] only, so every other letter separates words or is dropped ("Zürich" is the tokens z and rich; Chinese text has no tokens and scores 0).',
  corrected: 'Words of any script are tokens, and each CJK character is one, so an answer in another script can be scored at all.',
  example:
    'An answer "Final Answer: 表格显示数据随时间增长。" to a reference written in Chinese would score 0 official whatever it says; on the mini items (all English) the two tokenizers differ only around accented and symbol characters (6 of the 40 "first-half" outputs of the differential test).',
};

export const EXACT_MATCH_SCORING: MetricScoring = {
  official: `${TABLEBENCH_CODE} with compute_em (EM).${NOT_THE_FORK}`,
  differences: [FINAL_ANSWER, PUNCTUATION, LISTS],
};

export const DATA_ANALYSIS_SCORING: MetricScoring = {
  official: `${TABLEBENCH_CODE} by subtype as eval_tablebench_script.py does: EM_with_error_10 for CorrelationAnalysis, TrendForecasting and StatisticalAnalysis, EM for ImpactAnalysis, ROUGE-L (evaluate's rouge, rouge_score) for the others; the task's score is their count-weighted mix (Mix_Metric), here the exact mean where the official ROUGE-L part is evaluate's bootstrap estimate of it (unseeded).${NOT_THE_FORK}`,
  differences: [FINAL_ANSWER, TOLERANCE, PUNCTUATION, LISTS, ROUGE_TOKENS],
};
