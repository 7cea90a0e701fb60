import { z } from 'zod';
import { integerFromReference, lastBoxed, parseInteger } from '../extract/index.js';
import { officialAimeVerdict } from '../official/index.js';
import type { ScorerEntry } from '../scorer.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import { defineScorer } from './define-scorer.js';
import { emptyOutcome, formatErrorOutcome, isBlankOutput, scoredOutcome, WRONG_ANSWER } from './outcome.js';
import { invalidReference, describeValue } from './reference-value.js';

const BoxedIntegerParamsSchema = z.strictObject({ scoring: ScoringParamSchema });

/**
 * AIME-style accuracy: the integer in the last `\boxed{}` equals the reference. "025", "25.0"
 * and "\$25" all read as 25. A box holding a non-integer ("25.5", "\frac{1}{2}") is a format
 * error: the task asks for an integer, so it is not a near miss. `official`: the rule stage of
 * FT-Dojo's OpenCompass fork, math_verify on the first LaTeX answer it finds
 * (official/math-verify-aime.ts); its LLM-judge fallback cannot run offline.
 */
export const boxedIntegerScorer: ScorerEntry<typeof BoxedIntegerParamsSchema> = {
  id: 'boxed-integer',
  description: 'Accuracy of the integer in the last \\boxed{} against an integer reference (AIME).',
  direction: 'higher',
  params: BoxedIntegerParamsSchema,
  async create({ scoring }) {
    return defineScorer({
      id: 'boxed-integer',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const reference = integerFromReference(sample.reference);
        if (reference === null) throw invalidReference(sample, describeValue(sample.reference), 'an integer or an integer string');
        if (isBlankOutput(output)) return emptyOutcome(sample, 0);
        if (scoring === 'official') {
          const verdict = officialAimeVerdict(output, reference);
          if (verdict.extracted === null) return formatErrorOutcome(sample, 0, 'no LaTeX answer math_verify reads (\\boxed{…}, or $…$ after "answer")');
          return scoredOutcome(sample, { value: verdict.correct ? 1 : 0, extracted: verdict.extracted, detail: verdict.correct ? undefined : WRONG_ANSWER });
        }
        const boxed = lastBoxed(output);
        if (boxed === null) return formatErrorOutcome(sample, 0, 'no closed \\boxed{...} found');
        const predicted = parseInteger(boxed);
        if (predicted === null) return formatErrorOutcome(sample, 0, 'the last \\boxed{} does not hold an integer', boxed);
        const correct = predicted === reference;
        return scoredOutcome(sample, { value: correct ? 1 : 0, extracted: predicted, detail: correct ? undefined : WRONG_ANSWER });
      },
    });
  },
};
