import type { JsonValue, Sample, SampleOutcome } from '../../core/index.js';

/** The worst value of every chemistry metric here: they are rates and similarities in [0, 1]. */
export const WORST = 0;

/** The answer could not be read in the required format: the worst value, flagged as a format error. */
export function formatErrorOutcome(sample: Sample, reason: string): SampleOutcome {
  return { id: sample.id, subtask: sample.subtask, value: WORST, formatError: true, detail: reason };
}

/** An answer that was read; `detail` says why it fell short, when it did. */
export function answerOutcome(sample: Sample, value: number, extracted: string, detail?: string, facts?: Record<string, JsonValue>): SampleOutcome {
  return { id: sample.id, subtask: sample.subtask, value, formatError: false, extracted, detail, facts };
}

/** Why an extracted SMILES scored nothing: RDKit could not read it. A wrong answer, not a format error. */
export const INVALID_SMILES = 'invalid-smiles';
