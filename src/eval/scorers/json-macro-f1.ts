import { z } from 'zod';
import { FtdojoError, type JsonValue, type Sample, type SampleOutcome } from '../../core/index.js';
import type { ScorerEntry } from '../scorer.js';
import { defineScorer } from './define-scorer.js';
import { formatErrorOutcome, scoredOutcome, WRONG_ANSWER } from './outcome.js';
import { FIELD_PARAM_MESSAGE, readJsonField } from './read-json-field.js';
import { describeValue, invalidReference, referenceValue } from './reference-value.js';

const JsonMacroF1ParamsSchema = z.strictObject({
  field: z.string().min(1, FIELD_PARAM_MESSAGE),
  /** The classes, e.g. ["ALLOW", "102", "103"]. */
  labels: z.array(z.string().min(1)).min(2, 'list every class, at least two, e.g. ["ALLOW", "102", "103"]'),
});

/**
 * Corpus-level macro-F1 of a single-label JSON answer (NOC4PC: ALLOW / 102 / 103).
 *
 * Each outcome carries `facts: { predicted, gold }`; the aggregate computes one F1 per class
 * that occurs among the GOLD labels of the outcomes it is given, and averages them. A class
 * absent from the gold labels gets no F1 term (scikit-learn's default would add a 0 for a class
 * that is only predicted): on a 100-sample split a class may simply not occur, and the metric
 * should not move with that. Predicting such a class still costs recall of the true class.
 *
 * A format error predicts no class: a miss (false negative) for the gold class. A readable answer
 * outside `labels` is kept as predicted (a wrong prediction, not a format error), matched to the
 * labels case-insensitively. The per-sample value is 1 for a correct class and 0 otherwise, so
 * per-sample views read as accuracy.
 */
export const jsonMacroF1Scorer: ScorerEntry<typeof JsonMacroF1ParamsSchema> = {
  id: 'json-macro-f1',
  description: 'Macro-F1 over the gold classes of a single-label JSON answer (NOC4PC).',
  direction: 'higher',
  params: JsonMacroF1ParamsSchema,
  async create({ field, labels }) {
    const canonical = new Map(labels.map((label) => [label.trim().toUpperCase(), label]));
    const toLabel = (value: string): string => canonical.get(value.trim().toUpperCase()) ?? value.trim();
    return defineScorer({
      id: 'json-macro-f1',
      direction: 'higher',
      best: 1,
      score(output, sample) {
        const gold = goldLabel(sample, field, canonical);
        const reading = readJsonField(output, sample, field, 0);
        if (!reading.ok) return { ...reading.outcome, facts: { predicted: null, gold } };
        if (typeof reading.value !== 'string' && typeof reading.value !== 'number') {
          const detail = `field ${JSON.stringify(field)} holds ${describeValue(reading.value)}; expected one of ${labels.join(', ')}`;
          return { ...formatErrorOutcome(sample, 0, detail, reading.value), facts: { predicted: null, gold } };
        }
        const predicted = toLabel(String(reading.value));
        const correct = predicted === gold;
        const detail = correct
          ? undefined
          : canonical.has(predicted.toUpperCase())
            ? WRONG_ANSWER
            : `${JSON.stringify(predicted)} is not one of ${labels.join(', ')}`;
        return scoredOutcome(sample, { value: correct ? 1 : 0, extracted: reading.value, detail, facts: { predicted, gold } });
      },
      aggregate: macroF1,
    });
  },
};

function goldLabel(sample: Sample, field: string, canonical: Map<string, string>): string {
  const reference: JsonValue = referenceValue(sample, field);
  const gold = typeof reference === 'string' || typeof reference === 'number' ? canonical.get(String(reference).trim().toUpperCase()) : undefined;
  if (gold === undefined) throw invalidReference(sample, describeValue(reference), `one of the labels ${[...canonical.values()].join(', ')}`);
  return gold;
}

/** Macro-F1 over the gold classes present in `outcomes`; null when there are none. */
export function macroF1(outcomes: SampleOutcome[]): number | null {
  const pairs = outcomes.map((outcome) => {
    const facts = outcome.facts;
    if (facts === undefined || typeof facts['gold'] !== 'string') {
      throw new FtdojoError('INTERNAL', `outcome ${JSON.stringify(outcome.id)} has no gold class in its facts; macro-F1 needs { predicted, gold }`);
    }
    const predicted = facts['predicted'];
    return { gold: facts['gold'], predicted: typeof predicted === 'string' ? predicted : null };
  });
  const classes = [...new Set(pairs.map((pair) => pair.gold))];
  if (classes.length === 0) return null;
  let sum = 0;
  for (const label of classes) {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const { gold, predicted } of pairs) {
      if (predicted === label && gold === label) truePositives += 1;
      else if (predicted === label) falsePositives += 1;
      else if (gold === label) falseNegatives += 1;
    }
    sum += (2 * truePositives) / (2 * truePositives + falsePositives + falseNegatives);
  }
  return sum / classes.length;
}
