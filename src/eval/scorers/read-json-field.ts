import type { JsonValue, Sample, SampleOutcome } from '../../core/index.js';
import { extractJsonField } from '../extract/index.js';
import { emptyOutcome, formatErrorOutcome, isBlankOutput } from './outcome.js';

export type FieldReading = { ok: true; value: JsonValue } | { ok: false; outcome: SampleOutcome };

/**
 * The answer field of a JSON-answer output, or the outcome that ends scoring when there is none
 * (empty output, no JSON object, no such field). `worst` is the value such a sample gets.
 */
export function readJsonField(output: string, sample: Sample, field: string, worst: number): FieldReading {
  if (isBlankOutput(output)) return { ok: false, outcome: emptyOutcome(sample, worst) };
  const extraction = extractJsonField(output, field);
  if (!extraction.ok) return { ok: false, outcome: formatErrorOutcome(sample, worst, extraction.reason) };
  return { ok: true, value: extraction.value };
}

/** A zod message for the `field` parameter every JSON scorer takes. */
export const FIELD_PARAM_MESSAGE = 'name the JSON field that holds the answer, e.g. "answer"';
