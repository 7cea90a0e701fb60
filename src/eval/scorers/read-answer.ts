import { z } from 'zod';
import type { Sample, SampleOutcome } from '../../core/index.js';
import { finalAnswer } from '../extract/index.js';
import { emptyOutcome, formatErrorOutcome, isBlankOutput } from './outcome.js';

/**
 * Where a text-answer scorer reads the answer: after the last "Final Answer:" (TableBench's
 * format, the default), or the whole output trimmed (tasks whose target is the bare answer).
 */
export const AnswerExtractSchema = z.enum(['final-answer', 'whole-output']).default('final-answer');
export type AnswerExtract = z.infer<typeof AnswerExtractSchema>;

export type AnswerReading = { ok: true; answer: string } | { ok: false; outcome: SampleOutcome };

/**
 * The answer text of an output, or the outcome that ends scoring when there is none. The
 * official TableBench evaluation scores an output without "Final Answer:" 0; we also flag it as
 * a format error so feedback can tell it from a wrong answer.
 */
export function readAnswer(output: string, sample: Sample, worst: number, extract: AnswerExtract = 'final-answer'): AnswerReading {
  if (isBlankOutput(output)) return { ok: false, outcome: emptyOutcome(sample, worst) };
  if (extract === 'whole-output') return { ok: true, answer: output.trim() };
  const answer = finalAnswer(output);
  if (answer === null) return { ok: false, outcome: formatErrorOutcome(sample, worst, 'no "Final Answer: <answer>" line found') };
  return { ok: true, answer };
}
