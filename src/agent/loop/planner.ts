import type { Hypothesis, Lesson } from '../../core/index.js';
import type { Attempt, PlanningContext } from '../plan/heuristic-planner.js';
import { initialHypothesis, nextHypothesis } from '../plan/heuristic-planner.js';
import { firstPlanFromLessons } from '../plan/lesson-ranking.js';

export interface PlanInput {
  attempts: readonly Attempt[];
  /** The accepted best so far, or null. */
  best: Attempt | null;
  remainingSeconds: number;
  /** Hypotheses already chosen for this round of a parallel run (--parallel): propose a different one. */
  pending?: readonly Hypothesis[] | undefined;
  /** Told while a planner that asks a model waits for it (tokens so far, seconds spent, its deadline). */
  onProgress?: ((progress: PlanningProgress) => void) | undefined;
}

export interface PlanningProgress {
  /** Reply tokens received so far in this call. */
  tokens: number;
  /** Seconds since the planning step began. */
  elapsedSeconds: number;
  /** Seconds the planning step may take in all (its deadline), or null when it has none. */
  limitSeconds: number | null;
}

/** The seam between the loop and whatever proposes hypotheses: the rules below, or an LLM. */
export interface Planner {
  readonly name: string;
  propose(input: PlanInput): Promise<Hypothesis | null>;
}

/** Experiments a run plans to fit in its budget; each plan is sized for its share of what is left. */
export const EXPERIMENTS_TO_FIT = 3;

/**
 * The planning context for the next proposal: the time left shared among the experiments still
 * to fit, and the training speed the last trained experiment measured (the assumed one before).
 */
export function planningContextFor(context: Omit<PlanningContext, 'remainingSeconds'>, { attempts, remainingSeconds }: PlanInput): PlanningContext {
  const measured = [...attempts].reverse().find((attempt) => attempt.tokensPerSecond)?.tokensPerSecond;
  return {
    ...context,
    remainingSeconds,
    experimentsToFit: Math.max(1, EXPERIMENTS_TO_FIT - attempts.length),
    tokensPerSecond: measured ?? context.tokensPerSecond,
  };
}

/** A plan chosen for the running round, as an attempt: tried (not proposed again), not failed. */
function chosenThisRound(hypothesis: Hypothesis): Attempt {
  return { experimentId: '(this round)', hypothesis, diagnosis: { problem: 'none', evidence: [] }, accepted: true };
}

/** The built-in planner that needs no LLM (heuristic-planner.ts), behind the seam; earlier runs' lessons (most relevant first) choose its first move and order the rest; every plan is fitted to the budget (nextHypothesis does it, so that a cut cannot undo a move unseen). */
export function createHeuristicPlanner(context: Omit<PlanningContext, 'remainingSeconds'>, lessons: readonly Lesson[] = []): Planner {
  return {
    name: 'heuristic',
    async propose(input) {
      const planning = planningContextFor(context, input);
      const pending = (input.pending ?? []).map(chosenThisRound);
      const last = input.attempts.at(-1);
      if (!last) {
        const start = initialHypothesis(planning);
        const first = firstPlanFromLessons(start, lessons, planning) ?? start;
        if (pending.length === 0) return first;
        // Side by side from the start: the moves on the first plan, each built from scratch.
        const next = nextHypothesis(pending[0]!, pending[0]!, pending, planning, lessons);
        return next ? { ...next, parentExperimentId: null } : null;
      }
      // Plans chosen for this round count as tried: the next move is another one.
      return nextHypothesis(input.best ?? last, last, [...input.attempts, ...pending], planning, lessons);
    },
  };
}
