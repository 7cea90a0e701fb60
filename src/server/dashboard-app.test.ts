import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ComparePayload, ExperimentPayload, LeaderboardPayload, RunPayload, RunsPayload } from '../core/index.js';
import {
  completedFixtureRun,
  evaluationReportFixture,
  FIXTURE_META,
  fixtureStore,
  trainerLogFixture,
  writeJson,
  writeText,
} from '../report/run-report-fixture.js';
import { createDashboardApp } from './dashboard-app.js';

const noWeb = join(tmpdir(), 'ftdojo-no-web');
const appFor = (home: string) => createDashboardApp({ home, webRoot: noWeb, pollMs: 20 });

async function getJson<T>(app: ReturnType<typeof appFor>, path: string, status = 200): Promise<T> {
  const response = await app.request(path);
  expect(response.status).toBe(status);
  return (await response.json()) as T;
}

describe('dashboard API over a completed run', () => {
  const run = completedFixtureRun();
  const config = (lr: number) => `model_name_or_path: /models/SmolLM2-135M-Instruct\nlearning_rate: ${lr}\nnum_train_epochs: 1\n`;
  writeText(join(run.runDir, 'experiments', 'exp-001', 'submission', 'train.yaml'), config(0.0002));
  writeText(join(run.runDir, 'experiments', 'exp-002', 'submission', 'train.yaml'), config(0.0004));
  writeJson(join(run.runDir, 'experiments', 'exp-001', 'submission', 'strategy.json'), { count: 19, dedupe: true });
  writeJson(join(run.runDir, 'experiments', 'exp-002', 'submission', 'strategy.json'), { count: 29, dedupe: true });
  const app = appFor(run.home);

  it('lists the run with its scores, backbone and budget', async () => {
    const payload = await getJson<RunsPayload>(app, '/api/runs');
    expect(payload.problems).toEqual([]);
    expect(payload.runs).toHaveLength(1);
    expect(payload.runs[0]).toMatchObject({
      runId: run.runId,
      status: 'completed',
      iterations: 4,
      experiments: 4,
      bestExperimentId: 'exp-002',
      bestValidation: 0.56,
      test: 0.52,
      baseTest: 0.3,
      metric: 'accuracy',
      direction: 'higher',
      backbone: 'SmolLM2-135M-Instruct',
      budgetSeconds: 1800,
      live: null,
    });
  });

  it('gives the run report with its tree and the held-out result of the ended run', async () => {
    const payload = await getJson<RunPayload>(app, `/api/runs/${run.runId}`);
    expect(payload.report.tree.map((node) => node.experimentId)).toEqual(['exp-001']);
    expect(payload.report.tree[0]!.children.map((node) => node.experimentId)).toEqual(['exp-002']);
    expect(payload.report.heldOut.best?.value).toBe(0.52);
    expect(payload.live).toBeNull();
  });

  it('gives an experiment with its config and strategy diff against the parent, and its test score only when chosen', async () => {
    const second = await getJson<ExperimentPayload>(app, `/api/runs/${run.runId}/experiments/exp-002`);
    expect(second.configDiff).toEqual([{ key: 'learning_rate', before: 0.0002, after: 0.0004 }]);
    expect(second.strategyDiff).toEqual([{ key: 'count', before: 19, after: 29 }]);
    expect(second.lossCurve?.points).toHaveLength(4);
    expect(second.test?.value).toBe(0.52);
    const first = await getJson<ExperimentPayload>(app, `/api/runs/${run.runId}/experiments/exp-001`);
    expect(first.configDiff.map((change) => change.key)).toEqual(['learning_rate', 'model_name_or_path', 'num_train_epochs']);
    expect(first.test).toBeNull();
    const missing = await getJson<{ error: string; hint: string }>(app, `/api/runs/${run.runId}/experiments/exp-099`, 404);
    expect(missing.hint).toContain('exp-001, exp-002');
  });

  it('compares two experiments: config, strategy and metric deltas', async () => {
    const configs = await getJson<ComparePayload>(app, `/api/compare?a=${run.runId}/exp-001&b=${run.runId}/exp-002`);
    expect(configs.config).toEqual([{ key: 'learning_rate', before: 0.0002, after: 0.0004 }]);
    expect(configs.strategy).toEqual([{ key: 'count', before: 19, after: 29 }]);
    expect(configs.data.find((row) => row.name === 'rows selected')?.delta).toBe(0);
    const payload = await getJson<ComparePayload>(app, `/api/compare?a=${run.runId}/exp-001&b=${run.runId}/exp-004`);
    const accuracy = payload.metrics.find((row) => row.name === 'validation accuracy')!;
    expect(accuracy.a).toBeCloseTo(0.4);
    expect(accuracy.b).toBeCloseTo(0.5);
    expect(accuracy.delta).toBeCloseTo(0.1);
    expect(accuracy.better).toBe('b');
    const bad = await getJson<{ error: string }>(app, '/api/compare?a=x/y/z&b=q', 400);
    expect(bad.error).toContain('x/y/z');
  });

  it('compares two runs by their chosen experiments, with the run-level numbers', async () => {
    const other = completedFixtureRun();
    const both = createDashboardApp({ home: run.home, webRoot: noWeb, suites: [] });
    // Two runs of one home: copy the second run's folder under a new id.
    cpSync(other.runDir, join(run.home, 'runs', 'aime25-mini-20260301-110000-beef'), { recursive: true });
    const payload = await getJson<ComparePayload>(both, `/api/compare?a=${run.runId}&b=aime25-mini-20260301-110000-beef`);
    expect(payload.a.experimentId).toBe('exp-002');
    expect(payload.b.experimentId).toBe('exp-002');
    expect(payload.metrics.find((row) => row.name === 'held-out test (chosen experiment)')).toMatchObject({ a: 0.52, b: 0.52, delta: 0, better: 'same' });
  });

  it('only reads: other methods are refused, unknown routes answer JSON, and no front end says how to build it', async () => {
    expect((await app.request('/api/runs', { method: 'POST' })).status).toBe(405);
    expect((await getJson<{ hint: string }>(app, '/api/nothing', 404)).hint).toContain('/api/runs');
    const page = await app.request('/');
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('npm run build');
  });
});

describe('dashboard API after a run has ended', () => {
  it("picks up the base model's test report that lands after run-finished", async () => {
    const run = completedFixtureRun();
    rmSync(join(run.runDir, 'base-test'), { recursive: true });
    const app = appFor(run.home);
    expect((await getJson<RunsPayload>(app, '/api/runs')).runs[0]!.baseTest).toBeNull();
    writeJson(join(run.runDir, 'base-test', 'report.json'), evaluationReportFixture('test', 0.3));
    expect((await getJson<RunsPayload>(app, '/api/runs')).runs[0]!.baseTest).toBe(0.3);
  });
});

describe('dashboard API over a running run', () => {
  it("shows the stage, the trainer's step, loss and ETA, and hides held-out numbers", async () => {
    const { home, store } = fixtureStore();
    const { runId, dir } = store.createRun(FIXTURE_META);
    store.append(runId, { type: 'iteration-started', iteration: 1, parentExperimentId: null });
    store.append(runId, { type: 'stage-started', experimentId: 'exp-001', stage: 'train' });
    writeText(
      join(dir, 'experiments', 'exp-001', 'train', 'output', 'trainer_log.jsonl'),
      trainerLogFixture([2.5, 1.75]).split('\n').slice(0, 2).join('\n').replace(/}$/, ', "remaining_time": "0:01:05"}') + '\n',
    );
    writeJson(join(dir, 'base-test', 'report.json'), { broken: true });
    const payload = await getJson<RunsPayload>(appFor(home), '/api/runs');
    const row = payload.runs[0]!;
    expect(row.status).toBe('running');
    expect(row.live).toMatchObject({ iteration: 1, experimentId: 'exp-001', stage: 'train', step: 10, totalSteps: 10, loss: 1.75, etaSeconds: 65 });
    expect(row.test).toBeNull();
    expect(row.baseTest).toBeNull();
    store.close();
  });

  it('streams the runs list as server-sent events', async () => {
    const { home, store } = fixtureStore();
    store.createRun(FIXTURE_META);
    const response = await appFor(home).request('/api/stream');
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toMatch(/^event: runs\n/);
    const data = JSON.parse(
      text
        .split('\n')
        .find((line) => line.startsWith('data: '))!
        .slice(6),
    ) as RunsPayload;
    expect(data.runs[0]!.status).toBe('running');
    store.close();
  });
});

describe('dashboard API over an empty or damaged store', () => {
  it('answers an empty list for a home without runs', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ftdojo-empty-'));
    const payload = await getJson<RunsPayload>(appFor(home), '/api/runs');
    expect(payload).toMatchObject({ runs: [], problems: [] });
    expect(payload.runsDir).toBe(join(home, 'runs'));
  });

  it('lists a corrupt log as a problem with a hint, keeps the readable runs, and answers 422 for it', async () => {
    const run = completedFixtureRun();
    const bad = join(run.home, 'runs', 'aime25-mini-20260101-000000-dead');
    mkdirSync(bad);
    writeFileSync(join(bad, 'events.jsonl'), 'this is not json\n');
    const app = appFor(run.home);
    const payload = await getJson<RunsPayload>(app, '/api/runs');
    expect(payload.runs.map((row) => row.runId)).toEqual([run.runId]);
    expect(payload.problems).toHaveLength(1);
    expect(payload.problems[0]!.runDir).toBe(bad);
    expect(payload.problems[0]!.message).toContain('events.jsonl:1');
    const error = await getJson<{ error: string; hint: string }>(app, '/api/runs/aime25-mini-20260101-000000-dead', 422);
    expect(error.error).toContain('cannot be read');
    expect(error.hint).not.toBe('');
  });
});

describe('the leaderboard route', () => {
  it("rebuilds each suite's leaderboard from its rows, with the spread over seeds", async () => {
    const home = mkdtempSync(join(tmpdir(), 'ftdojo-bench-'));
    const row = (agent: string, seed: number, test: number) => ({
      task: 'financeiq',
      agent,
      seed,
      state: 'completed',
      metric: 'accuracy',
      direction: 'higher',
      test,
      iterations: 2,
      failuresCaughtEarly: 0,
      succeeded: 2,
      seconds: 600,
      runRef: null,
      note: '',
    });
    writeText(
      join(home, 'bench', 'mini-1', 'rows.jsonl'),
      [row('ft-agent', 0, 0.3), row('ft-agent', 1, 0.4), row('base', 0, 0.2), row('base', 1, 0.2)].map((entry) => JSON.stringify(entry)).join('\n') + '\n',
    );
    const payload = await getJson<LeaderboardPayload>(appFor(home), '/api/leaderboard');
    expect(payload.suites).toHaveLength(1);
    const suite = payload.suites[0]!;
    expect(suite.seeds).toBe(2);
    const agent = suite.leaderboard.entries.find((entry) => entry.agent === 'ft-agent')!;
    expect(agent.mean).toBeCloseTo(0.35);
    expect(agent.spread).toBeCloseTo(Math.sqrt(0.005));
    expect(agent.best).toBe(true);
    // Rows written before the integrity audit have no flags: none shown.
    expect(agent.flags).toEqual([]);
  });

  it("carries each run's integrity flags to its leaderboard entry", async () => {
    const home = mkdtempSync(join(tmpdir(), 'ftdojo-bench-'));
    const row = (agent: string, seed: number, flags: string[]) => ({
      task: 'financeiq',
      agent,
      seed,
      state: 'completed',
      metric: 'accuracy',
      direction: 'higher',
      test: 0.3,
      iterations: 2,
      failuresCaughtEarly: 0,
      succeeded: 2,
      seconds: 600,
      runRef: null,
      note: '',
      flags,
    });
    writeText(
      join(home, 'bench', 'mini-1', 'rows.jsonl'),
      [row('mcp:outside', 0, ['budget-overrun']), row('mcp:outside', 1, ['held-out-overlap']), row('base', 0, [])]
        .map((entry) => JSON.stringify(entry))
        .join('\n') + '\n',
    );
    const payload = await getJson<LeaderboardPayload>(appFor(home), '/api/leaderboard');
    const entries = payload.suites[0]!.leaderboard.entries;
    expect(entries.map((entry) => [entry.agent, entry.flags])).toEqual([
      ['mcp:outside', ['budget-overrun', 'held-out-overlap']],
      ['base', []],
    ]);
    expect(payload.suites[0]!.rows[0]!.flags).toEqual(['budget-overrun']);
  });
});
