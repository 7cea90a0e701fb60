import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feedback, Hypothesis } from '../../core/index.js';
import { HypothesisSchema, parseFeedback } from '../../core/index.js';
import type { RunState } from '../../store/index.js';
import { diagnose } from '../plan/diagnose.js';
import type { Attempt } from '../plan/heuristic-planner.js';

/** Where an experiment of a run keeps its files. */
export function experimentDir(runDir: string, experimentId: string): string {
  return join(runDir, 'experiments', experimentId);
}

export function readExperimentFeedback(runDir: string, experimentId: string): Feedback | null {
  const path = join(experimentDir(runDir, experimentId), 'feedback.json');
  return existsSync(path) ? parseFeedback(JSON.parse(readFileSync(path, 'utf8'))) : null;
}

export function readExperimentHypothesis(runDir: string, experimentId: string): Hypothesis | null {
  const path = join(experimentDir(runDir, experimentId), 'submission', 'hypothesis.json');
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
    attempts.push({ experimentId, hypothesis, diagnosis: diagnose(feedback), accepted: iteration.decision.accepted, tokensPerSecond: feedback.training?.throughput.tokensPerSecond ?? null });
  }
  return attempts;
}
