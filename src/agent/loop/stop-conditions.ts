import type { BudgetStatus } from '../../core/index.js';

/** What the stop conditions look at before each iteration. */
export interface LoopView {
  /** Iterations finished so far. */
  iteration: number;
  /** Finished experiments in a row that did not beat the best. */
  sinceImprovement: number;
  budget: BudgetStatus;
}

export interface Stop {
  state: 'completed' | 'stopped';
  reason: string;
}

/** One reason to end the loop, or null to go on (STYLE.md §7: stop conditions compose). */
export type StopCondition = (view: LoopView) => Stop | null;

export const aborted =
  (signal: AbortSignal | undefined): StopCondition =>
  () =>
    signal?.aborted ? { state: 'stopped', reason: 'stopped by the user' } : null;

/** Too little time left for another experiment (the session's own minimum), or its experiment count spent. */
export const budgetSpent = (): StopCondition => (view) => {
  const { wallSeconds, minimumExperimentSeconds, experiments } = view.budget;
  if (experiments.limit !== null && experiments.started >= experiments.limit)
    return { state: 'completed', reason: `budget: the ${experiments.limit} experiments allowed are spent` };
  return wallSeconds.left < minimumExperimentSeconds
    ? { state: 'completed', reason: `budget: ${Math.max(0, Math.round(wallSeconds.left))} s left, too little for another experiment` }
    : null;
};

export const noImprovementFor =
  (patience: number): StopCondition =>
  (view) =>
    view.sinceImprovement >= patience ? { state: 'completed', reason: `plateau: ${view.sinceImprovement} experiments in a row did not beat the best` } : null;

export const maxIterations =
  (limit: number | undefined): StopCondition =>
  (view) =>
    limit !== undefined && view.iteration >= limit ? { state: 'completed', reason: `${view.iteration} iterations, the maximum asked for` } : null;

/** The first condition that says stop, in order. */
export function firstStop(conditions: readonly StopCondition[], view: LoopView): Stop | null {
  for (const condition of conditions) {
    const stop = condition(view);
    if (stop) return stop;
  }
  return null;
}
