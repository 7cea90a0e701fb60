import { z } from 'zod';
import type { JsonValue } from '../../core/index.js';
import type { ScorerEntry } from '../scorer.js';
import { defineScorer } from './define-scorer.js';
import { formatErrorOutcome, scoredOutcome, WRONG_ANSWER } from './outcome.js';
import { FIELD_PARAM_MESSAGE, readJsonField } from './read-json-field.js';
import { describeValue, invalidReference, referenceValue } from './reference-value.js';

const JsonYesNoParamsSchema = z.strictObject({
  field: z.string().min(1, FIELD_PARAM_MESSAGE),
});

/** Accuracy of a Yes/No answer in a JSON field (yes/no/true/false, any case, or a JSON boolean). */
export const jsonYesNoScorer: ScorerEntry<typeof JsonYesNoParamsSchema> = {
  id: 'json-yes-no',
  description: 'Accuracy of a Yes/No answer in a JSON field (accepts yes/no/true/false and booleans).',
  direction: 'higher',
  params: JsonYesNoParamsSchema,
  async create({ field }) {
    return defineScorer({
      id: 'json-yes-no',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const reference = referenceValue(sample, field);
        const gold = yesNo(reference);
        if (gold === null) throw invalidReference(sample, describeValue(reference), 'Yes/No, true/false or a boolean');
        const reading = readJsonField(output, sample, field, 0);
        if (!reading.ok) return reading.outcome;
        const predicted = yesNo(reading.value);
        if (predicted === null) return formatErrorOutcome(sample, 0, `field ${JSON.stringify(field)} is not Yes or No`, reading.value);
        const correct = predicted === gold;
        return scoredOutcome(sample, { value: correct ? 1 : 0, extracted: predicted ? 'Yes' : 'No', detail: correct ? undefined : WRONG_ANSWER });
      },
    });
  },
};

/** true for yes/true, false for no/false (any case, a trailing period allowed); null otherwise. */
export function yesNo(value: JsonValue): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return null;
  const word = value
    .trim()
    .replace(/[.!。！]$/, '')
    .toLowerCase();
  if (word === 'yes' || word === 'true') return true;
  if (word === 'no' || word === 'false') return false;
  return null;
}
