import type { Interval, ScoreReport, ScoringMode } from '../../core/index.js';
import type { TrainingOutcome } from '../../runtime/index.js';
import type { BaselineDataStats } from './baseline-examples.js';
import type { BaselineRecipe, BaselineSizing } from './baseline-recipe.js';

export const BASELINE_SCORES_VERSION = 1;

export type BaselineModelRole = 'base' | 'tuned';
export const BASELINE_SPLITS = ['validation', 'test'] as const;
export type BaselineSplit = (typeof BASELINE_SPLITS)[number];

/** One model on one split: the primary metric with its interval, and every metric's value. */
export interface BaselineSplitScore {
  split: BaselineSplit;
  samples: number;
  /** How it was scored; absent in scores.json written before scoring modes, which read as `corrected`. */
  scoring?: ScoringMode;
  primary: { metric: string; value: number | null; direction: 'higher' | 'lower'; interval?: Interval | undefined; formatErrors: number };
  metrics: Record<string, number | null>;
  /** The evaluation's report.json, relative to the run folder. */
  reportPath: string;
  seconds: number;
}

/** scores.json in a baseline run folder: versioned, read by the bench and the leaderboard. */
export interface BaselineScoresFile {
  schemaVersion: typeof BASELINE_SCORES_VERSION;
  kind: 'ftdojo-baseline-scores';
  task: string;
  profile: string;
  createdAt: string;
  recipe: BaselineRecipe;
  sizing: BaselineSizing;
  data: BaselineDataStats;
  training: {
    state: TrainingOutcome['state'];
    category?: string | undefined;
    seconds: number;
    steps: number;
    firstLoss: number | null;
    lastLoss: number | null;
    tokensPerSecond: number | null;
    adapterPath: string | null;
  };
  /** Absent for a role or split that was not evaluated (training failed, or the run was stopped). */
  scores: Partial<Record<BaselineModelRole, Partial<Record<BaselineSplit, BaselineSplitScore>>>>;
  /** Evaluation limited to the first N samples of each split (for quick runs); null for the full splits. */
  limit: number | null;
}

export function splitScore(split: BaselineSplit, report: ScoreReport, reportPath: string, seconds: number): BaselineSplitScore {
  return {
    split,
    samples: report.samples,
    scoring: report.scoring,
    primary: {
      metric: report.primary.metric,
      value: report.primary.value,
      direction: report.primary.direction,
      interval: report.primary.interval,
      formatErrors: report.primary.formatErrors,
    },
    metrics: Object.fromEntries(report.metrics.map((metric) => [metric.metric, metric.value])),
    reportPath,
    seconds,
  };
}

export function trainingFacts(outcome: TrainingOutcome): BaselineScoresFile['training'] {
  const tokens = outcome.metrics?.num_input_tokens_seen;
  const runtime = outcome.metrics?.train_runtime;
  return {
    state: outcome.state,
    ...(outcome.category ? { category: outcome.category } : {}),
    seconds: outcome.seconds,
    steps: outcome.lossCurve.at(-1)?.step ?? 0,
    firstLoss: outcome.lossCurve[0]?.loss ?? null,
    lastLoss: outcome.lossCurve.at(-1)?.loss ?? null,
    tokensPerSecond: tokens && runtime ? Math.round((tokens / runtime) * 10) / 10 : null,
    adapterPath: outcome.adapterPath ?? null,
  };
}
