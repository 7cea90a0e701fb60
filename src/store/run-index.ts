import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FtdojoError, type ProfileName } from '../core/index.js';
import { eventLogPath, readEventLog, writerLockPath } from './event-log.js';
import { replayRun, type ExperimentStatus, type RunState, type RunStatus } from './replay-run.js';
import { liveWriter } from './writer-lock.js';

/**
 * A SQLite index of the runs under `<home>/runs`, for `ftdojo runs` and the dashboard. Derived
 * data: every row is replayed from a run's log, so deleting the database loses nothing (the next
 * `sync` or `rebuild` makes it again). WAL, so readers do not wait for the writer.
 */
export const INDEX_FILE = 'index.sqlite';
/** How long a write waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 5_000;

export function runsDirectory(home: string): string {
  return join(home, 'runs');
}

export interface RunSummary {
  runId: string;
  task: string;
  profile: ProfileName;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  bestExperimentId: string | null;
  bestMetric: number | null;
  /** Completed iterations. */
  iterations: number;
  agent: string;
  planner: string;
  lastSeq: number;
}

export interface ExperimentSummary {
  runId: string;
  experimentId: string;
  iteration: number | null;
  state: ExperimentStatus;
  metric: number | null;
  verdict: string | null;
}

export interface RunFilter {
  task?: string;
  profile?: string;
  status?: RunStatus | RunStatus[];
  /** The newest this many. */
  limit?: number;
}

export interface IndexReport {
  /** Runs whose rows were written. */
  indexed: string[];
  /** Run folders whose log could not be read; the others are indexed all the same. */
  failed: { runDir: string; message: string }[];
}

export interface RunIndex {
  readonly path: string;
  /** Replays one run's log and writes its rows. */
  indexRun(runDir: string): RunSummary;
  /** Writes the rows of a run already replayed (`logBytes`: the size of its log, for `sync`). */
  indexState(state: RunState, logBytes: number): RunSummary;
  /** Brings the index up to the logs: new and grown logs, writers gone, runs removed. */
  sync(): IndexReport;
  /** Empties the index and replays every log. */
  rebuild(): IndexReport;
  listRuns(filter?: RunFilter): RunSummary[];
  experiments(runId: string): ExperimentSummary[];
  /** Closes the database; the next call opens it again. */
  close(): void;
}

interface Migration {
  version: number;
  sql: string;
}

/** Each schema change is a new entry; an index at an older version takes the ones after it. */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        task TEXT NOT NULL,
        profile TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        best_experiment_id TEXT,
        best_metric REAL,
        iterations INTEGER NOT NULL,
        agent TEXT NOT NULL,
        planner TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        log_bytes INTEGER NOT NULL,
        dir TEXT NOT NULL
      );
      CREATE INDEX runs_by_start ON runs (started_at DESC, id DESC);
      CREATE TABLE experiments (
        run_id TEXT NOT NULL,
        experiment_id TEXT NOT NULL,
        iteration INTEGER,
        state TEXT NOT NULL,
        metric REAL,
        verdict TEXT,
        PRIMARY KEY (run_id, experiment_id)
      );`,
  },
];
export const INDEX_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

function migrate(db: Database.Database, path: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null };
  const current = row.version ?? 0;
  if (current > INDEX_SCHEMA_VERSION) {
    throw new FtdojoError('UNSUPPORTED', `the run index ${path} has schema version ${current}, newer than this ftdojo knows (${INDEX_SCHEMA_VERSION})`, {
      hint: `upgrade ftdojo, or delete ${path}: it is rebuilt from the run logs`,
    });
  }
  for (const migration of MIGRATIONS.filter((step) => step.version > current)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(migration.version);
    })();
  }
}

function openDatabase(path: string): Database.Database {
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    // Derived data: losing the last transactions to a power cut costs a re-sync, not the record.
    db.pragma('synchronous = NORMAL');
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

const DAMAGED = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/** Opens the index; a damaged file is deleted and made anew (the caller syncs it from the logs). */
function openOrRecreate(path: string): Database.Database {
  try {
    return openDatabase(path);
  } catch (error) {
    if (!DAMAGED.has((error as { code?: string }).code ?? '')) throw error;
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    return openDatabase(path);
  }
}

interface RunRow {
  id: string;
  task: string;
  profile: ProfileName;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  best_experiment_id: string | null;
  best_metric: number | null;
  iterations: number;
  agent: string;
  planner: string;
  last_seq: number;
  log_bytes: number;
  dir: string;
}

function summary(row: RunRow): RunSummary {
  return {
    runId: row.id,
    task: row.task,
    profile: row.profile,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    bestExperimentId: row.best_experiment_id,
    bestMetric: row.best_metric,
    iterations: row.iterations,
    agent: row.agent,
    planner: row.planner,
    lastSeq: row.last_seq,
  };
}

function rowOf(state: RunState, logBytes: number, dir: string): RunRow {
  const best = state.bestExperimentId === null ? undefined : state.experiments.get(state.bestExperimentId);
  return {
    id: state.runId,
    task: state.task,
    profile: state.profile,
    status: state.status,
    started_at: state.startedAt,
    finished_at: state.finishedAt,
    best_experiment_id: state.bestExperimentId,
    best_metric: best?.primaryMetric ?? null,
    iterations: state.completedIterations,
    agent: state.agent.name,
    planner: state.agent.planner,
    last_seq: state.lastSeq,
    log_bytes: logBytes,
    dir,
  };
}

/** The run folders under `<home>/runs` that hold a log. */
function runFolders(runsDir: string): string[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(eventLogPath(join(runsDir, entry.name))))
    .map((entry) => join(runsDir, entry.name));
}

function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/** The index of `<home>/runs`. Nothing is opened until the first call. */
export function createRunIndex(home: string): RunIndex {
  const runsDir = resolve(runsDirectory(home));
  const path = join(runsDir, INDEX_FILE);
  let db: Database.Database | null = null;

  const database = (): Database.Database => {
    if (db === null) {
      mkdirSync(runsDir, { recursive: true });
      db = openOrRecreate(path);
    }
    return db;
  };

  const write = (row: RunRow, state: RunState): void => {
    const handle = database();
    handle.transaction(() => {
      handle
        .prepare(
          `INSERT INTO runs (id, task, profile, status, started_at, finished_at, best_experiment_id, best_metric, iterations, agent, planner, last_seq, log_bytes, dir)
           VALUES (@id, @task, @profile, @status, @started_at, @finished_at, @best_experiment_id, @best_metric, @iterations, @agent, @planner, @last_seq, @log_bytes, @dir)
           ON CONFLICT (id) DO UPDATE SET task = excluded.task, profile = excluded.profile, status = excluded.status, started_at = excluded.started_at,
             finished_at = excluded.finished_at, best_experiment_id = excluded.best_experiment_id, best_metric = excluded.best_metric,
             iterations = excluded.iterations, agent = excluded.agent, planner = excluded.planner, last_seq = excluded.last_seq,
             log_bytes = excluded.log_bytes, dir = excluded.dir`,
        )
        .run(row);
      handle.prepare('DELETE FROM experiments WHERE run_id = ?').run(row.id);
      const insert = handle.prepare('INSERT INTO experiments (run_id, experiment_id, iteration, state, metric, verdict) VALUES (?, ?, ?, ?, ?, ?)');
      for (const experiment of state.experiments.values())
        insert.run(row.id, experiment.experimentId, experiment.iteration, experiment.state, experiment.primaryMetric, experiment.verdict);
    })();
  };

  const indexState = (state: RunState, logBytes: number): RunSummary => {
    const row = rowOf(state, logBytes, join(runsDir, state.runId));
    write(row, state);
    return summary(row);
  };

  const indexRun = (folder: string): RunSummary => {
    const runDir = resolve(folder);
    const logPath = eventLogPath(runDir);
    const contents = readEventLog(logPath);
    const state = replayRun(contents.events, { live: liveWriter(writerLockPath(logPath)) !== null });
    const row = rowOf(state, contents.bytes + (contents.droppedTail?.bytes ?? 0), runDir);
    write(row, state);
    return summary(row);
  };

  const indexFolders = (folders: string[], report: IndexReport): void => {
    for (const runDir of folders) {
      try {
        report.indexed.push(indexRun(runDir).runId);
      } catch (error) {
        report.failed.push({ runDir, message: (error as Error).message });
      }
    }
  };

  const removeRun = (runId: string): void => {
    const handle = database();
    handle.transaction(() => {
      handle.prepare('DELETE FROM experiments WHERE run_id = ?').run(runId);
      handle.prepare('DELETE FROM runs WHERE id = ?').run(runId);
    })();
  };

  return {
    path,
    indexRun,
    indexState,
    sync() {
      const known = new Map((database().prepare('SELECT * FROM runs').all() as RunRow[]).map((row) => [row.dir, row]));
      const stale: string[] = [];
      for (const runDir of runFolders(runsDir)) {
        const row = known.get(runDir);
        const logPath = eventLogPath(runDir);
        const size = fileSize(logPath);
        if (size === null) continue; // removed while we looked: its rows go below
        known.delete(runDir);
        const grown = row === undefined || size !== row.log_bytes;
        const writerGone = row?.status === 'running' && liveWriter(writerLockPath(logPath)) === null;
        if (grown || writerGone) stale.push(runDir);
      }
      for (const gone of known.values()) removeRun(gone.id);
      const report: IndexReport = { indexed: [], failed: [] };
      indexFolders(stale, report);
      return report;
    },
    rebuild() {
      const handle = database();
      handle.transaction(() => {
        handle.exec('DELETE FROM experiments; DELETE FROM runs;');
      })();
      const report: IndexReport = { indexed: [], failed: [] };
      indexFolders(runFolders(runsDir), report);
      return report;
    },
    listRuns(filter = {}) {
      const clauses: string[] = [];
      const values: (string | number)[] = [];
      const where = (clause: string, ...bound: (string | number)[]): void => {
        clauses.push(clause);
        values.push(...bound);
      };
      if (filter.task !== undefined) where('task = ?', filter.task);
      if (filter.profile !== undefined) where('profile = ?', filter.profile);
      const statuses = filter.status === undefined ? [] : [filter.status].flat();
      if (statuses.length > 0) where(`status IN (${statuses.map(() => '?').join(', ')})`, ...statuses);
      const condition = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
      const limit = filter.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '';
      const rows = database()
        .prepare(`SELECT * FROM runs ${condition} ORDER BY started_at DESC, id DESC ${limit}`)
        .all(...values) as RunRow[];
      return rows.map(summary);
    },
    experiments(runId) {
      const rows = database().prepare('SELECT * FROM experiments WHERE run_id = ? ORDER BY rowid').all(runId) as {
        run_id: string;
        experiment_id: string;
        iteration: number | null;
        state: ExperimentStatus;
        metric: number | null;
        verdict: string | null;
      }[];
      return rows.map((row) => ({
        runId: row.run_id,
        experimentId: row.experiment_id,
        iteration: row.iteration,
        state: row.state,
        metric: row.metric,
        verdict: row.verdict,
      }));
    },
    close() {
      db?.close();
      db = null;
    },
  };
}

/** Rebuilds `<home>/runs/index.sqlite` from the run logs. */
export function rebuildIndex(home: string): IndexReport {
  const index = createRunIndex(home);
  try {
    return index.rebuild();
  } finally {
    index.close();
  }
}
