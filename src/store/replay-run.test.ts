import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunEvent, type RunEvent, type RunEventDraft, type RunMeta } from '../core/index.js';
import { replayRun } from './replay-run.js';
import { refusal } from '../testing/refusal.js';

const RUN = 'aime25-mini-20260301-101500-a3f9';
const META: RunMeta = {
  task: 'aime25',
  profile: 'mini',
  budget: { wallSeconds: 3600, trainingSeconds: 1800, llmTokens: null, experiments: 10 },
  agent: { name: 'ft-agent', planner: 'rule-based', settings: { noImprovementFor: 3 } },
  seed: 7,
  ftdojoVersion: '0.1.0',
  taskFile: null,
};

/** Numbers drafts into a log as the event log would: seq from 1, a second apart. */
function log(...drafts: RunEventDraft[]): RunEvent[] {
  return drafts.map(
    (draft, index) => ({ ...draft, schemaVersion: 2, runId: RUN, seq: index + 1, at: new Date(Date.UTC(2026, 2, 1, 10, 0, index)).toISOString() }) as RunEvent,
  );
}

const started: RunEventDraft = { type: 'run-started', ...META };

/** One whole iteration: propose, the experiment's stages, its result, the decision. */
function iteration(
  number: number,
  experimentId: string,
  metric: number,
  accepted: boolean,
  best: string | null,
  parent: string | null = null,
): RunEventDraft[] {
  const stages = (['implement', 'validate', 'train', 'evaluate'] as const).flatMap((stage): RunEventDraft[] => [
    { type: 'stage-started', experimentId, stage },
    { type: 'stage-finished', experimentId, stage, outcome: 'succeeded', seconds: 10 },
  ]);
  return [
    { type: 'iteration-started', iteration: number, parentExperimentId: parent },
    { type: 'stage-started', experimentId: null, stage: 'propose' },
    { type: 'hypothesis-proposed', hypothesis: { problem: 'none', rows: number * 100 }, summary: `try ${number}` },
    { type: 'stage-finished', experimentId: null, stage: 'propose', outcome: 'succeeded', seconds: 1 },
    ...stages,
    {
      type: 'experiment-finished',
      experimentId,
      state: 'succeeded',
      feedbackPath: `experiments/${experimentId}/feedback.json`,
      primaryMetric: metric,
      verdict: accepted ? 'improved' : 'no-better',
    },
    { type: 'decision', experimentId, accepted, bestExperimentId: best, reason: accepted ? 'better' : 'not better' },
    { type: 'iteration-finished', iteration: number },
  ];
}

/** Iteration 2 cut off by a crash during training. */
const crashedInTraining: RunEventDraft[] = [
  started,
  ...iteration(1, 'exp-001', 0.2, true, 'exp-001'),
  { type: 'iteration-started', iteration: 2, parentExperimentId: 'exp-001' },
  { type: 'stage-started', experimentId: null, stage: 'propose' },
  { type: 'hypothesis-proposed', hypothesis: { problem: 'underfitting' }, summary: 'three epochs' },
  { type: 'stage-finished', experimentId: null, stage: 'propose', outcome: 'succeeded', seconds: 1 },
  { type: 'stage-started', experimentId: 'exp-002', stage: 'implement' },
  { type: 'stage-finished', experimentId: 'exp-002', stage: 'implement', outcome: 'succeeded', seconds: 2 },
  { type: 'stage-started', experimentId: 'exp-002', stage: 'train' },
];

describe('replayRun', () => {
  it('replays a run of two iterations to completion', () => {
    const state = replayRun(
      log(started, ...iteration(1, 'exp-001', 0.2, true, 'exp-001'), ...iteration(2, 'exp-002', 0.1, false, 'exp-001', 'exp-001'), {
        type: 'run-finished',
        state: 'completed',
        reason: 'budget spent',
        bestExperimentId: 'exp-001',
      }),
    );
    expect(state).toMatchObject({
      runId: RUN,
      task: 'aime25',
      profile: 'mini',
      seed: 7,
      status: 'completed',
      finishReason: 'budget spent',
      bestExperimentId: 'exp-001',
      completedIterations: 2,
      pendingIteration: null,
      lastSeq: 32,
      anomalies: [],
    });
    expect(state.finishedAt).toBe(state.updatedAt);
    expect([...state.experiments.keys()]).toEqual(['exp-001', 'exp-002']);
    expect(state.experiments.get('exp-002')).toEqual({
      experimentId: 'exp-002',
      iteration: 2,
      state: 'succeeded',
      primaryMetric: 0.1,
      verdict: 'no-better',
      feedbackPath: 'experiments/exp-002/feedback.json',
      accepted: false,
      test: null,
    });
    const [first, second] = state.iterations;
    expect(second).toMatchObject({
      iteration: 2,
      parentExperimentId: 'exp-001',
      status: 'finished',
      attempt: 1,
      summary: 'try 2',
      experimentIds: ['exp-002'],
      decision: { accepted: false, bestExperimentId: 'exp-001' },
    });
    expect(first?.stages.map((stage) => [stage.stage, stage.outcome])).toEqual([
      ['propose', 'succeeded'],
      ['implement', 'succeeded'],
      ['validate', 'succeeded'],
      ['train', 'succeeded'],
      ['evaluate', 'succeeded'],
    ]);
  });

  it('reads a crash in the middle of an iteration as interrupted, with that iteration pending', () => {
    const state = replayRun(log(...crashedInTraining));
    expect(state).toMatchObject({
      status: 'interrupted',
      completedIterations: 1,
      bestExperimentId: 'exp-001',
      lastSeq: crashedInTraining.length,
      finishedAt: null,
    });
    expect(state.pendingIteration).toMatchObject({
      iteration: 2,
      status: 'open',
      parentExperimentId: 'exp-001',
      summary: 'three epochs',
      experimentIds: ['exp-002'],
      decision: null,
    });
    expect(state.pendingIteration?.stages.at(-1)).toMatchObject({ stage: 'train', experimentId: 'exp-002', finishedAt: null, outcome: null });
    expect(state.experiments.get('exp-002')?.state).toBe('interrupted');
    expect(state.iterations.map((record) => record.status)).toEqual(['finished', 'open']);
  });

  it('reads the same log as running while its writer lives', () => {
    const state = replayRun(log(...crashedInTraining), { live: true });
    expect(state.status).toBe('running');
    expect(state.experiments.get('exp-002')?.state).toBe('running');
    expect(state.pendingIteration?.iteration).toBe(2);
  });

  it('replaces the crashed attempt when resume redoes the iteration', () => {
    const state = replayRun(
      log(...crashedInTraining, { type: 'run-resumed', ftdojoVersion: '0.2.0' }, ...iteration(2, 'exp-003', 0.3, true, 'exp-003', 'exp-001'), {
        type: 'run-finished',
        state: 'completed',
        reason: 'done',
        bestExperimentId: 'exp-003',
      }),
    );
    expect(state).toMatchObject({
      status: 'completed',
      resumes: 1,
      ftdojoVersion: '0.2.0',
      completedIterations: 2,
      pendingIteration: null,
      bestExperimentId: 'exp-003',
      anomalies: [],
    });
    expect(state.iterations.map((record) => [record.iteration, record.attempt, record.experimentIds])).toEqual([
      [1, 1, ['exp-001']],
      [2, 2, ['exp-003']],
    ]);
    expect(state.experiments.get('exp-002')).toMatchObject({ iteration: 2, state: 'interrupted', accepted: null });
    expect(state.experiments.get('exp-003')).toMatchObject({ iteration: 2, state: 'succeeded', accepted: true });
  });

  it('keeps the pending iteration of a run stopped mid-iteration, and reopens the run on resume', () => {
    const stopped = [...crashedInTraining, { type: 'run-finished', state: 'stopped', reason: 'SIGINT', bestExperimentId: 'exp-001' } as const];
    expect(replayRun(log(...stopped))).toMatchObject({ status: 'stopped', finishReason: 'SIGINT', pendingIteration: { iteration: 2 } });
    const resumed = replayRun(log(...stopped, { type: 'run-resumed', ftdojoVersion: '0.1.0' }), { live: true });
    expect(resumed).toMatchObject({ status: 'running', finishedAt: null, finishReason: null, resumes: 1, pendingIteration: { iteration: 2 } });
    expect(resumed.experiments.get('exp-002')?.state).toBe('interrupted');
  });

  it('reads a run that crashed right after starting', () => {
    expect(replayRun(log(started))).toMatchObject({
      status: 'interrupted',
      lastSeq: 1,
      iterations: [],
      completedIterations: 0,
      pendingIteration: null,
      bestExperimentId: null,
    });
    expect(replayRun(log(started), { live: true }).status).toBe('running');
  });

  it('records failed runs, notes, test scores and the best from the last word', () => {
    const state = replayRun(
      log(
        started,
        ...iteration(1, 'exp-001', 0.2, true, 'exp-001'),
        { type: 'note', text: 'disk nearly full' },
        { type: 'run-finished', state: 'failed', reason: 'out of disk', bestExperimentId: 'exp-001' },
        { type: 'test-scored', experimentId: 'exp-001', metric: 'accuracy', value: 0.15, interval: null },
      ),
    );
    expect(state).toMatchObject({ status: 'failed', finishReason: 'out of disk', notes: [{ text: 'disk nearly full' }] });
    expect(state.experiments.get('exp-001')?.test).toEqual({ metric: 'accuracy', value: 0.15, interval: null });
    // The held-out scoring is the gap before test-scored: the log writes events a second apart.
    expect(state.heldOutSeconds).toBe(1);
    expect(replayRun(log(started, ...iteration(1, 'exp-001', 0.2, true, 'exp-001'))).heldOutSeconds).toBeNull();
  });

  it('times the held-out scoring of the measured financeiq run from the gap before its test-scored event', () => {
    const lines = readFileSync(new URL('../core/fixtures/run-events-v1.financeiq-run-2026-12-02.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n');
    const state = replayRun(lines.map((line) => parseRunEvent(JSON.parse(line))));
    // iteration-finished at 16:10:18.128, test-scored at 16:13:39.604.
    expect(state.heldOutSeconds).toBeCloseTo(201.476, 3);
  });

  it('lists events that do not fit the story as anomalies instead of refusing the run', () => {
    const state = replayRun(
      log(
        started,
        { type: 'stage-started', experimentId: 'exp-000', stage: 'train' },
        { type: 'iteration-finished', iteration: 1 },
        { type: 'iteration-started', iteration: 1, parentExperimentId: null },
        { type: 'stage-finished', experimentId: 'exp-001', stage: 'train', outcome: 'failed', seconds: 3 },
        { type: 'iteration-started', iteration: 2, parentExperimentId: null },
        { type: 'iteration-finished', iteration: 2 },
        { type: 'iteration-started', iteration: 2, parentExperimentId: null },
      ),
      { live: true },
    );
    expect(state.anomalies).toEqual([
      'event 2 (stage-started) outside any iteration',
      'iteration 1 finished but was not open (event 3)',
      'stage train finished without starting (event 5)',
      'iteration 1 was left unfinished when iteration 2 started (event 6)',
      'iteration 2 started again after it ended (event 8)',
    ]);
    expect(state.experiments.get('exp-000')?.iteration).toBeNull();
    expect(state.iterations.map((record) => [record.iteration, record.status])).toEqual([
      [1, 'abandoned'],
      [2, 'finished'],
      [2, 'open'],
    ]);
    expect(state.iterations[0]?.stages).toEqual([
      { stage: 'train', experimentId: 'exp-001', startedAt: null, finishedAt: '2026-03-01T10:00:04.000Z', outcome: 'failed', seconds: 3 },
    ]);
    expect(state.completedIterations).toBe(1);
  });

  it('refuses a log whose structure is broken', () => {
    expect(refusal(() => replayRun([])).message).toBe('a run log without events');
    expect(refusal(() => replayRun(log({ type: 'note', text: 'hello' }))).message).toBe(`run ${RUN}, event 1: the log starts with note, not run-started`);
    expect(refusal(() => replayRun(log(started, started))).message).toBe(`run ${RUN}, event 2: a second run-started`);
    const events = log(started, { type: 'note', text: 'a' }, { type: 'note', text: 'b' });
    expect(refusal(() => replayRun([events[0]!, events[2]!])).message).toBe(`run ${RUN}, event 3: seq 3 follows 1`);
    expect(refusal(() => replayRun([events[1]!])).code).toBe('CORRUPT_DATA');
    expect(refusal(() => replayRun([events[0]!, { ...events[1]!, runId: 'other' }])).message).toBe(`run ${RUN}, event 2: an event of run "other"`);
  });

  it('is pure: the events are not changed and a replay twice gives the same state', () => {
    const events = log(...crashedInTraining, { type: 'run-resumed', ftdojoVersion: '0.1.0' }, ...iteration(2, 'exp-003', 0.3, true, 'exp-003'));
    const frozen = structuredClone(events);
    const deepFreeze = (value: unknown): void => {
      if (typeof value === 'object' && value !== null) Object.values(Object.freeze(value)).forEach(deepFreeze);
    };
    deepFreeze(events);
    const first = replayRun(events);
    expect(events).toEqual(frozen);
    expect(replayRun(events)).toEqual(first);
  });

  it('replays the committed v1 example log', () => {
    const text = readFileSync(new URL('../core/fixtures/run-events-v1.example.jsonl', import.meta.url), 'utf8');
    const state = replayRun(
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => parseRunEvent(JSON.parse(line))),
    );
    expect(state).toMatchObject({ status: 'completed', resumes: 1, completedIterations: 2, bestExperimentId: 'exp-001', lastSeq: 40, anomalies: [] });
    expect(state.experiments.get('exp-001')?.test?.value).toBe(0.1333);
  });
});
