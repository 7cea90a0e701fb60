import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compactTime, didYouMean, FtdojoError, type RunEvent, type RunEventDraft, type RunMeta } from '../core/index.js';
import { eventLogPath, fsyncDirectory, openEventLog, readEventLog, writerLockPath, type EventLog, type EventLogContents } from './event-log.js';
import { replayRun, type RunState } from './replay-run.js';
import { createRunIndex, runsDirectory, type RunFilter, type RunIndex, type RunSummary } from './run-index.js';
import { liveWriter } from './writer-lock.js';

/**
 * The runs of FT-Agent under `<home>/runs`: one folder per run with its event log (the truth)
 * and a SQLite index beside them (derived). Appends are durable when they return; the index
 * follows, and a failure there never costs an event (the next `list` catches the index up).
 */
export interface RunStore {
  readonly home: string;
  readonly runsDir: string;
  /** Makes the run's folder and log, records run-started and keeps the log open for appends. */
  createRun(meta: RunMeta): { runId: string; dir: string };
  /** Records one event (opening the log for writing first if needed), then updates the index. */
  append(runId: string, draft: RunEventDraft): RunEvent;
  read(runId: string): EventLogContents;
  state(runId: string): RunState;
  list(filter?: RunFilter): RunSummary[];
  runDir(runId: string): string;
  /** Closes a run's log and releases its writer lock (resume takes it again). */
  closeRun(runId: string): void;
  /** Closes every log this store holds and the index. */
  close(): void;
}

export interface RunStoreOptions {
  now?: () => Date;
  /** Four hex digits that keep two runs started in the same second apart. */
  randomHex?: () => string;
  /** Told when the index could not follow an append (the event is recorded all the same). */
  onIndexError?: (error: unknown, runId: string) => void;
}

const RUN_ID = /^[a-z0-9][a-z0-9._-]*$/;

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^[-.]+|-+$/g, '') || 'run'
  );
}

/** `<task>-<profile>-<yyyymmdd-hhmmss>-<4 hex>`, e.g. `aime25-mini-20260301-101500-a3f9`. */
export function makeRunId(task: string, profile: string, date: Date, hex: string): string {
  return `${slug(task)}-${slug(profile)}-${compactTime(date)}-${hex}`;
}

export function createRunStore(home: string, options: RunStoreOptions = {}): RunStore {
  const runsDir = resolve(runsDirectory(home));
  const now = options.now ?? (() => new Date());
  const randomHex = options.randomHex ?? (() => randomBytes(2).toString('hex'));
  const writers = new Map<string, EventLog>();
  let index: RunIndex | null = null;
  const runIndex = (): RunIndex => (index ??= createRunIndex(home));

  const runDir = (runId: string): string => {
    if (!RUN_ID.test(runId))
      throw new FtdojoError('INVALID_INPUT', `not a run id: ${JSON.stringify(runId)}`, {
        hint: 'run ids look like aime25-mini-20260301-101500-a3f9: list them with `ftdojo runs`',
      });
    return join(runsDir, runId);
  };

  const existingRunDir = (runId: string): string => {
    const dir = runDir(runId);
    if (existsSync(eventLogPath(dir))) return dir;
    const known = existsSync(runsDir) ? readdirSync(runsDir).filter((name) => existsSync(eventLogPath(join(runsDir, name)))) : [];
    const suggestion = didYouMean(runId, known, { containment: true });
    throw new FtdojoError('INVALID_INPUT', `no run ${runId} in ${runsDir}${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`, {
      hint: 'list the runs with `ftdojo runs`',
    });
  };

  const follow = (log: EventLog): void => {
    try {
      runIndex().indexState(replayRun(log.events, { live: true }), log.bytes);
    } catch (error) {
      options.onIndexError?.(error, log.runId);
    }
  };

  const writer = (runId: string): EventLog => {
    const open = writers.get(runId);
    if (open !== undefined) return open;
    const log = openEventLog(eventLogPath(existingRunDir(runId)), { runId, now });
    writers.set(runId, log);
    return log;
  };

  const createFolder = (meta: RunMeta): { runId: string; dir: string } => {
    mkdirSync(runsDir, { recursive: true });
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const runId = makeRunId(meta.task, meta.profile, now(), randomHex());
      const dir = runDir(runId);
      try {
        mkdirSync(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      fsyncDirectory(runsDir);
      return { runId, dir };
    }
    throw new FtdojoError('INTERNAL', `could not find a free run id for ${meta.task} (${meta.profile}) in ${runsDir}`, { retryable: true });
  };

  return {
    home,
    runsDir,
    runDir,
    createRun(meta) {
      const { runId, dir } = createFolder(meta);
      const log = openEventLog(eventLogPath(dir), { runId, create: true, now });
      try {
        log.append({ type: 'run-started', ...meta });
      } catch (error) {
        // Nothing was recorded: leave no run behind.
        log.close();
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
      writers.set(runId, log);
      follow(log);
      return { runId, dir };
    },
    append(runId, draft) {
      if (draft.type === 'run-started')
        throw new FtdojoError('INVALID_INPUT', `run ${runId} has started already`, { hint: 'start a new run with createRun', fault: 'internal' });
      const log = writer(runId);
      const event = log.append(draft);
      follow(log);
      return event;
    },
    read(runId) {
      return readEventLog(eventLogPath(existingRunDir(runId)));
    },
    state(runId) {
      const open = writers.get(runId);
      if (open !== undefined) return replayRun(open.events, { live: true });
      const logPath = eventLogPath(existingRunDir(runId));
      return replayRun(readEventLog(logPath).events, { live: liveWriter(writerLockPath(logPath)) !== null });
    },
    list(filter) {
      runIndex().sync();
      return runIndex().listRuns(filter);
    },
    closeRun(runId) {
      writers.get(runId)?.close();
      writers.delete(runId);
    },
    close() {
      for (const log of writers.values()) log.close();
      writers.clear();
      index?.close();
      index = null;
    },
  };
}
