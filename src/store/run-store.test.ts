import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunMeta } from '../core/index.js';
import { eventLogPath, writerLockPath } from './event-log.js';
import { INDEX_FILE } from './run-index.js';
import { createRunStore, makeRunId, type RunStore } from './run-store.js';
import { refusal } from '../testing/refusal.js';

const META: RunMeta = {
  task: 'aime25',
  profile: 'mini',
  budget: { wallSeconds: 3600, trainingSeconds: null, llmTokens: 100000, experiments: 5 },
  agent: { name: 'ft-agent', planner: 'llm', settings: { model: 'local' } },
  seed: 1,
  ftdojoVersion: '0.1.0',
  taskFile: null,
};
const NOW = new Date(Date.UTC(2026, 2, 1, 10, 15, 0));

let home: string;
const stores: RunStore[] = [];
function open(options: Parameters<typeof createRunStore>[1] = {}): RunStore {
  const store = createRunStore(home, { now: () => NOW, ...options });
  stores.push(store);
  return store;
}
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ftdojo-run-store-'));
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(home, { recursive: true, force: true });
});

describe('makeRunId', () => {
  it('is <task>-<profile>-<yyyymmdd-hhmmss>-<4 hex>, in UTC, with the task made safe for a folder name', () => {
    expect(makeRunId('aime25', 'mini', NOW, 'a3f9')).toBe('aime25-mini-20260301-101500-a3f9');
    expect(makeRunId('My Task/v2', 'paper', new Date(Date.UTC(2026, 11, 31, 23, 59, 59)), '0000')).toBe('my-task-v2-paper-20261231-235959-0000');
  });
});

describe('createRunStore', () => {
  it('creates a run: its folder, its log starting with run-started, running while it is written', () => {
    const store = open({ randomHex: () => 'a3f9' });
    const { runId, dir } = store.createRun(META);
    expect(runId).toBe('aime25-mini-20260301-101500-a3f9');
    expect(dir).toBe(join(home, 'runs', runId));
    expect(store.read(runId).events).toEqual([{ schemaVersion: 2, runId, seq: 1, at: NOW.toISOString(), type: 'run-started', ...META }]);
    expect(store.state(runId)).toMatchObject({ runId, status: 'running', task: 'aime25', agent: { planner: 'llm' }, lastSeq: 1 });
    expect(store.list()).toMatchObject([{ runId, status: 'running', iterations: 0, agent: 'ft-agent', planner: 'llm' }]);
  });

  it('appends events and follows them in the state and the index', () => {
    const store = open();
    const { runId } = store.createRun(META);
    expect(store.append(runId, { type: 'iteration-started', iteration: 1, parentExperimentId: null })).toMatchObject({ seq: 2, runId });
    store.append(runId, {
      type: 'experiment-finished',
      experimentId: 'exp-001',
      state: 'succeeded',
      feedbackPath: 'experiments/exp-001/feedback.json',
      primaryMetric: 0.4,
      verdict: 'improved',
    });
    store.append(runId, { type: 'decision', experimentId: 'exp-001', accepted: true, bestExperimentId: 'exp-001', reason: 'first' });
    store.append(runId, { type: 'iteration-finished', iteration: 1 });
    expect(store.state(runId)).toMatchObject({ status: 'running', completedIterations: 1, bestExperimentId: 'exp-001', lastSeq: 5 });
    expect(store.list()).toMatchObject([{ runId, status: 'running', iterations: 1, bestExperimentId: 'exp-001', bestMetric: 0.4, lastSeq: 5 }]);
    store.append(runId, { type: 'run-finished', state: 'completed', reason: 'budget spent', bestExperimentId: 'exp-001' });
    expect(store.list({ status: 'completed' })).toMatchObject([{ runId, finishedAt: NOW.toISOString() }]);
  });

  it('reads a run left without run-finished as interrupted once its writer is gone, and resumes it', () => {
    const first = open();
    const { runId } = first.createRun(META);
    first.append(runId, { type: 'iteration-started', iteration: 1, parentExperimentId: null });
    first.closeRun(runId);
    expect(existsSync(writerLockPath(eventLogPath(first.runDir(runId))))).toBe(false);
    expect(first.state(runId)).toMatchObject({ status: 'interrupted', pendingIteration: { iteration: 1 } });
    expect(first.list()).toMatchObject([{ runId, status: 'interrupted' }]);
    first.close();

    const resumed = open();
    expect(resumed.append(runId, { type: 'run-resumed', ftdojoVersion: '0.2.0' }).seq).toBe(3);
    expect(resumed.state(runId)).toMatchObject({ status: 'running', resumes: 1, ftdojoVersion: '0.2.0', pendingIteration: { iteration: 1 } });
    expect(resumed.list()).toMatchObject([{ runId, status: 'running' }]);
  });

  it('lets one store write a run at a time', () => {
    const writer = open();
    const { runId } = writer.createRun(META);
    const other = open();
    const error = refusal(() => other.append(runId, { type: 'note', text: 'me too' }));
    expect(error.message).toMatch(/is being written by another process/);
    expect(other.state(runId).status).toBe('running');
    writer.closeRun(runId);
    expect(other.append(runId, { type: 'note', text: 'my turn' }).seq).toBe(2);
  });

  it('never loses an event to an index failure, and the next list catches the index up', () => {
    const failures: string[] = [];
    const store = open({ onIndexError: (error, runId) => failures.push(`${runId}: ${(error as Error).message}`) });
    mkdirSync(join(home, 'runs', INDEX_FILE), { recursive: true }); // a folder where the database should be
    const { runId } = store.createRun(META);
    store.append(runId, { type: 'note', text: 'still recorded' });
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(new RegExp(`^${runId}: `));
    expect(store.read(runId).events.map((event) => event.type)).toEqual(['run-started', 'note']);
    store.closeRun(runId);

    rmSync(join(home, 'runs', INDEX_FILE), { recursive: true });
    expect(open().list()).toMatchObject([{ runId, status: 'interrupted', lastSeq: 2 }]);
  });

  it('gives two runs started in the same second different ids', () => {
    const hexes = ['beef', 'beef', 'cafe'];
    const store = open({ randomHex: () => hexes.shift()! });
    expect(store.createRun(META).runId).toBe('aime25-mini-20260301-101500-beef');
    expect(store.createRun(META).runId).toBe('aime25-mini-20260301-101500-cafe');
  });

  it('leaves no run behind when run-started is invalid', () => {
    const store = open();
    const error = refusal(() => store.createRun({ ...META, seed: -1 }));
    expect(error.message).toMatch(/^not a valid "run-started" event: seed: /);
    expect(readdirSync(join(home, 'runs')).filter((name) => name !== INDEX_FILE && !name.startsWith(`${INDEX_FILE}-`))).toEqual([]);
  });

  it('refuses unknown runs with a suggestion, ids that are not run ids, and a second run-started', () => {
    const store = open({ randomHex: () => 'a3f9' });
    const { runId } = store.createRun(META);
    const unknown = refusal(() => store.state('aime25-mini-20260301-101500-a3f8'));
    expect(unknown.message).toBe(`no run aime25-mini-20260301-101500-a3f8 in ${join(home, 'runs')} (did you mean ${runId}?)`);
    expect(unknown.hint).toBe('list the runs with `ftdojo runs`');
    for (const bad of ['../etc', 'a/b', '', '.hidden']) expect(refusal(() => store.read(bad)).message).toBe(`not a run id: ${JSON.stringify(bad)}`);
    expect(refusal(() => store.append(runId, { type: 'run-started', ...META })).message).toBe(`run ${runId} has started already`);
    expect(readFileSync(eventLogPath(store.runDir(runId)), 'utf8').split('\n')).toHaveLength(2);
  });

  it('lists nothing in a home without runs', () => {
    expect(open().list()).toEqual([]);
  });
});
