import { z } from 'zod';
import type { JsonValue } from '../../core/index.js';
import { parseNumber } from '../extract/index.js';
import type { ScorerEntry } from '../scorer.js';
import { defineScorer } from './define-scorer.js';
import { emptyOutcome, formatErrorOutcome, isBlankOutput, scoredOutcome } from './outcome.js';
import { FIELD_PARAM_MESSAGE, readJsonField } from './read-json-field.js';
import { describeValue, invalidReference, referenceValue } from './reference-value.js';

const JsonNumberMaeParamsSchema = z.strictObject({
  field: z.string().min(1, FIELD_PARAM_MESSAGE),
});

/**
 * Mean absolute error of a number in a JSON field (molecule counts). Lower is better; 0 is best.
 *
 * An error has no natural worst value, so an unreadable answer contributes a fixed penalty of
 * max(|reference|, 1): the error of answering 0 for a non-zero reference, and at least 1 (one
 * count off) so that a format error never costs less than a near miss on a zero reference.
 */
export const jsonNumberMaeScorer: ScorerEntry<typeof JsonNumberMaeParamsSchema> = {
  id: 'json-number-mae',
  description: 'Mean absolute error of a number in a JSON field; a format error costs max(|reference|, 1).',
  direction: 'lower',
  params: JsonNumberMaeParamsSchema,
  async create({ field }) {
    return defineScorer({
      id: 'json-number-mae',
      direction: 'lower',
      best: 0,
      score(output, sample) {
        const reference = referenceValue(sample, field);
        const gold = numberOf(reference);
        if (gold === null) throw invalidReference(sample, describeValue(reference), 'a number or a numeric string');
        const penalty = Math.max(Math.abs(gold), 1);
        if (isBlankOutput(output)) return emptyOutcome(sample, penalty);
        const reading = readJsonField(output, sample, field, penalty);
        if (!reading.ok) return reading.outcome;
        const predicted = numberOf(reading.value);
        if (predicted === null) return formatErrorOutcome(sample, penalty, `field ${JSON.stringify(field)} is not a number`, reading.value);
        return scoredOutcome(sample, { value: Math.abs(predicted - gold), extracted: predicted });
      },
    });
  },
};

function numberOf(value: JsonValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return parseNumber(value);
  return null;
}
