import { z } from 'zod';
import type { JsonValue, Sample } from '../../core/index.js';
import { parseNumber } from '../extract/index.js';
import type { ScorerEntry } from '../scorer.js';
import { defineScorer } from './define-scorer.js';
import { formatErrorOutcome, scoredOutcome, WRONG_ANSWER } from './outcome.js';
import { FIELD_PARAM_MESSAGE, readJsonField } from './read-json-field.js';
import { describeValue, invalidReference, referenceValue } from './reference-value.js';

const JsonFieldExactParamsSchema = z.strictObject({
  field: z.string().min(1, FIELD_PARAM_MESSAGE),
  /** string: trimmed text; number: numeric value ("12" = 12 = "12.0"); upper: trimmed, upper-cased. */
  normalize: z.enum(['string', 'number', 'upper']).default('string'),
});
type Normalize = z.infer<typeof JsonFieldExactParamsSchema>['normalize'];

/**
 * Accuracy of one JSON field against the reference (PI4PC's paragraph id). The reference is a
 * value or a list of acceptable values: the answer is right when it equals any of them.
 */
export const jsonFieldExactScorer: ScorerEntry<typeof JsonFieldExactParamsSchema> = {
  id: 'json-field-exact',
  description: 'Accuracy of a JSON field against the reference value (or any value of a reference list).',
  direction: 'higher',
  params: JsonFieldExactParamsSchema,
  async create({ field, normalize }) {
    return defineScorer({
      id: 'json-field-exact',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const acceptable = acceptableValues(sample, field, normalize);
        const reading = readJsonField(output, sample, field, 0);
        if (!reading.ok) return reading.outcome;
        const predicted = normalizeValue(reading.value, normalize);
        if (predicted === null) {
          const expected = normalize === 'number' ? 'a number' : 'a single string or number';
          return formatErrorOutcome(sample, 0, `field ${JSON.stringify(field)} holds ${describeValue(reading.value)}; expected ${expected}`, reading.value);
        }
        const correct = acceptable.has(predicted);
        return scoredOutcome(sample, { value: correct ? 1 : 0, extracted: reading.value, detail: correct ? undefined : WRONG_ANSWER });
      },
    });
  },
};

function acceptableValues(sample: Sample, field: string, normalize: Normalize): Set<string> {
  const reference = referenceValue(sample, field);
  const values = Array.isArray(reference) ? reference : [reference];
  const acceptable = new Set<string>();
  for (const value of values) {
    const normalized = normalizeValue(value, normalize);
    if (normalized === null) throw invalidReference(sample, describeValue(value), `a string or number (or a list of them) for field ${JSON.stringify(field)}`);
    acceptable.add(normalized);
  }
  if (acceptable.size === 0) throw invalidReference(sample, 'an empty list', 'at least one acceptable value');
  return acceptable;
}

/** The comparable form of a scalar, or null for values that cannot be one answer. */
function normalizeValue(value: JsonValue, normalize: Normalize): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  if (normalize === 'number') {
    const number = typeof value === 'number' ? value : parseNumber(value);
    return number === null ? null : String(number);
  }
  const text = String(value).trim();
  return normalize === 'upper' ? text.toUpperCase() : text;
}
