import Database from 'better-sqlite3';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FtdojoError, type RunMeta } from '../core/index.js';
import { eventLogPath, openEventLog } from './event-log.js';
import { createRunIndex, INDEX_FILE, INDEX_SCHEMA_VERSION, rebuildIndex, runsDirectory, type RunIndex } from './run-index.js';
import { createRunStore, type RunStore } from './run-store.js';

const meta = (task: string, profile: 'mini' | 'paper' = 'mini'): RunMeta => ({
  task,
  profile,
  budget: { wallSeconds: null, trainingSeconds: null, llmTokens: null, experiments: 3 },
  agent: { name: 'ft-agent', planner: 'rule-based', settings: {} },
  seed: 0,
  ftdojoVersion: '0.1.0',
  taskFile: null,
});

let home: string;
let clock: number;
let store: RunStore;
let index: RunIndex;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ftdojo-run-index-'));
  clock = Date.UTC(2026, 2, 1, 10, 0, 0);
  let hex = 0;
  store = createRunStore(home, { now: () => new Date(clock), randomHex: () => (hex++).toString(16).padStart(4, '0') });
  index = createRunIndex(home);
});
afterEach(() => {
  store.close();
  index.close();
  rmSync(home, { recursive: true, force: true });
});

/** A run that finished one iteration: exp-001 accepted with `metric`. */
function finishedRun(task: string, metric: number, profile: 'mini' | 'paper' = 'mini'): string {
  const { runId } = store.createRun(meta(task, profile));
  store.append(runId, { type: 'iteration-started', iteration: 1, parentExperimentId: null });
  store.append(runId, { type: 'stage-started', experimentId: 'exp-001', stage: 'train' });
  store.append(runId, {
    type: 'experiment-finished',
    experimentId: 'exp-001',
    state: 'succeeded',
    feedbackPath: 'experiments/exp-001/feedback.json',
    primaryMetric: metric,
    verdict: 'improved',
  });
  store.append(runId, { type: 'decision', experimentId: 'exp-001', accepted: true, bestExperimentId: 'exp-001', reason: 'first' });
  store.append(runId, { type: 'iteration-finished', iteration: 1 });
  store.append(runId, { type: 'run-finished', state: 'completed', reason: 'budget spent', bestExperimentId: 'exp-001' });
  store.closeRun(runId);
  clock += 60_000;
  return runId;
}

function removeDatabase(): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(runsDirectory(home), `${INDEX_FILE}${suffix}`), { force: true });
}

describe('createRunIndex', () => {
  it('indexes a run from its log: the run row and its experiments', () => {
    const runId = finishedRun('aime25', 0.25);
    expect(index.indexRun(store.runDir(runId))).toEqual({
      runId,
      task: 'aime25',
      profile: 'mini',
      status: 'completed',
      startedAt: '2026-03-01T10:00:00.000Z',
      finishedAt: '2026-03-01T10:00:00.000Z',
      bestExperimentId: 'exp-001',
      bestMetric: 0.25,
      iterations: 1,
      agent: 'ft-agent',
      planner: 'rule-based',
      lastSeq: 7,
    });
    expect(index.experiments(runId)).toEqual([{ runId, experimentId: 'exp-001', iteration: 1, state: 'succeeded', metric: 0.25, verdict: 'improved' }]);
  });

  it('opens nothing until it is used, and opens again after close', () => {
    const lazy = createRunIndex(join(home, 'elsewhere'));
    expect(existsSync(join(home, 'elsewhere'))).toBe(false);
    expect(lazy.listRuns()).toEqual([]);
    lazy.close();
    lazy.close();
    expect(lazy.listRuns()).toEqual([]);
    lazy.close();
  });

  it('is a WAL database with a busy timeout and its schema version recorded', () => {
    index.listRuns();
    index.close();
    const db = new Database(join(runsDirectory(home), INDEX_FILE), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: INDEX_SCHEMA_VERSION }]);
    expect(INDEX_SCHEMA_VERSION).toBe(1);
    db.close();
  });

  it('lists the newest first, ties by id, with filters and a limit', () => {
    const first = finishedRun('aime25', 0.1);
    const second = finishedRun('financeiq', 0.2, 'paper');
    clock -= 60_000;
    const tie = finishedRun('aime25', 0.3); // started in the same second as `second`
    const running = store.createRun(meta('aime25')).runId;
    index.sync();
    expect(index.listRuns().map((run) => run.runId)).toEqual([running, second, tie, first]);
    expect(index.listRuns({ task: 'aime25' }).map((run) => run.runId)).toEqual([running, tie, first]);
    expect(index.listRuns({ profile: 'paper' }).map((run) => run.runId)).toEqual([second]);
    expect(index.listRuns({ status: 'running' }).map((run) => run.runId)).toEqual([running]);
    expect(index.listRuns({ status: ['completed', 'failed'], task: 'aime25' }).map((run) => run.runId)).toEqual([tie, first]);
    expect(index.listRuns({ limit: 2 }).map((run) => run.runId)).toEqual([running, second]);
    expect(index.listRuns({ status: 'interrupted' })).toEqual([]);
  });

  it('loses nothing when the database is deleted: rebuildIndex makes it again from the logs', () => {
    const runs = [finishedRun('aime25', 0.1), finishedRun('financeiq', 0.2)];
    index.sync();
    const before = index.listRuns();
    const experimentsBefore = runs.map((runId) => index.experiments(runId));
    index.close();
    removeDatabase();
    expect(rebuildIndex(home)).toEqual({ indexed: expect.arrayContaining(runs), failed: [] });
    expect(index.listRuns()).toEqual(before);
    expect(runs.map((runId) => index.experiments(runId))).toEqual(experimentsBefore);
  });

  it('syncs new and grown logs, drops removed runs, and marks runs whose writer is gone interrupted', () => {
    const done = finishedRun('aime25', 0.1);
    const { runId: live } = store.createRun(meta('aime25'));
    // The store indexed its own appends: nothing to do.
    expect(index.sync().indexed).toEqual([]);
    index.close();
    removeDatabase();
    expect(index.sync().indexed.sort()).toEqual([done, live].sort());
    // A log that grew behind the index's back (another process, an index error) is read again.
    const log = openEventLog(eventLogPath(store.runDir(done)), { runId: done });
    log.append({ type: 'note', text: 'written past the index' });
    log.close();
    expect(index.sync().indexed).toEqual([done]);
    expect(index.listRuns({ status: 'running' }).map((run) => run.runId)).toEqual([live]);
    store.closeRun(live);
    expect(index.sync().indexed).toEqual([live]);
    expect(index.listRuns().find((run) => run.runId === live)?.status).toBe('interrupted');
    rmSync(store.runDir(done), { recursive: true });
    index.sync();
    expect(index.listRuns().map((run) => run.runId)).toEqual([live]);
    expect(index.experiments(done)).toEqual([]);
  });

  it('indexes the other runs when one log is damaged, and reports it', () => {
    const good = finishedRun('aime25', 0.1);
    const bad = finishedRun('financeiq', 0.2);
    appendFileSync(eventLogPath(store.runDir(bad)), 'garbage\n');
    index.close();
    removeDatabase();
    const report = index.rebuild();
    expect(report.indexed).toEqual([good]);
    expect(report.failed).toEqual([{ runDir: store.runDir(bad), message: expect.stringMatching(/events\.jsonl:8: not JSON/) }]);
    expect(index.listRuns().map((run) => run.runId)).toEqual([good]);
  });

  it('makes a damaged database anew', () => {
    const runId = finishedRun('aime25', 0.1);
    index.close();
    removeDatabase();
    writeFileSync(join(runsDirectory(home), INDEX_FILE), 'this is not a database, just bytes '.repeat(200));
    expect(index.sync().indexed).toEqual([runId]);
    expect(index.listRuns().map((run) => run.runId)).toEqual([runId]);
  });

  it('refuses a database written by a newer ftdojo, with a hint', () => {
    index.listRuns();
    index.close();
    const db = new Database(join(runsDirectory(home), INDEX_FILE));
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(INDEX_SCHEMA_VERSION + 1);
    db.close();
    let error: unknown;
    try {
      index.listRuns();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FtdojoError);
    expect((error as FtdojoError).code).toBe('UNSUPPORTED');
    expect((error as FtdojoError).hint).toMatch(/it is rebuilt from the run logs/);
  });
});
