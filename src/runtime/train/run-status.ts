import { mkdir } from 'node:fs/promises';
import { writeFileAtomically } from '../files/write-atomically.js';
import { dirname } from 'node:path';

export const RUN_STATUS_VERSION = 1;

export type RunState = 'running' | 'succeeded' | 'failed' | 'interrupted' | 'timeout';

export interface RunStage {
  name: string;
  state: RunState;
  startedAt: string;
  finishedAt?: string | undefined;
  /** One line on how it ended, e.g. the failure category and first root-cause line. */
  detail?: string | undefined;
}

/**
 * `status.json` in a run folder: what the run is doing, which stages finished and when. Written
 * after every change (to a temporary file, then renamed), so a folder left by Ctrl-C or a crash
 * says what finished and what did not.
 */
export interface RunStatusDocument {
  schemaVersion: typeof RUN_STATUS_VERSION;
  kind: string;
  state: RunState;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string | undefined;
  stages: RunStage[];
  /** Stages that ended in state succeeded, in order. */
  finishedStages: string[];
}

export interface RunStatus {
  readonly path: string;
  document(): RunStatusDocument;
  startStage(name: string): Promise<void>;
  finishStage(name: string, state: Exclude<RunState, 'running'>, detail?: string): Promise<void>;
  /** Ends the run; a stage still running is marked with the same state. */
  finish(state: Exclude<RunState, 'running'>, detail?: string): Promise<void>;
}

export function createRunStatus(path: string, kind: string, now: () => Date = () => new Date()): RunStatus {
  const stamp = () => now().toISOString();
  const started = stamp();
  const doc: RunStatusDocument = {
    schemaVersion: RUN_STATUS_VERSION,
    kind,
    state: 'running',
    startedAt: started,
    updatedAt: started,
    stages: [],
    finishedStages: [],
  };
  // Writes are chained so a quick succession of updates lands in order.
  let queue: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    doc.updatedAt = stamp();
    doc.finishedStages = doc.stages.filter((stage) => stage.state === 'succeeded').map((stage) => stage.name);
    const text = JSON.stringify(doc, null, 2) + '\n';
    queue = queue.then(async () => {
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomically(path, text);
    });
    return queue;
  };
  const stageNamed = (name: string) => doc.stages.findLast((stage) => stage.name === name);
  return {
    path,
    document: () => structuredClone(doc),
    startStage(name) {
      doc.stages.push({ name, state: 'running', startedAt: stamp() });
      return save();
    },
    finishStage(name, state, detail) {
      const stage = stageNamed(name) ?? { name, state, startedAt: stamp() };
      if (!doc.stages.includes(stage)) doc.stages.push(stage);
      Object.assign(stage, { state, finishedAt: stamp(), ...(detail === undefined ? {} : { detail }) });
      return save();
    },
    finish(state, detail) {
      for (const stage of doc.stages)
        if (stage.state === 'running') Object.assign(stage, { state, finishedAt: stamp(), ...(detail === undefined ? {} : { detail }) });
      doc.state = state;
      doc.finishedAt = stamp();
      return save();
    },
  };
}
