import { readFileSync } from 'node:fs';
import type { LiveStatus } from '../core/index.js';
import { lastTrainerProgress } from '../runtime/index.js';
import type { RunState } from '../store/index.js';
import { experimentPaths } from '../store/index.js';

/**
 * What a running run is doing now: the stage its log says is open, and, while it trains, the
 * trainer's last line (step, loss, LLaMA-Factory's own ETA). Null for a run that is not running.
 */
export function liveStatusOf(state: RunState, runDir: string, now: Date = new Date()): LiveStatus | null {
  if (state.status !== 'running') return null;
  const iteration = state.pendingIteration;
  const stage = iteration?.stages.findLast((record) => record.finishedAt === null) ?? null;
  const experimentId = stage?.experimentId ?? iteration?.experimentIds.at(-1) ?? null;
  let progress: ReturnType<typeof lastTrainerProgress> = null;
  if (stage?.stage === 'train' && experimentId !== null) {
    try {
      progress = lastTrainerProgress(readFileSync(experimentPaths(runDir, experimentId).trainerLog, 'utf8'));
    } catch {
      // No trainer log yet: the trainer is still loading the model.
    }
  }
  const wall = state.budget.wallSeconds;
  const used = (now.getTime() - Date.parse(state.startedAt)) / 1000;
  return {
    iteration: iteration?.iteration ?? null,
    experimentId,
    stage: stage?.stage ?? null,
    stageStartedAt: stage?.startedAt ?? null,
    step: progress?.step ?? null,
    totalSteps: progress?.totalSteps ?? null,
    loss: progress?.loss ?? null,
    etaSeconds: progress?.remainingSeconds ?? null,
    budgetLeftSeconds: wall === null ? null : Math.max(0, Math.round(wall - used)),
    updatedAt: state.updatedAt,
  };
}
