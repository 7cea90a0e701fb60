import type { Interval, ReferenceComparison, SampleOutcome, Verdict } from '../../core/index.js';
import type { EvaluationReportFile } from '../../eval/index.js';
import { bootstrapInterval, compareFingerprints } from '../../eval/index.js';
import { precise, round } from './summarize-loss.js';

export const DECISION_RULE = {
  name: 'paired-bootstrap-95',
  description:
    'Resample the validation items both runs scored (paired, with replacement), recompute the primary metric of each run on every resample, and take the 95% percentile interval of the difference, turned so that positive is better: "improved" when its lower bound is above 0, "worse" when its upper bound is below 0, "no-better" when both runs scored every item the same, else "inconclusive".',
} as const;

export interface DecisionOptions {
  /** Bootstrap resamples. Default 1000. */
  resamples?: number;
  /** Bootstrap seed: the same inputs give the same verdict. Default 0. */
  seed?: number;
  /** The primary metric's corpus-level aggregate (a scorer's `aggregate`, e.g. macro-F1); default the mean of per-sample values. */
  aggregate?: ((outcomes: SampleOutcome[]) => number | null) | undefined;
}

/** Fingerprint fields that must agree for two scores to be on the same items under the same protocol. */
const SAME_EVALUATION = new Set(['task.id', 'task.profile', 'task.split', 'task.samples', 'decoding']);

interface Pair {
  candidate: SampleOutcome;
  reference: SampleOutcome;
}

/**
 * The decision rule: the candidate's primary metric against one reference's, paired over the
 * validation items both scored. The reason states the rule's numbers, so a reader can check it.
 */
export function decideImprovement(
  candidate: EvaluationReportFile,
  reference: EvaluationReportFile,
  experimentId: string | null,
  options: DecisionOptions = {},
): ReferenceComparison {
  const { metric, direction } = candidate.report.primary;
  const label = experimentId === null ? 'the base model' : `the best so far (${experimentId})`;
  const value = reference.report.primary.value;
  const base = { experimentId, value, difference: null, improvement: null, interval: null, pairedItems: 0 };
  const inconclusive = (reason: string): ReferenceComparison => ({ ...base, verdict: 'inconclusive', reason: `${reason}: not compared with ${label}` });

  if (reference.report.primary.metric !== metric) return inconclusive(`the primary metrics differ (${metric} against ${reference.report.primary.metric})`);
  const differences = compareFingerprints(candidate.fingerprint, reference.fingerprint).filter((difference) => SAME_EVALUATION.has(difference.field));
  if (differences.length) return inconclusive(`the evaluations differ in ${differences.map((difference) => difference.field).join(', ')}`);
  if (candidate.report.primary.value === null || value === null) return inconclusive(`${metric} could not be computed for both runs`);
  const pairs = pairOutcomes(candidate.report.outcomes[metric] ?? [], reference.report.outcomes[metric] ?? []);
  if (pairs.length === 0) return inconclusive('no validation item was scored by both runs');

  const aggregate = options.aggregate ?? meanValue;
  const sign = direction === 'higher' ? 1 : -1;
  const rawDifference = (items: Pair[]): number | null => {
    const left = aggregate(items.map((pair) => pair.candidate));
    const right = aggregate(items.map((pair) => pair.reference));
    return left === null || right === null ? null : left - right;
  };
  const difference = rawDifference(pairs);
  const improvement = difference === null ? null : sign * difference;
  const interval = bootstrapInterval(
    pairs,
    (items) => {
      const raw = rawDifference(items);
      return raw === null ? null : sign * raw;
    },
    { resamples: options.resamples ?? 1000, seed: options.seed ?? 0, level: 0.95 },
  );
  const measured = {
    ...base,
    difference: difference === null ? null : precise(difference),
    improvement: improvement === null ? null : precise(improvement),
    interval: interval && { ...interval, low: precise(interval.low), high: precise(interval.high) },
    pairedItems: pairs.length,
  };
  const facts = `${metric} (${direction} is better): candidate ${round(candidate.report.primary.value)} vs ${label} ${round(value)} on ${pairs.length} paired validation item(s)`;

  if (pairs.every((pair) => pair.candidate.value === pair.reference.value)) {
    return { ...measured, verdict: 'no-better', reason: `${facts}; every item scored the same, so no difference` };
  }
  if (improvement === null || interval === null)
    return { ...measured, verdict: 'inconclusive', reason: `${facts}; the paired difference could not be computed` };
  const verdict = verdictOf(interval);
  return {
    ...measured,
    verdict,
    reason: `${facts}; improvement ${signed(improvement)}, 95% paired-bootstrap CI [${signed(interval.low)}, ${signed(interval.high)}] over ${interval.resamples} resamples: ${explain(verdict)}`,
  };
}

function verdictOf(interval: Interval): Verdict {
  if (interval.low > 0) return 'improved';
  if (interval.high < 0) return 'worse';
  return 'inconclusive';
}

function explain(verdict: Verdict): string {
  if (verdict === 'improved') return 'the lower bound is above 0, so improved';
  if (verdict === 'worse') return 'the upper bound is below 0, so worse';
  return 'the interval contains 0, so inconclusive (the validation set cannot tell these apart)';
}

function pairOutcomes(candidate: readonly SampleOutcome[], reference: readonly SampleOutcome[]): Pair[] {
  const byId = new Map(reference.map((outcome) => [outcome.id, outcome]));
  return candidate.flatMap((outcome) => {
    const match = byId.get(outcome.id);
    return match ? [{ candidate: outcome, reference: match }] : [];
  });
}

function meanValue(outcomes: SampleOutcome[]): number | null {
  if (outcomes.length === 0) return null;
  return outcomes.reduce((sum, outcome) => sum + outcome.value, 0) / outcomes.length;
}

function signed(value: number): string {
  const rounded = round(value);
  return rounded > 0 ? `+${rounded}` : String(rounded);
}
