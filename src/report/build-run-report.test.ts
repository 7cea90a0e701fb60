import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Feedback } from '../core/index.js';
import { buildRunReport, experimentTree } from './build-run-report.js';
import type { FixtureRun } from './run-report-fixture.js';
import { completedFixtureRun, FIXTURE_META, fixtureStore, hypothesisFixture, writeBaselineRun } from './run-report-fixture.js';
import type { ReportIteration } from '../core/index.js';

const NOW = () => new Date('2026-03-02T00:00:00.000Z');
const runs: { home: string; store: FixtureRun['store'] }[] = [];
function track<T extends { home: string; store: FixtureRun['store'] }>(run: T): T {
  runs.push(run);
  return run;
}
afterEach(() => {
  for (const run of runs.splice(0)) {
    run.store.close();
    rmSync(run.home, { recursive: true, force: true });
  }
});

describe('buildRunReport on a completed run', () => {
  it('states the run facts: task, status, budget, time used, planner, best', () => {
    const { store, runId, runDir } = track(completedFixtureRun());
    const report = buildRunReport(store, runId, { now: NOW });
    expect(report).toMatchObject({ schemaVersion: 1, kind: 'ftdojo-run-report', generatedAt: '2026-03-02T00:00:00.000Z' });
    expect(report.run).toMatchObject({
      runId,
      runDir,
      task: 'aime25',
      profile: 'mini',
      status: 'completed',
      finishReason: 'the experiment budget is spent',
      planner: 'heuristic',
      agent: 'ft-agent',
      iterationsFinished: 4,
      experiments: 4,
      bestExperimentId: 'exp-002',
      budget: FIXTURE_META.budget,
    });
    // Wall clock from run-started to run-finished (the fixture's clock moves a minute per event).
    const state = store.state(runId);
    expect(report.run.secondsUsed).toBe((Date.parse(state.finishedAt!) - Date.parse(state.startedAt)) / 1000);
    expect(report.run.secondsUsed).toBeGreaterThan(40 * 60);
    expect(report.run.stageSeconds).toBe(4 * (1 + 10 + 20) + 100 + 200 + 300 + 400);
    expect(report.primaryMetric).toEqual({ metric: 'accuracy', direction: 'higher' });
    expect(report.baseValidation).toEqual({ metric: 'accuracy', value: 0.3, interval: null });
  });

  it('reports each iteration: plan, settings, state, validation with interval, verdict, decision, stage seconds', () => {
    const { store, runId } = track(completedFixtureRun());
    const [first, second, third, fourth] = buildRunReport(store, runId).iterations as [ReportIteration, ReportIteration, ReportIteration, ReportIteration];
    expect(first).toMatchObject({
      iteration: 1,
      experimentId: 'exp-001',
      parentExperimentId: null,
      summary: 'plan 1',
      state: 'succeeded',
      verdict: 'improved',
      accepted: true,
      decisionReason: 'beats the best beyond noise',
      bestAfter: 'exp-001',
      failure: null,
      diagnosis: null,
    });
    expect(first.plan).toMatchObject({
      changes: 'data',
      addresses: 'none',
      expectedEffect: 'validation accuracy above the base model',
      data: { count: 800, response: 'target' },
      training: { learning_rate: 0.0002, num_train_epochs: 2 },
    });
    // From the feedback (no eval/report.json in exp-001's folder).
    expect(first.validation).toEqual({ metric: 'accuracy', value: 0.4, interval: { low: expect.closeTo(0.3, 9), high: expect.closeTo(0.5, 9), level: 0.95 } });
    expect(first.stageSeconds).toEqual({ propose: 1, validate: 10, train: 100, evaluate: 20 });
    // eval/report.json wins over the feedback and the log.
    expect(second).toMatchObject({
      experimentId: 'exp-002',
      parentExperimentId: 'exp-001',
      validation: { value: 0.56, interval: { low: expect.closeTo(0.46, 9), high: expect.closeTo(0.66, 9) } },
    });
    expect(third).toMatchObject({
      experimentId: 'exp-003',
      state: 'failed',
      validation: null,
      accepted: false,
      failure: { category: 'OOM', hint: 'lower per_device_train_batch_size or cutoff_len', rootCause: ['torch.OutOfMemoryError: CUDA out of memory'] },
    });
    expect(fourth).toMatchObject({ experimentId: 'exp-004', parentExperimentId: 'exp-002', verdict: 'inconclusive', accepted: false, bestAfter: 'exp-002' });
  });

  it('totals the tokens trained and the seconds of each part of the run, held-out scoring included', () => {
    const { store, runId } = track(completedFixtureRun());
    // Three experiments trained 100 s at 500 tokens/s; exp-003 ran out of memory before training reported anything.
    // The stages are the log's; held-out is the gap before test-scored (the fixture's clock moves a minute per event).
    expect(buildRunReport(store, runId).totals).toEqual({
      trainedTokens: 150_000,
      experimentsWithoutTokens: 0,
      stageSeconds: { propose: 4, implement: 0, validate: 40, train: 1000, evaluate: 80, heldOut: 60 },
    });
  });

  it('names the dominant problem with the diagnosis rule its caller passes in', () => {
    const { store, runId } = track(completedFixtureRun());
    const diagnose = (feedback: Feedback) => ({ problem: feedback.execution.state === 'failed' ? 'failed-run' : 'none', evidence: [feedback.experimentId] });
    const report = buildRunReport(store, runId, { diagnose });
    expect(report.iterations.map((iteration) => iteration.diagnosis?.problem)).toEqual(['none', 'none', 'failed-run', 'none']);
    expect(report.iterations[2]!.diagnosis!.evidence).toEqual(['exp-003']);
  });

  it('builds the experiment tree parent → children, marking the best', () => {
    const { store, runId } = track(completedFixtureRun());
    const { tree } = buildRunReport(store, runId);
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ experimentId: 'exp-001', accepted: true, best: false });
    expect(tree[0]!.children.map((node) => node.experimentId)).toEqual(['exp-002']);
    expect(tree[0]!.children[0]).toMatchObject({ best: true, validation: 0.56 });
    expect(tree[0]!.children[0]!.children.map((node) => node.experimentId)).toEqual(['exp-003', 'exp-004']);
  });

  it('reads a loss curve per trained experiment from trainer_log.jsonl, the summary line left out', () => {
    const { store, runId } = track(completedFixtureRun());
    const { lossCurves } = buildRunReport(store, runId);
    expect(lossCurves.map((curve) => curve.experimentId)).toEqual(['exp-001', 'exp-002', 'exp-004']);
    expect(lossCurves[0]).toEqual({
      experimentId: 'exp-001',
      source: 'trainer-log',
      nonFinite: 0,
      points: [
        { step: 5, loss: 2 },
        { step: 10, loss: 1.5 },
        { step: 15, loss: 1.1 },
        { step: 20, loss: 0.9 },
      ],
    });
  });

  it('sets the held-out test of the best next to the base model and the latest completed baseline', () => {
    const run = track(completedFixtureRun());
    writeBaselineRun(run.home, 'baseline-aime25-mini-20260301-080000', { createdAt: '2026-03-01T08:00:00.000Z', test: 0.41 });
    writeBaselineRun(run.home, 'baseline-aime25-mini-20260301-090000', { createdAt: '2026-03-01T09:00:00.000Z', test: 0.45 });
    writeBaselineRun(run.home, 'baseline-aime25-mini-20260301-093000', { createdAt: '2026-03-01T09:30:00.000Z', state: 'failed' });
    writeBaselineRun(run.home, 'baseline-aime25-mini-x-20260301-100000', { createdAt: '2026-03-01T10:00:00.000Z', profile: 'mini-x' });
    const { heldOut } = buildRunReport(run.store, run.runId);
    expect(heldOut.metric).toBe('accuracy');
    expect(heldOut.best).toEqual({ experimentId: 'exp-002', metric: 'accuracy', value: 0.52, interval: { low: 0.42, high: 0.62, level: 0.95 } });
    expect(heldOut.base).toMatchObject({ metric: 'accuracy', value: 0.3 });
    expect(heldOut.baseline).toMatchObject({ runId: 'baseline-aime25-mini-20260301-090000', test: { value: 0.45 }, limit: null });
    expect(heldOut.baselineHint).toBeNull();
  });

  it('says how to get a baseline when there is none', () => {
    const { store, runId } = track(completedFixtureRun());
    const { heldOut } = buildRunReport(store, runId);
    expect(heldOut.baseline).toBeNull();
    expect(heldOut.baselineHint).toBe('no completed fixed-recipe baseline for aime25 (mini) yet: run `ftdojo baseline --task aime25`');
  });
});

describe('buildRunReport on an interrupted run with missing and damaged files', () => {
  it('shows what is there: the plan from the log, no scores, a warning per unreadable file', () => {
    const run = track(fixtureStore());
    const { runId, dir } = run.store.createRun(FIXTURE_META);
    run.store.append(runId, { type: 'iteration-started', iteration: 1, parentExperimentId: null });
    run.store.append(runId, { type: 'hypothesis-proposed', hypothesis: { ...hypothesisFixture({ rationale: 'from the log' }) }, summary: 'first plan' });
    run.store.append(runId, { type: 'stage-started', experimentId: 'exp-001', stage: 'train' });
    const folder = join(dir, 'experiments', 'exp-001');
    // No writer is left: the run reads as interrupted, as after a crash.
    run.store.closeRun(runId);
    // A torn feedback.json and a trainer log whose last line has no newline yet.
    mkdirSync(join(folder, 'train', 'output'), { recursive: true });
    writeFileSync(join(folder, 'feedback.json'), '{"schemaVersion": 1, "kind": "ftdojo-feed');
    writeFileSync(
      join(folder, 'train', 'output', 'trainer_log.jsonl'),
      '{"current_steps": 5, "total_steps": 20, "loss": NaN}\n{"current_steps": 10, "total_steps": 20, "loss": 1.2}\n{"current_st',
    );
    const report = buildRunReport(run.store, runId);
    expect(report.run.status).toBe('interrupted');
    expect(report.iterations).toHaveLength(1);
    expect(report.iterations[0]).toMatchObject({
      status: 'open',
      experimentId: 'exp-001',
      state: 'interrupted',
      validation: null,
      accepted: null,
      decisionReason: null,
      plan: { rationale: 'from the log' },
    });
    expect(report.lossCurves).toEqual([{ experimentId: 'exp-001', source: 'trainer-log', nonFinite: 1, points: [{ step: 10, loss: 1.2 }] }]);
    expect(report.heldOut).toMatchObject({ base: null, best: null, baseline: null });
    expect(report.warnings).toEqual([expect.stringMatching(/^experiments\/exp-001\/feedback\.json: cannot be read/)]);
  });

  it('reports a run with no iteration at all', () => {
    const run = track(fixtureStore());
    const { runId } = run.store.createRun(FIXTURE_META);
    const report = buildRunReport(run.store, runId);
    expect(report).toMatchObject({ iterations: [], tree: [], lossCurves: [], primaryMetric: null, baseValidation: null, warnings: [] });
    expect(report.run.status).toBe('running');
  });
});

describe('experimentTree', () => {
  const iteration = (number: number, experimentId: string, parentExperimentId: string | null) =>
    ({ iteration: number, experimentId, parentExperimentId, validation: null, accepted: null }) as unknown as ReportIteration;

  it('makes a root of a child whose parent is unknown or comes later, so a damaged log cannot make a cycle', () => {
    const tree = experimentTree([iteration(1, 'a', 'b'), iteration(2, 'b', 'a'), iteration(3, 'c', 'ghost')], null);
    expect(tree.map((node) => node.experimentId)).toEqual(['a', 'c']);
    expect(tree[0]!.children.map((node) => node.experimentId)).toEqual(['b']);
  });
});
