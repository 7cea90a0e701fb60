import type { Hypothesis } from '../../core/index.js';
import type { Attempt, PlanningContext } from '../plan/heuristic-planner.js';
import { initialHypothesis, nextHypothesis } from '../plan/heuristic-planner.js';

export interface PlanInput {
  attempts: readonly Attempt[];
  /** The accepted best so far, or null. */
  best: Attempt | null;
  remainingSeconds: number;
}

/** The seam between the loop and whatever proposes hypotheses: the rules below, or an LLM. */
export interface Planner {
  readonly name: string;
  propose(input: PlanInput): Promise<Hypothesis | null>;
}

/** The built-in planner that needs no LLM (heuristic-planner.ts), behind the seam. */
export function createHeuristicPlanner(context: Omit<PlanningContext, 'remainingSeconds'>): Planner {
  return {
    name: 'heuristic',
    async propose({ attempts, best, remainingSeconds }) {
      const planning = { ...context, remainingSeconds };
      const last = attempts.at(-1);
      if (!last) return initialHypothesis(planning);
      return nextHypothesis(best ?? last, last, attempts, planning);
    },
  };
}
