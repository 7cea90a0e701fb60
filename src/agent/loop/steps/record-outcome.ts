import type { Feedback, Hypothesis } from '../../../core/index.js';
import { diagnose } from '../../plan/diagnose.js';
import type { LoopState } from '../loop-types.js';
import type { RunRecorder } from '../recorder.js';
import type { Decision } from './decide.js';

/**
 * A decided experiment into the run's log (its end, feedback and decision, then its iteration's
 * end) and into the loop's state: the same for one experiment at a time and for a parallel round.
 */
export function recordOutcome(
  recorder: RunRecorder,
  state: LoopState,
  entry: { iteration: number; experimentId: string; hypothesis: Hypothesis; feedback: Feedback; decision: Decision },
): void {
  const { iteration, experimentId, hypothesis, feedback, decision } = entry;
  recorder.experimentEnded(
    experimentId,
    feedback.execution.state === 'succeeded' ? 'succeeded' : feedback.execution.state === 'timeout' ? 'timeout' : 'failed',
  );
  recorder.experimentFinished(experimentId, feedback);
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
}
