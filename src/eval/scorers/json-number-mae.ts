import { z } from 'zod';
import type { JsonValue, Sample, SampleOutcome } from '../../core/index.js';
import { parseNumber } from '../extract/index.js';
import type { ScorerEntry } from '../scorer.js';
import { ScoringParamSchema } from '../scoring-mode.js';
import { defineScorer } from './define-scorer.js';
import { leftOutOutcome, macroOverSubtasks } from './json-chemcotbench-aggregate.js';
import { describe as describePython, pythonFloatAccepts, pythonInt, readChemcotbenchField } from './json-chemcotbench.js';
import { emptyOutcome, formatErrorOutcome, isBlankOutput, scoredOutcome } from './outcome.js';
import { FIELD_PARAM_MESSAGE, readJsonField } from './read-json-field.js';
import { describeValue, invalidReference, referenceValue } from './reference-value.js';

const JsonNumberMaeParamsSchema = z.strictObject({
  field: z.string().min(1, FIELD_PARAM_MESSAGE),
  scoring: ScoringParamSchema,
});

/**
 * Mean absolute error of a number in a JSON field (molecule counts). Lower is better; 0 is best.
 *
 * An error has no natural worst value, so an unreadable answer contributes a fixed penalty of
 * max(|reference|, 1): the error of answering 0 for a non-zero reference, and at least 1 (one
 * count off) so that a format error never costs less than a near miss on a zero reference.
 *
 * `official` is ChemCoTBench's count evaluation (molund_eval_demo.ipynb with eval_molund.py at
 * ac04f91): an output that is not bare JSON, lacks the field, holds "" or a non-numeric string
 * is left out of the mean instead of penalised; a number is truncated (`int(2.7)` is 2); a string
 * such as "2.5" passes its type check and then makes `int()` raise, as do null and NaN, so the
 * official run would stop there (the item is left out and says so); subtasks are averaged.
 */
export const jsonNumberMaeScorer: ScorerEntry<typeof JsonNumberMaeParamsSchema> = {
  id: 'json-number-mae',
  description: 'Mean absolute error of a number in a JSON field; a format error costs max(|reference|, 1).',
  direction: 'lower',
  params: JsonNumberMaeParamsSchema,
  async create({ field, scoring }) {
    if (scoring === 'official') {
      return defineScorer({
        id: 'json-number-mae',
        direction: 'lower',
        best: 0,
        score: (output, sample) => officialAbsoluteError(output, sample, field),
        aggregate: (outcomes) => macroOverSubtasks(outcomes),
      });
    }
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

function officialAbsoluteError(output: string, sample: Sample, field: string): SampleOutcome {
  const reference = referenceValue(sample, field);
  const gold = numberOf(reference);
  if (gold === null) throw invalidReference(sample, describeValue(reference), 'a number or a numeric string');
  const penalty = Math.max(Math.abs(gold), 1);
  const reading = readChemcotbenchField(output, field, { dropEmptyString: true });
  if (reading.kind !== 'value') return leftOutOutcome(sample, reading, penalty);
  const value = reading.value;
  // check_string_type: int(value), else float(value), else "string" (left out); then int(value) again.
  if (typeof value === 'string' && pythonInt(value) === null) {
    if (!pythonFloatAccepts(value)) return leftOutOutcome(sample, { kind: 'dropped', reason: `${JSON.stringify(field)} is not a number` }, penalty);
    return leftOutOutcome(sample, { kind: 'crash', reason: `int() of the string ${JSON.stringify(value)} raises` }, penalty);
  }
  const predicted = pythonInt(value);
  if (predicted === null) return leftOutOutcome(sample, { kind: 'crash', reason: `int() of ${describePython(value)} raises` }, penalty);
  return scoredOutcome(sample, { value: Math.abs(predicted - Math.trunc(gold)), extracted: predicted });
}

function numberOf(value: JsonValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return parseNumber(value);
  return null;
}
