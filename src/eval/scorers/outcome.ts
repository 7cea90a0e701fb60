import type { JsonValue, Sample, SampleOutcome } from '../../core/index.js';

/**
 * Building per-sample outcomes the same way in every scorer. Details never quote the reference:
 * outcomes of a held-out split end up in reports, and the gold answer must not leak through them.
 */

/** An empty or whitespace-only output: the model said nothing. */
export function isBlankOutput(output: string): boolean {
  return output.trim() === '';
}

/** The outcome of an empty output: the worst value, a format error, detail "empty". */
export function emptyOutcome(sample: Sample, worst: number): SampleOutcome {
  return { id: sample.id, subtask: sample.subtask, value: worst, formatError: true, detail: 'empty' };
}

/** The outcome of an output whose answer could not be extracted: the worst value. */
export function formatErrorOutcome(sample: Sample, worst: number, detail: string, extracted?: JsonValue): SampleOutcome {
  return { id: sample.id, subtask: sample.subtask, value: worst, formatError: true, detail, extracted };
}

export interface Scored {
  value: number;
  extracted: JsonValue;
  detail?: string | undefined;
  facts?: Record<string, JsonValue> | undefined;
}

/** The outcome of an output whose answer was extracted and compared. */
export function scoredOutcome(sample: Sample, scored: Scored): SampleOutcome {
  const outcome: SampleOutcome = { id: sample.id, subtask: sample.subtask, value: scored.value, formatError: false, extracted: scored.extracted };
  if (scored.detail !== undefined) outcome.detail = scored.detail;
  if (scored.facts !== undefined) outcome.facts = scored.facts;
  return outcome;
}

/** Detail for an answer that was read but is not (fully) right. */
export const WRONG_ANSWER = 'wrong-answer';
