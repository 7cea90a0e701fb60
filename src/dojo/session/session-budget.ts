import type { BudgetStatus, RunProjection } from '../../core/index.js';
import { DOJO_SESSION_VERSION } from '../../core/index.js';

/** Below this many seconds left, no experiment starts: loading, the fail-fast tiers and evaluation need it. */
export const MINIMUM_EXPERIMENT_SECONDS = 180;

/** Assumed training speed of the embedded model on a CPU (tokens/s) until a training measures it. */
export const ASSUMED_CPU_TOKENS_PER_SECOND = 60;

export interface SessionClock {
  /** Seconds spent, including what a resumed attempt had spent before this process. */
  spent(): number;
  left(): number;
  readonly limit: number;
}

export function createSessionClock(options: { budgetSeconds: number; spentSeconds?: number; now?: () => number }): SessionClock {
  const now = options.now ?? Date.now;
  const started = now();
  const before = options.spentSeconds ?? 0;
  const spent = () => before + (now() - started) / 1000;
  return { limit: options.budgetSeconds, spent, left: () => Math.max(0, options.budgetSeconds - spent()) };
}

export function budgetStatus(clock: SessionClock, experiments: { started: number; limit: number | null }, minimumExperimentSeconds: number): BudgetStatus {
  const left = clock.left();
  return {
    schemaVersion: DOJO_SESSION_VERSION,
    kind: 'budget',
    wallSeconds: { limit: clock.limit, spent: Math.min(clock.limit, clock.spent()), left },
    experiments,
    minimumExperimentSeconds,
    exhausted: left <= 0 || (experiments.limit !== null && experiments.started >= experiments.limit),
  };
}

export interface ProjectionFacts {
  rows: number;
  epochs: number;
  meanRowTokens: number;
  tokensPerSecond: number;
  /** Where the speed comes from, for the message. */
  basis: string;
  /** Validation items scored after training, and seconds per item (with loading). */
  evaluationItems: number;
  secondsPerEvaluationItem: number;
  leftSeconds: number;
}

/**
 * What a training of `rows` rows costs: its tokens at the session's training speed, plus the
 * fixed overhead (model loading twice, the fail-fast tiers, the validation evaluation).
 */
export function projectRun(facts: ProjectionFacts): RunProjection {
  const tokens = facts.rows * facts.meanRowTokens * facts.epochs;
  const trainingSeconds = tokens / facts.tokensPerSecond;
  const overheadSeconds = 60 + facts.evaluationItems * facts.secondsPerEvaluationItem;
  const totalSeconds = trainingSeconds + overheadSeconds;
  return {
    schemaVersion: DOJO_SESSION_VERSION,
    kind: 'projection',
    rows: facts.rows,
    epochs: facts.epochs,
    tokens: Math.round(tokens),
    trainingSeconds: Math.round(trainingSeconds),
    overheadSeconds: Math.round(overheadSeconds),
    totalSeconds: Math.round(totalSeconds),
    leftSeconds: Math.round(facts.leftSeconds),
    fits: totalSeconds <= facts.leftSeconds,
    basis: facts.basis,
  };
}
