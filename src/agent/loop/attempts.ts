import { existsSync, readFileSync } from 'node:fs';
import type { Feedback, Hypothesis } from '../../core/index.js';
import { HypothesisSchema, parseFeedback } from '../../core/index.js';
import type { RunState } from '../../store/index.js';
import { experimentPaths } from '../../store/index.js';
import { diagnose } from '../plan/diagnose.js';
import type { Attempt } from '../plan/heuristic-planner.js';
import type { LoopState } from './run-agent.js';

export function readExperimentFeedback(runDir: string, experimentId: string): Feedback | null {
  const path = experimentPaths(runDir, experimentId).feedback;
  return existsSync(path) ? parseFeedback(JSON.parse(readFileSync(path, 'utf8'))) : null;
}

export function readExperimentHypothesis(runDir: string, experimentId: string): Hypothesis | null {
  const path = experimentPaths(runDir, experimentId).hypothesis;
  return existsSync(path) ? HypothesisSchema.parse(JSON.parse(readFileSync(path, 'utf8'))) : null;
}

/**
 * The finished attempts of a run, rebuilt from its log and its experiment folders: what a
 * resumed run plans from. An iteration without its files (a crash before they were written)
 * is left out; it was not finished.
 */
export function attemptsOf(state: RunState, runDir: string): Attempt[] {
  const attempts: Attempt[] = [];
  for (const iteration of state.iterations) {
    if (iteration.status !== 'finished' || !iteration.decision) continue;
    const experimentId = iteration.decision.experimentId;
    const hypothesis = readExperimentHypothesis(runDir, experimentId);
    const feedback = readExperimentFeedback(runDir, experimentId);
    if (!hypothesis || !feedback) continue;
    attempts.push({
      experimentId,
      hypothesis,
      diagnosis: diagnose(feedback),
      accepted: iteration.decision.accepted,
      tokensPerSecond: feedback.training?.throughput.tokensPerSecond ?? null,
    });
  }
  return attempts;
}

/** Where the loop stands in a run, from its log: a new run starts at iteration 0, attempt 1. */
export function loopStateOf(state: RunState, runDir: string): LoopState {
  const attempts = attemptsOf(state, runDir);
  let sinceImprovement = 0;
  for (const attempt of attempts) sinceImprovement = attempt.accepted ? 0 : sinceImprovement + 1;
  return {
    iteration: state.completedIterations,
    attempt: (state.pendingIteration?.attempt ?? 0) + 1,
    attempts,
    bestId: state.bestExperimentId,
    sinceImprovement,
  };
}
