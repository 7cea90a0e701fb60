import { z } from 'zod';
import type { JsonValue, Sample } from '../../core/index.js';
import type { ScorerEntry } from '../scorer.js';
import { defineScorer } from './define-scorer.js';
import { formatErrorOutcome, scoredOutcome, WRONG_ANSWER } from './outcome.js';
import { FIELD_PARAM_MESSAGE, readJsonField } from './read-json-field.js';
import { describeValue, invalidReference, referenceValue } from './reference-value.js';

const JsonMultilabelF1ParamsSchema = z.strictObject({
  field: z.string().min(1, FIELD_PARAM_MESSAGE),
  /** The labels a model may choose from, e.g. ["A", ..., "H"]. */
  labels: z.array(z.string().min(1)).min(1, 'list at least one label, or leave labels out').optional(),
});

/**
 * Per-sample F1 between the predicted and the gold label sets, averaged over samples (PAR4PC).
 * A set is written "A", "A,G", "A G" or ["A", "G"]; labels compare case-insensitively.
 *
 * A predicted label outside `labels` is a wrong prediction (a false positive that lowers
 * precision), not a format error: the output was readable, its content was wrong. The detail
 * names such labels so feedback can show them. An empty predicted set is readable too and
 * scores 0 against a non-empty gold set; both empty scores 1.
 */
export const jsonMultilabelF1Scorer: ScorerEntry<typeof JsonMultilabelF1ParamsSchema> = {
  id: 'json-multilabel-f1',
  description: 'Mean per-sample F1 between the predicted label set in a JSON field and the gold set (PAR4PC).',
  direction: 'higher',
  params: JsonMultilabelF1ParamsSchema,
  async create({ field, labels }) {
    const known = labels === undefined ? undefined : new Set(labels.map((label) => label.trim().toUpperCase()));
    return defineScorer({
      id: 'json-multilabel-f1',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const gold = goldLabels(sample, field);
        const reading = readJsonField(output, sample, field, 0);
        if (!reading.ok) return reading.outcome;
        const predicted = labelSet(reading.value);
        if (predicted === null) {
          return formatErrorOutcome(
            sample,
            0,
            `field ${JSON.stringify(field)} holds ${describeValue(reading.value)}; expected a label, a comma-separated string or a list of labels`,
            reading.value,
          );
        }
        const value = setF1(predicted, gold);
        const unknown = known === undefined ? [] : [...predicted].filter((label) => !known.has(label));
        const detail = unknown.length > 0 ? `labels outside the choices: ${unknown.join(', ')}` : value < 1 ? WRONG_ANSWER : undefined;
        return scoredOutcome(sample, { value, extracted: [...predicted], detail });
      },
    });
  },
};

function goldLabels(sample: Sample, field: string): Set<string> {
  const reference = referenceValue(sample, field);
  const gold = labelSet(reference);
  if (gold === null) throw invalidReference(sample, describeValue(reference), 'a label, a comma-separated string or a list of labels');
  return gold;
}

/** Upper-cased labels of "A", "A,G", "A G", ["A", "G"]; null for other shapes. */
export function labelSet(value: JsonValue): Set<string> | null {
  let parts: string[];
  if (typeof value === 'string') parts = value.split(/[,，、;；\s]+/);
  else if (typeof value === 'number') parts = [String(value)];
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) parts = value.map(String);
  else return null;
  return new Set(parts.map((part) => part.trim().toUpperCase()).filter((part) => part !== ''));
}

/** F1 of two sets: 2|P∩G| / (|P| + |G|); 1 when both are empty. */
export function setF1(predicted: Set<string>, gold: Set<string>): number {
  if (predicted.size === 0 && gold.size === 0) return 1;
  let common = 0;
  for (const label of predicted) if (gold.has(label)) common += 1;
  return (2 * common) / (predicted.size + gold.size);
}
