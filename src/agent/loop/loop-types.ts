import type { DojoSession, ExperimentStatusMessage, Feedback, Hypothesis } from '../../core/index.js';
import type { Implementer } from '../implement/implementer.js';
import type { Attempt } from '../plan/heuristic-planner.js';
import type { Planner, PlanningProgress } from './planner.js';
import type { RunRecorder } from './recorder.js';
import type { Stop, StopCondition } from './stop-conditions.js';

/* The loop's vocabulary, shared by the one-at-a-time loop (run-agent.ts) and parallel rounds (run-rounds.ts). */

export type AgentEvent =
  | { kind: 'iteration'; iteration: number; attempt: number; remainingSeconds: number }
  | { kind: 'planning'; iteration: number; progress: PlanningProgress }
  | { kind: 'hypothesis'; iteration: number; hypothesis: Hypothesis }
  | { kind: 'status'; iteration: number; status: ExperimentStatusMessage }
  | { kind: 'decision'; iteration: number; experimentId: string; accepted: boolean; reason: string; feedback: Feedback }
  | { kind: 'stopped'; reason: string };

/** Where a run stands: rebuilt from its log on resume. */
export interface LoopState {
  iteration: number;
  /** The attempt number of the iteration to do next (2: the last process died during it). */
  attempt: number;
  attempts: Attempt[];
  bestId: string | null;
  sinceImprovement: number;
}

export interface RunAgentOptions {
  session: DojoSession;
  recorder: RunRecorder;
  planner: Planner;
  /** Turns each hypothesis into files: the template (createTemplateImplementer) or a coder model. */
  implementer: Implementer;
  stops: readonly StopCondition[];
  state: LoopState;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: AgentEvent) => void) | undefined;
  /** Experiments per round, run side by side (--parallel); 1 (the default) runs one at a time. */
  parallel?: number | undefined;
}

export interface AgentOutcome extends Stop {
  bestExperimentId: string | null;
  attempts: Attempt[];
}

export const experimentIdOf = (iteration: number, attempt: number) => `exp-${String(iteration).padStart(3, '0')}${attempt > 1 ? `-a${attempt}` : ''}`;
