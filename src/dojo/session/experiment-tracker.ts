import type { ExperimentPhase, ExperimentStatusMessage, Feedback } from '../../core/index.js';
import { DOJO_SESSION_VERSION } from '../../core/index.js';
import type { ExperimentEvent } from '../experiment/run-experiment.js';

/**
 * The live status of one experiment, folded from the dojo's experiment events: the phase, the
 * tiers finished, the trainer's last step and the evaluation's count. Listeners hear each change.
 */
export interface ExperimentTracker {
  readonly experimentId: string;
  status(): ExperimentStatusMessage;
  apply(event: ExperimentEvent): void;
  finish(state: ExperimentStatusMessage['state'], feedback: Feedback | null): void;
  listen(listener: (status: ExperimentStatusMessage) => void): () => void;
}

export function createExperimentTracker(experimentId: string, parentExperimentId: string | null, now: () => number = Date.now): ExperimentTracker {
  const started = now();
  let current: ExperimentStatusMessage = {
    schemaVersion: DOJO_SESSION_VERSION,
    kind: 'experiment-status',
    experimentId,
    parentExperimentId,
    state: 'running',
    phase: 'queued',
    seconds: 0,
    tiers: [],
    train: null,
    evaluate: null,
    primaryMetric: null,
    feedbackReady: false,
  };
  const listeners = new Set<(status: ExperimentStatusMessage) => void>();
  const update = (change: Partial<ExperimentStatusMessage>) => {
    current = { ...current, ...change, seconds: (now() - started) / 1000 };
    for (const listener of listeners) listener(current);
  };
  return {
    experimentId,
    status: () => ({ ...current, seconds: current.state === 'running' ? (now() - started) / 1000 : current.seconds }),
    apply(event) {
      if (event.kind === 'stage') update({ phase: event.stage satisfies ExperimentPhase });
      else if (event.kind === 'tier') update({ tiers: [...current.tiers, event.result] });
      else if (event.kind === 'train') {
        const progress = event.progress;
        update({ train: { step: progress.step, totalSteps: progress.totalSteps, loss: progress.loss ?? null, etaSeconds: progress.remainingSeconds ?? null } });
      } else if (event.kind === 'eval') update({ evaluate: { role: event.role, done: event.progress.done, total: event.progress.total } });
    },
    finish(state, feedback) {
      update({
        state,
        phase: feedback?.execution.stage ?? current.phase,
        primaryMetric: feedback?.evaluation?.primary.value ?? null,
        feedbackReady: feedback !== null,
      });
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
