import { pythonStrip } from './python-text.js';

/**
 * FinanceIQ as FT-Dojo's OpenCompass fork scores it (github.com/Jensen246/opencompass at
 * abc7c91a, "feat: financeIQ extract last capital"; the fork microsoft/RD-Agent's finetune
 * scenario installs, rdagent/scenarios/finetune/env/docker/opencompass/Dockerfile):
 *
 * 1. the model-level postprocessor `extract-non-reasoning-content` (RD-Agent's OpenCompass
 *    template adds it whenever `use_cot_postprocessor` is on, the default in its models.yaml):
 *    `<think>…</think>` blocks are removed (everything up to the last `</think>` when only the
 *    closing tag is there) and the rest stripped;
 * 2. the dataset's `last_capital_postprocess` (configs/datasets/FinanceIQ/FinanceIQ_gen_e0e6b5.py):
 *    the last character for which Python's `str.isupper()` holds, or '' when there is none;
 * 3. `AccEvaluator`: that string equals the reference string.
 *
 * Quirk kept on purpose: the last capital letter anywhere is the answer, so "答案是B，选项A错误"
 * reads as A, a lower-case "b" reads as nothing, and "I think B" with a later "CPI" reads as I.
 */
export function officialFinanceIqLetter(output: string): string {
  return lastCapital(extractNonReasoningContent(output));
}

/** opencompass/utils/text_postprocessors.py, extract_non_reasoning_content, with its default tags. */
export function extractNonReasoningContent(text: string): string {
  if (!text.includes('<think>') && text.includes('</think>')) return pythonStrip(text.split('</think>').at(-1)!);
  return pythonStrip(text.replace(/<think>[\s\S]*?<\/think>/g, ''));
}

/**
 * The last code point that Python's `str.isupper()` accepts: the Unicode property Uppercase
 * (CPython's UPPER_MASK is derived from it), so "Ｂ" and "Σ" count and "B" inside "CPI" too.
 */
export function lastCapital(text: string): string {
  const codePoints = Array.from(text);
  for (let index = codePoints.length - 1; index >= 0; index -= 1) {
    if (isPythonUpper(codePoints[index]!)) return codePoints[index]!;
  }
  return '';
}

/**
 * Capitals encoded after Unicode 14, which Python 3.11 (the fork's interpreter) does not know
 * as letters but newer JavaScript engines do (measured against Node 20's ICU).
 */
const NEWER_THAN_PYTHON = /^[\u1c89\ua7cb\ua7cc\ua7ce\ua7d2\ua7d4\ua7da\ua7dc\u{10d50}-\u{10d65}\u{16ea0}-\u{16eb8}]$/u;

function isPythonUpper(codePoint: string): boolean {
  return /^\p{Uppercase}$/u.test(codePoint) && !NEWER_THAN_PYTHON.test(codePoint);
}
