import { z } from 'zod';
import type { JsonValue, Sample, SampleOutcome } from '../../core/index.js';
import type { ScorerEntry } from '../scorer.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import { defineScorer } from './define-scorer.js';
import { leftOutOutcome, macroOverSubtasks } from './json-chemcotbench-aggregate.js';
import { readChemcotbenchField } from './json-chemcotbench.js';
import { formatErrorOutcome, scoredOutcome, WRONG_ANSWER } from './outcome.js';
import { FIELD_PARAM_MESSAGE, readJsonField } from './read-json-field.js';
import { describeValue, invalidReference, referenceValue } from './reference-value.js';

const JsonYesNoParamsSchema = z.strictObject({
  field: z.string().min(1, FIELD_PARAM_MESSAGE),
  scoring: ScoringParamSchema,
  /**
   * For `official`: subtasks whose official evaluation ignores the gold label and counts this
   * answer as right. ChemCoTBench's ring-system check counts every "yes" correct, the items whose
   * gold is "No" included (eval_molund.py: `task in ["ring_system", ...]` counts yes answers).
   */
  officialFixedAnswer: z.record(z.string(), z.string()).optional(),
});

/**
 * Accuracy of a Yes/No answer in a JSON field (yes/no/true/false, any case, or a JSON boolean).
 *
 * `official` is ChemCoTBench's molecule-understanding evaluation (molund_eval_demo.ipynb with
 * eval_molund.py at ac04f91): the output must be bare JSON (after a </think> block and a ```json
 * fence are cut away), an unreadable output, a missing field or "" is left out of the average
 * instead of counted wrong, the answer is right when `str(value).lower()` equals the gold's
 * lower case (so "Yes." and true are wrong), and subtasks are averaged, not pooled.
 */
export const jsonYesNoScorer: ScorerEntry<typeof JsonYesNoParamsSchema> = {
  id: 'json-yes-no',
  description: 'Accuracy of a Yes/No answer in a JSON field (accepts yes/no/true/false and booleans).',
  direction: 'higher',
  params: JsonYesNoParamsSchema,
  async create({ field, scoring, officialFixedAnswer }) {
    if (scoring === 'official') {
      return defineScorer({
        id: 'json-yes-no',
        direction: 'higher',
        best: 1,
        score: (output, sample) => officialYesNo(output, sample, field, officialFixedAnswer ?? {}),
        aggregate: (outcomes) => macroOverSubtasks(outcomes),
      });
    }
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

function officialYesNo(output: string, sample: Sample, field: string, fixed: Record<string, string>): SampleOutcome {
  const expected = (sample.subtask !== undefined ? fixed[sample.subtask] : undefined) ?? goldText(sample, field);
  const reading = readChemcotbenchField(output, field, { dropEmptyString: true });
  if (reading.kind !== 'value') return leftOutOutcome(sample, reading, 0);
  // str(value).lower() == gold.lower(): only a string can equal "yes" or "no".
  const correct = typeof reading.value === 'string' && reading.value.toLowerCase() === expected.toLowerCase();
  return scoredOutcome(sample, { value: correct ? 1 : 0, extracted: reading.value, detail: correct ? undefined : WRONG_ANSWER });
}

function goldText(sample: Sample, field: string): string {
  const reference = referenceValue(sample, field);
  if (typeof reference === 'string') return reference;
  if (typeof reference === 'boolean') return reference ? 'Yes' : 'No';
  throw invalidReference(sample, describeValue(reference), 'Yes/No or a boolean');
}

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
