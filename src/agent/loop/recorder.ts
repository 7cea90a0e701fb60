import { mkdir } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import type {
  ExperimentStatusMessage,
  Feedback,
  ImplementationRecord,
  Interval,
  Hypothesis,
  JsonValue,
  RunMeta,
  RunStage,
  StageOutcome,
} from '../../core/index.js';
import type { RunStore } from '../../store/index.js';
import { writeJsonAtomically } from '../../runtime/index.js';
import { experimentPaths } from '../../store/index.js';
import type { Decision } from './steps/decide.js';

/** The session's experiment phases that open a run stage (validation starts with the script). */
const STAGE_OF: Readonly<Partial<Record<ExperimentStatusMessage['phase'], RunStage>>> = { script: 'validate', train: 'train', evaluate: 'evaluate' };

/**
 * The one writer of an FT-Agent run's event log: every step is recorded here before the next
 * starts, so a run stopped at any moment resumes with every finished iteration kept.
 */
export interface RunRecorder {
  readonly runId: string;
  readonly runDir: string;
  iterationStarted(iteration: number, parentExperimentId: string | null, hypothesis: Hypothesis, proposeSeconds: number): void;
  stage<T>(name: RunStage, experimentId: string | null, body: () => Promise<T>): Promise<T>;
  /** Keeps how the experiment's code came to be beside it (implementation.json, written atomically). */
  implementation(record: ImplementationRecord): Promise<void>;
  /** Opens and closes the validate/train/evaluate stages as the experiment's status moves. */
  experimentStatus(status: ExperimentStatusMessage): void;
  /** Closes the experiment's open stage. */
  experimentEnded(experimentId: string, outcome: StageOutcome): void;
  experimentFinished(experimentId: string, feedback: Feedback): void;
  decision(experimentId: string, decision: Decision): void;
  iterationFinished(iteration: number): void;
  resumed(ftdojoVersion: string): void;
  testScored(experimentId: string, score: { metric: string; value: number | null; interval: Interval | null }): void;
  runFinished(state: 'completed' | 'stopped' | 'failed', reason: string, bestExperimentId: string | null): void;
  /** A recorder for one experiment of a parallel round, whose events reach the log when flushed (bufferedRunRecorder). */
  fork(): { recorder: RunRecorder; flush(): void };
  close(): void;
}

/** What a recorder writes through: a run store, or a buffer that a parallel round flushes in order. */
export type RecorderStore = Pick<RunStore, 'append' | 'runDir' | 'closeRun'>;

export function startRunRecord(store: RunStore, meta: RunMeta): RunRecorder {
  return createRunRecorder(store, store.createRun(meta).runId);
}

export function createRunRecorder(store: RecorderStore, runId: string): RunRecorder {
  const runDir = store.runDir(runId);
  let open: { experimentId: string; stage: RunStage; started: number } | null = null;
  const closeOpen = (outcome: StageOutcome) => {
    if (!open) return;
    store.append(runId, { type: 'stage-finished', experimentId: open.experimentId, stage: open.stage, outcome, seconds: (Date.now() - open.started) / 1000 });
    open = null;
  };
  return {
    runId,
    runDir,
    iterationStarted(iteration, parentExperimentId, hypothesis, proposeSeconds) {
      store.append(runId, { type: 'iteration-started', iteration, parentExperimentId });
      store.append(runId, { type: 'stage-started', experimentId: null, stage: 'propose' });
      store.append(runId, { type: 'stage-finished', experimentId: null, stage: 'propose', outcome: 'succeeded', seconds: proposeSeconds });
      store.append(runId, {
        type: 'hypothesis-proposed',
        hypothesis: JSON.parse(JSON.stringify(hypothesis)) as Record<string, JsonValue>,
        summary: hypothesis.rationale.split('\n')[0]!.slice(0, 200),
      });
    },
    async stage(name, experimentId, body) {
      const started = Date.now();
      store.append(runId, { type: 'stage-started', experimentId, stage: name });
      const value = await body();
      store.append(runId, { type: 'stage-finished', experimentId, stage: name, outcome: 'succeeded', seconds: (Date.now() - started) / 1000 });
      return value;
    },
    async implementation(record) {
      const path = experimentPaths(runDir, record.experimentId).implementation;
      await mkdir(dirname(path), { recursive: true });
      await writeJsonAtomically(path, record);
    },
    experimentStatus(status) {
      const next = STAGE_OF[status.phase];
      if (!next || status.state !== 'running' || (open?.experimentId === status.experimentId && open.stage === next)) return;
      closeOpen('succeeded');
      open = { experimentId: status.experimentId, stage: next, started: Date.now() };
      store.append(runId, { type: 'stage-started', experimentId: status.experimentId, stage: next });
    },
    experimentEnded(_experimentId, outcome) {
      closeOpen(outcome);
    },
    experimentFinished(experimentId, feedback) {
      store.append(runId, {
        type: 'experiment-finished',
        experimentId,
        state: feedback.execution.state,
        feedbackPath: relative(runDir, experimentPaths(runDir, experimentId).feedback),
        primaryMetric: feedback.evaluation?.primary.value ?? null,
        verdict: feedback.comparison?.verdict ?? null,
      });
    },
    decision(experimentId, decision) {
      store.append(runId, {
        type: 'decision',
        experimentId,
        accepted: decision.accepted,
        bestExperimentId: decision.bestExperimentId,
        reason: decision.reason,
      });
    },
    iterationFinished(iteration) {
      store.append(runId, { type: 'iteration-finished', iteration });
    },
    resumed(ftdojoVersion) {
      store.append(runId, { type: 'run-resumed', ftdojoVersion });
    },
    testScored(experimentId, score) {
      store.append(runId, { type: 'test-scored', experimentId, ...score });
    },
    runFinished(state, reason, bestExperimentId) {
      store.append(runId, { type: 'run-finished', state, reason, bestExperimentId });
    },
    fork: () => bufferedRunRecorder(store, runId),
    close() {
      store.closeRun(runId);
    },
  };
}

/**
 * A recorder for one experiment of a parallel round: it measures its stages as they happen, but
 * keeps their events until `flush`, which appends them to the run's log. The round flushes its
 * experiments in iteration order once all have ended, so the log reads as if they had run one
 * after another: resume and replay (one open iteration at a time) stay exact whichever finished first.
 */
export function bufferedRunRecorder(store: RecorderStore, runId: string): { recorder: RunRecorder; flush(): void } {
  const events: Parameters<RunStore['append']>[1][] = [];
  const buffer: RecorderStore = {
    runDir: (id) => store.runDir(id),
    append: (_id, draft) => {
      events.push(draft);
      return undefined as unknown as ReturnType<RunStore['append']>;
    },
    closeRun: () => undefined,
  };
  return {
    recorder: createRunRecorder(buffer, runId),
    flush: () => {
      for (const draft of events.splice(0)) store.append(runId, draft);
    },
  };
}
