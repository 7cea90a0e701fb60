export type { AgentEvent, AgentOutcome, LoopState, RunAgentOptions } from './loop-types.js';
import { FtdojoError } from '../../core/index.js';
import type { AgentOutcome, RunAgentOptions } from './loop-types.js';
import { experimentIdOf } from './loop-types.js';
import { runAgentInRounds } from './run-rounds.js';
import { decide } from './steps/decide.js';
import { experimentStep } from './steps/experiment.js';
import { recordOutcome } from './steps/record-outcome.js';
import { loopControls } from './loop-controls.js';

/**
 * FT-Agent's loop, wiring only: propose → implement → experiment (in the dojo session) → decide
 * by rule → record, until a stop condition holds. Every step is in the run's log before the next
 * starts (the recorder), so a run stopped at any moment resumes with every finished iteration.
 */
export async function runAgent(options: RunAgentOptions): Promise<AgentOutcome> {
  if ((options.parallel ?? 1) > 1) return runAgentInRounds(options);
  const { session, recorder, state } = options;
  const { emit, finish, stopFor } = loopControls(options);

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
    const decision = decide(experimentId, feedback, state.bestId);
    recordOutcome(recorder, state, { iteration, experimentId, hypothesis, feedback, decision });
    emit({ kind: 'decision', iteration, experimentId, accepted: decision.accepted, reason: decision.reason, feedback });
  }
}
