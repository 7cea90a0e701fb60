import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hypothesis } from '../../core/index.js';
import type { RunStore } from '../../store/index.js';
import { createRunStore } from '../../store/index.js';
import type { InMemoryDojo, ScriptedOutcome } from '../../testing/in-memory-dojo.js';
import { createInMemoryDojo } from '../../testing/in-memory-dojo.js';
import { initialHypothesis } from '../plan/heuristic-planner.js';
import type { Planner } from './planner.js';
import { createHeuristicPlanner } from './planner.js';
import { startRunRecord } from './recorder.js';
import { runAgent, type LoopState } from './run-agent.js';
import { aborted, budgetSpent, firstStop, maxIterations, noImprovementFor, type LoopView } from './stop-conditions.js';
import { createTemplateImplementer } from '../implement/implementer.js';

/*
 * FT-Agent's rules (acceptance, plateau, budget, iterations, Ctrl-C, the recorded parent) on the
 * in-memory dojo: no Python, no sandbox, no model. Each experiment's verdicts are scripted.
 */
const dirs: string[] = [];
const stores: RunStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const HYPOTHESIS = initialHypothesis({
  sampleCap: 400,
  poolHasSolutions: false,
  modelContext: 2048,
  remainingSeconds: 600,
  tokensPerSecond: 60,
  charactersPerToken: 3,
});

/** Builds on the last experiment (not the best): the tree must record that parent. */
const plannerOnLast = (ideas = Infinity): Planner => ({
  name: 'scripted',
  async propose({ attempts }) {
    if (attempts.length >= ideas) return null;
    return { ...HYPOTHESIS, parentExperimentId: attempts.at(-1)?.experimentId ?? null } satisfies Hypothesis;
  },
});

const fresh = (): LoopState => ({ iteration: 0, attempt: 1, attempts: [], bestId: null, sinceImprovement: 0 });

/** A run store in a fresh folder (removed after the test) and a run started in it. */
function freshRecord(prefix: string, planner: string) {
  const home = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(home);
  const store = createRunStore(home);
  stores.push(store);
  const recorder = startRunRecord(store, {
    task: 'financeiq',
    taskFile: null,
    profile: 'mini',
    budget: { wallSeconds: 3600, trainingSeconds: null, llmTokens: null, experiments: null },
    agent: { name: 'ft-agent', planner, settings: {} },
    seed: 0,
    ftdojoVersion: 'test',
  });
  return { store, recorder };
}

async function run(
  script: ScriptedOutcome[],
  options: { budgetSeconds?: number; maxIterations?: number; planner?: Planner | ((dojo: InMemoryDojo) => Planner); signal?: AbortSignal } = {},
) {
  const { store, recorder } = freshRecord('ftdojo-rules-', 'scripted');
  const dojo = createInMemoryDojo({ script: (index) => script[index] ?? { versusBest: 'inconclusive' }, budgetSeconds: options.budgetSeconds ?? 3600 });
  const session = await dojo.open({ workspace: recorder.runDir });
  const outcome = await runAgent({
    session,
    recorder,
    planner: typeof options.planner === 'function' ? options.planner(dojo) : (options.planner ?? plannerOnLast()),
    implementer: createTemplateImplementer(),
    stops: [aborted(options.signal), budgetSpent(), noImprovementFor(3), maxIterations(options.maxIterations)],
    state: fresh(),
    signal: options.signal,
  });
  return { outcome, dojo, state: store.state(recorder.runId), events: store.read(recorder.runId).events };
}

describe('FT-Agent on the in-memory dojo', () => {
  it('accepts the first experiment not worse than the base model, then only improvements over the best', async () => {
    const { outcome, dojo, state } = await run(
      [
        { score: 0.3, versusBase: 'inconclusive' },
        { score: 0.35, versusBest: 'inconclusive' },
        { score: 0.5, versusBest: 'improved' },
        { versusBest: 'no-better' },
      ],
      { maxIterations: 4 },
    );
    expect(state.iterations.map((iteration) => iteration.decision?.accepted)).toEqual([true, false, true, false]);
    expect(outcome.bestExperimentId).toBe('exp-003');
    // Each experiment is compared with the best at its time.
    expect(dojo.requests.map((request) => request.compareTo)).toEqual([null, 'exp-001', 'exp-001', 'exp-003']);
    expect(outcome.reason).toBe('4 iterations, the maximum asked for');
  });

  it('does not accept a first experiment worse than the base model, nor a failed one', async () => {
    const { state, outcome } = await run([{ versusBase: 'worse' }, { state: 'failed' }, { versusBase: 'improved' }], { maxIterations: 3 });
    expect(state.iterations.map((iteration) => iteration.decision?.accepted)).toEqual([false, false, true]);
    expect(state.iterations[1]?.decision?.reason).toBe('not accepted: the experiment failed at train');
    expect(outcome.bestExperimentId).toBe('exp-003');
  });

  it('ends on a plateau after 3 experiments in a row that do not beat the best', async () => {
    const { outcome, state } = await run([
      { versusBase: 'improved' },
      { versusBest: 'worse' },
      { versusBest: 'inconclusive' },
      { versusBest: 'no-better' },
      { versusBest: 'improved' },
    ]);
    expect(outcome).toMatchObject({ state: 'completed', reason: 'plateau: 3 experiments in a row did not beat the best', bestExperimentId: 'exp-001' });
    expect(state.completedIterations).toBe(4);
  });

  it('ends when too little budget is left for another experiment, without starting one', async () => {
    // 1000 s: three experiments of 300 s leave 100 s, under the 180 s minimum.
    const { outcome, dojo } = await run([{ seconds: 300 }, { seconds: 300, versusBest: 'improved' }, { seconds: 300, versusBest: 'improved' }], {
      budgetSeconds: 1000,
    });
    expect(dojo.requests).toHaveLength(3);
    expect(outcome.reason).toBe('budget: 100 s left, too little for another experiment');
  });

  it('ends cleanly when planning outlasts the budget: the finished iteration is kept and no experiment starts with no time left', async () => {
    // The second plan takes 900 s of the 1000 s budget (a slow model, its fallback after it).
    const slowSecondPlan = (dojo: InMemoryDojo): Planner => ({
      name: 'slow',
      async propose({ attempts }) {
        if (attempts.length === 1) dojo.advance(900);
        return { ...HYPOTHESIS, parentExperimentId: attempts.at(-1)?.experimentId ?? null };
      },
    });
    const { outcome, dojo, state } = await run([{ seconds: 60 }], { budgetSeconds: 1000, planner: slowSecondPlan });
    expect(dojo.requests).toHaveLength(1);
    expect(outcome).toMatchObject({ state: 'completed', bestExperimentId: 'exp-001' });
    expect(outcome.reason).toBe('budget: 40 s left, too little for another experiment');
    expect(state.completedIterations).toBe(1);
    expect(state.pendingIteration).toBeNull();
  });

  it('ends when the planner has no untried idea left', async () => {
    const { outcome } = await run([{}, { versusBest: 'improved' }], { planner: plannerOnLast(2) });
    expect(outcome.reason).toBe('the planner has no untried idea left');
  });

  it('stops at once when the signal is aborted, recording nothing more', async () => {
    const controller = new AbortController();
    controller.abort();
    const { outcome, dojo, state } = await run([{}], { signal: controller.signal });
    expect(outcome).toMatchObject({ state: 'stopped', reason: 'stopped by the user' });
    expect(dojo.requests).toHaveLength(0);
    expect(state.iterations).toHaveLength(0);
  });

  it('records the parent the plan really used, not the best', async () => {
    const { state } = await run([{ versusBase: 'improved' }, { versusBest: 'worse' }, { versusBest: 'worse' }], { maxIterations: 3 });
    expect(state.iterations.map((iteration) => iteration.parentExperimentId)).toEqual([null, 'exp-001', 'exp-002']);
    expect(state.bestExperimentId).toBe('exp-001');
  });

  it('records every step in order: iteration, propose, implement, validate, experiment, decision', async () => {
    const { events } = await run([{}], { maxIterations: 1 });
    expect(events.map((event) => (event.type === 'stage-started' || event.type === 'stage-finished' ? `${event.type}:${event.stage}` : event.type))).toEqual([
      'run-started',
      'iteration-started',
      'stage-started:propose',
      'stage-finished:propose',
      'hypothesis-proposed',
      'stage-started:implement',
      'stage-finished:implement',
      'experiment-finished',
      'decision',
      'iteration-finished',
    ]);
  });
});

describe('stop conditions', () => {
  const view = (change: Partial<LoopView> & { left?: number; started?: number; limit?: number | null } = {}): LoopView => ({
    iteration: change.iteration ?? 0,
    sinceImprovement: change.sinceImprovement ?? 0,
    budget: {
      schemaVersion: 1,
      kind: 'budget',
      wallSeconds: { limit: 1000, spent: 1000 - (change.left ?? 1000), left: change.left ?? 1000 },
      experiments: { started: change.started ?? 0, limit: change.limit ?? null },
      minimumExperimentSeconds: 180,
      exhausted: false,
    },
  });
  it('compose in order: the first that holds gives the reason', () => {
    const stops = [budgetSpent(), noImprovementFor(2), maxIterations(5)];
    expect(firstStop(stops, view())).toBeNull();
    expect(firstStop(stops, view({ left: 10, sinceImprovement: 2 }))?.reason).toBe('budget: 10 s left, too little for another experiment');
    expect(firstStop(stops, view({ sinceImprovement: 2, iteration: 5 }))?.reason).toBe('plateau: 2 experiments in a row did not beat the best');
    expect(firstStop(stops, view({ iteration: 5 }))?.reason).toBe('5 iterations, the maximum asked for');
    expect(firstStop(stops, view({ started: 3, limit: 3 }))?.reason).toBe('budget: the 3 experiments allowed are spent');
    expect(maxIterations(undefined)(view({ iteration: 99 }))).toBeNull();
  });
});

/** FT-Agent with the built-in planner in parallel rounds; each experiment's outcome is scripted by its id. */
async function runParallel(script: ScriptedOutcome[], options: { parallel: number; maxIterations: number }) {
  const { store, recorder } = freshRecord('ftdojo-rounds-', 'heuristic');
  // Scripted by experiment id: side by side, the order in which experiments start is not fixed.
  const scriptOf = (id: string | undefined) => script[Number(/^exp-(\d+)/.exec(id ?? '')?.[1] ?? 0) - 1];
  const dojo = createInMemoryDojo({
    script: (_index, request) => scriptOf(request.experimentId) ?? { versusBest: 'inconclusive' },
    budgetSeconds: 3600,
    minimumExperimentSeconds: 1,
  });
  const session = await dojo.open({ workspace: recorder.runDir });
  const context = { sampleCap: 400, poolHasSolutions: false, modelContext: 2048, tokensPerSecond: 60, charactersPerToken: 3 };
  const outcome = await runAgent({
    session,
    recorder,
    planner: createHeuristicPlanner(context),
    implementer: createTemplateImplementer(),
    stops: [budgetSpent(), maxIterations(options.maxIterations)],
    state: fresh(),
    parallel: options.parallel,
  });
  const events = store.read(recorder.runId).events;
  return { outcome, dojo, state: store.state(recorder.runId), events };
}

describe('FT-Agent in parallel rounds (--parallel) on the in-memory dojo', () => {
  /** The log with what varies between runs (times, durations) left out. */
  const shape = (events: readonly { type: string }[]) =>
    events.map((event) => {
      const { seq: _seq, at: _at, seconds: _seconds, runId: _runId, ...rest } = event as Record<string, unknown>;
      return rest;
    });

  it('runs different plans side by side and logs them in iteration order, whichever ends first', async () => {
    // Round 1: exp-001 ends last; round 2: exp-003 ends last.
    const script: ScriptedOutcome[] = [
      { score: 0.3, endsAfterMs: 60 },
      { score: 0.4, endsAfterMs: 5 },
      { score: 0.5, versusBest: 'improved', endsAfterMs: 60 },
      { score: 0.45, versusBest: 'improved', endsAfterMs: 5 },
    ];
    const first = await runParallel(script, { parallel: 2, maxIterations: 4 });
    const reversed = await runParallel(
      script.map((outcome, index) => ({ ...outcome, endsAfterMs: index % 2 === 0 ? 5 : 60 })),
      { parallel: 2, maxIterations: 4 },
    );
    expect(shape(first.events)).toEqual(shape(reversed.events));
    expect(first.dojo.requests.map((request) => request.experimentId).sort()).toEqual(['exp-001', 'exp-002', 'exp-003', 'exp-004']);
    // Distinct plans in a round, each its own parent: round 1 builds both from scratch.
    const roundOne = first.dojo.requests.filter((request) => ['exp-001', 'exp-002'].includes(request.experimentId ?? ''));
    expect(new Set(roundOne.map((request) => JSON.stringify(request.files))).size).toBe(2);
    expect(roundOne.map((request) => request.parentExperimentId)).toEqual([null, null]);
    // Iterations open and close one at a time in the log: the replay sees a plain sequence.
    const opened = first.events.filter((event) => event.type === 'iteration-started' || event.type === 'iteration-finished').map((event) => event.type);
    expect(opened).toEqual(Array.from({ length: 4 }, () => ['iteration-started', 'iteration-finished']).flat());
    expect(first.state.anomalies).toEqual([]);
    expect(first.state.iterations.map((iteration) => iteration.status)).toEqual(['finished', 'finished', 'finished', 'finished']);
  });

  it('decides a round by rule: of two that pass, the better becomes the best and the other says why it was not', async () => {
    const { events, outcome } = await runParallel(
      [{ score: 0.3 }, { score: 0.4 }, { score: 0.5, versusBest: 'improved' }, { score: 0.45, versusBest: 'improved' }],
      { parallel: 2, maxIterations: 4 },
    );
    const decisions = events.filter((event) => event.type === 'decision') as unknown as {
      experimentId: string;
      accepted: boolean;
      bestExperimentId: string;
      reason: string;
    }[];
    expect(decisions.map((decision) => [decision.experimentId, decision.accepted, decision.bestExperimentId])).toEqual([
      ['exp-001', false, null],
      ['exp-002', true, 'exp-002'],
      ['exp-003', true, 'exp-003'],
      ['exp-004', false, 'exp-003'],
    ]);
    expect(decisions[0]!.reason).toMatch(/^not accepted: it passed .*, but exp-002 of the same round scored better \(accuracy 0\.4 against 0\.3\)/);
    expect(decisions[3]!.reason).toMatch(/but exp-003 of the same round scored better/);
    expect(outcome.bestExperimentId).toBe('exp-003');
  });
});

describe('parallel rounds and the stop conditions', () => {
  it('fills a round only with the iterations --max-iterations still allows', async () => {
    const { dojo, outcome } = await runParallel(
      Array.from({ length: 4 }, () => ({ versusBest: 'improved' as const })),
      { parallel: 2, maxIterations: 3 },
    );
    expect(dojo.requests).toHaveLength(3);
    expect(outcome.reason).toMatch(/3 iterations/);
  });
});
