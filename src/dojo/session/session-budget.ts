import type { BudgetStatus, RunProjection } from '../../core/index.js';
import type { CpuPrecisionDecision } from '../../runtime/index.js';
import { DOJO_SESSION_VERSION } from '../../core/index.js';

/** Below this many seconds left, no experiment starts: loading, the fail-fast tiers and evaluation need it. */
export const MINIMUM_EXPERIMENT_SECONDS = 180;

/** Assumed training speed of the embedded model on a CPU (tokens/s) when nothing has measured it. */
export const ASSUMED_CPU_TOKENS_PER_SECOND = 60;

/**
 * A real training's speed over the CPU precision check's (a forward and backward pass of the full
 * model, no optimizer, no data loading): measured on this 2-core CPU with the embedded model, the
 * check's bf16 198 tokens/s against 145 to 167 in runs' LoRA trainings.
 */
export const TRAINING_OVER_CHECK_SPEED = 0.75;

/** What the CPU precision check measured, enough to estimate a training's speed from it. */
export interface PrecisionCheckSpeed {
  precision: 'fp32' | 'bf16';
  batchSize: number;
  sequenceLength: number;
  /** Seconds per step of the chosen precision; null when it did not run. */
  secondsPerStep: number | null;
}

/** The check's figures for the precision it chose; null on a GPU, or when nothing was measured. */
export function precisionCheckSpeed(decision: CpuPrecisionDecision | null): PrecisionCheckSpeed | null {
  const measurement = decision?.measurement;
  if (!decision || !measurement) return null;
  return {
    precision: decision.precision,
    batchSize: measurement.batchSize,
    sequenceLength: measurement.sequenceLength,
    secondsPerStep: measurement.variants[decision.precision].secondsPerStep,
  };
}

/**
 * The training speed a session plans with before any of its experiments has trained: the CPU
 * precision check's measurement of this machine (scaled to a real training) when there is one,
 * else the assumption for the device. Planning the first experiment at 60 tokens/s on a CPU that
 * trains at 150 made it a third of the size its share of the budget allowed.
 */
export function speedBeforeTraining(device: 'cpu' | 'gpu', check: PrecisionCheckSpeed | null): { tokensPerSecond: number; basis: string } {
  if (device === 'cpu' && check?.secondsPerStep) {
    const checked = (check.batchSize * check.sequenceLength) / check.secondsPerStep;
    return {
      tokensPerSecond: Math.round(checked * TRAINING_OVER_CHECK_SPEED * 10) / 10,
      basis: `measured by the CPU precision check (${check.precision} ${Math.round(checked)} tokens/s, x${TRAINING_OVER_CHECK_SPEED} for a real training)`,
    };
  }
  return { tokensPerSecond: ASSUMED_CPU_TOKENS_PER_SECOND * (device === 'gpu' ? 40 : 1), basis: `assumed for the ${device}` };
}

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
