import type { BudgetStatus, DojoSession, ExperimentStatusMessage, Feedback, Hypothesis } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import type { Implementer } from '../implement/implementer.js';
import { diagnose } from '../plan/diagnose.js';
import type { Attempt } from '../plan/heuristic-planner.js';
import type { Planner, PlanningProgress } from './planner.js';
import type { RunRecorder } from './recorder.js';
import { decide } from './steps/decide.js';
import { experimentStep } from './steps/experiment.js';
import type { Stop, StopCondition } from './stop-conditions.js';
import { firstStop } from './stop-conditions.js';

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
}

export interface AgentOutcome extends Stop {
  bestExperimentId: string | null;
  attempts: Attempt[];
}

const experimentIdOf = (iteration: number, attempt: number) => `exp-${String(iteration).padStart(3, '0')}${attempt > 1 ? `-a${attempt}` : ''}`;

/**
 * FT-Agent's loop, wiring only: propose → implement → experiment (in the dojo session) → decide
 * by rule → record, until a stop condition holds. Every step is in the run's log before the next
 * starts (the recorder), so a run stopped at any moment resumes with every finished iteration.
 */
export async function runAgent(options: RunAgentOptions): Promise<AgentOutcome> {
  const { session, recorder, state } = options;
  const emit = (event: AgentEvent) => options.onEvent?.(event);
  const finish = (stop: Stop): AgentOutcome => {
    emit({ kind: 'stopped', reason: stop.reason });
    return { ...stop, bestExperimentId: state.bestId, attempts: state.attempts };
  };
  const stopFor = (budget: BudgetStatus) => firstStop(options.stops, { iteration: state.iteration, sinceImprovement: state.sinceImprovement, budget });

  for (;;) {
    const budget = await session.budget();
    const stop = stopFor(budget);
    if (stop) return finish(stop);
    const iteration = state.iteration + 1;
    const experimentId = experimentIdOf(iteration, state.attempt);
    const best = state.attempts.find((attempt) => attempt.experimentId === state.bestId) ?? null;
    emit({ kind: 'iteration', iteration, attempt: state.attempt, remainingSeconds: budget.wallSeconds.left });
    // Plan first: an iteration is only recorded when there is something to try, and time to try it.
    const proposeStart = Date.now();
    const hypothesis = await options.planner.propose({
      attempts: state.attempts,
      best,
      remainingSeconds: budget.wallSeconds.left,
      onProgress: (progress) => emit({ kind: 'planning', iteration, progress }),
    });
    if (!hypothesis) return finish({ state: 'completed', reason: 'the planner has no untried idea left' });
    const late = stopFor(await session.budget());
    if (late) return finish(late);
    recorder.iterationStarted(iteration, hypothesis.parentExperimentId, hypothesis, (Date.now() - proposeStart) / 1000);
    emit({ kind: 'hypothesis', iteration, hypothesis });
    let result;
    try {
      const { files, record } = await recorder.stage('implement', experimentId, () =>
        options.implementer.implement({ hypothesis, experimentId, remainingSeconds: budget.wallSeconds.left, signal: options.signal }),
      );
      await recorder.implementation(record);
      result = await experimentStep(session, {
        experimentId,
        files,
        parentExperimentId: hypothesis.parentExperimentId,
        compareTo: state.bestId,
        signal: options.signal,
        onStatus: (status) => {
          recorder.experimentStatus(status);
          emit({ kind: 'status', iteration, status });
        },
      });
    } catch (error) {
      if (error instanceof FtdojoError && error.code === 'BUDGET_EXHAUSTED') return finish({ state: 'completed', reason: `budget: ${error.message}` });
      throw error;
    }
    if (options.signal?.aborted || !result.feedback) {
      recorder.experimentEnded(experimentId, 'interrupted');
      return finish({ state: 'stopped', reason: 'stopped by the user' });
    }
    const feedback = result.feedback;
    recorder.experimentEnded(
      experimentId,
      feedback.execution.state === 'succeeded' ? 'succeeded' : feedback.execution.state === 'timeout' ? 'timeout' : 'failed',
    );
    recorder.experimentFinished(experimentId, feedback);
    const decision = decide(experimentId, feedback, state.bestId);
    recorder.decision(experimentId, decision);
    state.attempts.push({
      experimentId,
      hypothesis,
      diagnosis: diagnose(feedback),
      accepted: decision.accepted,
      tokensPerSecond: feedback.training?.throughput.tokensPerSecond ?? null,
    });
    state.bestId = decision.bestExperimentId;
    state.sinceImprovement = decision.accepted ? 0 : state.sinceImprovement + 1;
    state.iteration = iteration;
    state.attempt = 1;
    recorder.iterationFinished(iteration);
    emit({ kind: 'decision', iteration, experimentId, accepted: decision.accepted, reason: decision.reason, feedback });
  }
}
