import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../../config/index.js';
import type { Hypothesis } from '../../core/index.js';
import { DOJO_SESSION_VERSION } from '../../core/index.js';
import { rejectionOf } from '../../testing/refusal.js';
import { FtdojoError } from '../../core/index.js';
import { createDataRepository } from '../../data/index.js';
import { openDojoSession, prepareTaskEnvironment } from '../../dojo/index.js';
import { createRunStore } from '../../store/index.js';
import { getTask } from '../../tasks/index.js';
import { realDojoRequirements } from '../../testing/real-dojo.js';
import { bubblewrapSandboxFor } from '../../testing/task-sandbox-for-tests.js';
import { initialHypothesis } from '../plan/heuristic-planner.js';
import type { Planner } from './planner.js';
import { loopStateOf } from './attempts.js';
import { createRunRecorder } from './recorder.js';
import { runAgent } from './run-agent.js';
import { budgetSpent, noImprovementFor } from './stop-conditions.js';
import { createTemplateImplementer } from '../implement/implementer.js';

const { mirror, runtime, skip } = await realDojoRequirements();
const root = mkdtempSync(join(tmpdir(), 'ftdojo-agent-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A planner double: one tiny experiment (16 rows, 2 optimizer steps), then no more ideas. */
function tinyPlanner(): Planner {
  let proposed = 0;
  return {
    name: 'tiny',
    async propose() {
      proposed += 1;
      if (proposed > 1) return null;
      const first = initialHypothesis({
        sampleCap: 400,
        poolHasSolutions: false,
        modelContext: 8192,
        remainingSeconds: 600,
        tokensPerSecond: 60,
        charactersPerToken: 1.5,
      });
      const tiny: Hypothesis = {
        ...first,
        data: { ...first.data, count: 16 },
        training: { ...first.training, per_device_train_batch_size: 4, gradient_accumulation_steps: 2, num_train_epochs: 1 },
      };
      return tiny;
    },
  };
}

describe.skipIf(skip !== null)(`FT-Agent's loop on the real dojo${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('works a real session: reads, refusals, one experiment recorded step by step, a rule decision, finish and close', async () => {
    if ('skip' in runtime) return;
    const home = join(root, 'home');
    const repository = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
    const environment = await prepareTaskEnvironment({ task: getTask('financeiq'), profile: 'mini', repository, runtime: { ...runtime.config, home } });
    const store = createRunStore(home);
    const { runId } = store.createRun({
      task: 'financeiq',
      taskFile: null,
      profile: 'mini',
      budget: { wallSeconds: 1800, trainingSeconds: null, llmTokens: null, experiments: null },
      agent: { name: 'ft-agent', planner: 'tiny', settings: {} },
      seed: 0,
      ftdojoVersion: 'test',
    });
    const runDir = store.runDir(runId);
    const handle = openDojoSession({
      environment,
      workspace: runDir,
      budgetSeconds: 1800,
      seed: 0,
      evalLimit: 3,
      sandboxFor: bubblewrapSandboxFor(environment),
      baseEvalDir: join(home, 'base-eval'),
      repository,
    });
    const session = handle.session;

    // Reads: the agent side only.
    const info = await session.info();
    expect(info).toMatchObject({ task: 'financeiq', profile: 'mini', evalLimit: 3, budget: { exhausted: false } });
    expect((await session.taskCard()).markdown).toContain('financeiq');
    const page = await session.readPool({ mode: 'page', offset: 2, limit: 3 });
    expect(page.indices).toEqual([2, 3, 4]);
    expect(page.total).toBe(environment.poolRows);
    const sample = await session.readPool({ mode: 'sample', size: 5, seed: 1 });
    expect(sample.rows).toHaveLength(5);
    expect(await session.readPool({ mode: 'sample', size: 5, seed: 1 })).toEqual(sample);
    const projection = await session.project({ rows: 100, epochs: 2 });
    expect(projection).toMatchObject({ rows: 100, epochs: 2, fits: true });
    expect(projection.tokens).toBeCloseTo(100 * 2 * environment.meanRowTokens, -1);

    // Bad input: a clear error, nothing started.
    const noScript = await rejectionOf(
      session.startExperiment({ schemaVersion: DOJO_SESSION_VERSION, kind: 'experiment', files: { 'train.yaml': 'learning_rate: 1.0e-4\n' } }),
      FtdojoError,
    );
    expect(noScript).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('no data script') });
    const escape = await rejectionOf(
      session.startExperiment({ schemaVersion: DOJO_SESSION_VERSION, kind: 'experiment', files: { '../x.py': '' } }),
      FtdojoError,
    );
    expect(escape.code).toBe('INVALID_INPUT');
    expect((await rejectionOf(session.feedback('exp-404'), FtdojoError)).code).toBe('UNKNOWN_EXPERIMENT');

    const recorder = createRunRecorder(store, runId);
    const outcome = await runAgent({
      session,
      recorder,
      planner: tinyPlanner(),
      implementer: createTemplateImplementer(),
      stops: [budgetSpent(), noImprovementFor(3)],
      state: loopStateOf(store.state(runId), runDir),
    });
    expect(outcome.state).toBe('completed');
    expect(outcome.reason).toContain('no untried idea');
    const state = store.state(runId);
    expect(state.completedIterations).toBe(1);
    const [iteration] = state.iterations;
    expect(state.iterations).toHaveLength(1);
    expect(iteration!.stages.map((stage) => `${stage.stage}:${stage.outcome}`)).toEqual([
      'propose:succeeded',
      'implement:succeeded',
      'validate:succeeded',
      'train:succeeded',
      'evaluate:succeeded',
    ]);
    const experiment = state.experiments.get('exp-001')!;
    expect(experiment.state).toBe('succeeded');
    expect(experiment.feedbackPath).toBe('experiments/exp-001/feedback.json');
    expect(iteration!.decision!.reason).toMatch(/base model/);
    const status = await session.status('exp-001');
    expect(status).toMatchObject({ state: 'succeeded', phase: 'done', feedbackReady: true, primaryMetric: experiment.primaryMetric });
    expect(status.tiers.map((tier) => tier.tier)).toEqual(['static', 'data', 'runtime']);
    expect((await session.hardware()).measured).toBe(true);

    // Finish: the choice is what the harness scores; no act after it.
    const closed = await session.finish({ schemaVersion: DOJO_SESSION_VERSION, kind: 'finish', experimentId: 'exp-001', reason: outcome.reason });
    expect(closed).toMatchObject({ chosenExperimentId: 'exp-001', experiments: [{ experimentId: 'exp-001', state: 'succeeded' }] });
    expect(handle.chosenAdapter()).toBe(join(runDir, 'experiments', 'exp-001', 'train', 'output'));
    expect((await rejectionOf(session.startExperiment({ schemaVersion: DOJO_SESSION_VERSION, kind: 'experiment', files: {} }), FtdojoError)).code).toBe(
      'SESSION_CLOSED',
    );

    // A session whose budget cannot hold an experiment refuses one, with the projection.
    const poor = openDojoSession({
      environment,
      workspace: join(home, 'poor'),
      budgetSeconds: 100,
      seed: 0,
      evalLimit: 3,
      sandboxFor: bubblewrapSandboxFor(environment),
      baseEvalDir: null,
    });
    const refused = await rejectionOf(
      poor.session.startExperiment({ schemaVersion: DOJO_SESSION_VERSION, kind: 'experiment', files: { 'process_data.py': '', 'train.yaml': '' } }),
      FtdojoError,
    );
    expect(refused).toMatchObject({
      code: 'BUDGET_EXHAUSTED',
      message: expect.stringMatching(
        /s of the session's 100 s are left: too little to run an experiment \(it needs at least 180 s; even an empty training is projected at \d+ s\)/,
      ),
    });
    store.close();
  }, 900_000);

  it('--parallel 2: two different tiny plans train side by side in one session, logged in iteration order', async () => {
    if ('skip' in runtime) return;
    // The first test's home: its task build and base-model evaluation are reused.
    const home = join(root, 'home');
    const repository = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
    const environment = await prepareTaskEnvironment({ task: getTask('financeiq'), profile: 'mini', repository, runtime: { ...runtime.config, home } });
    const store = createRunStore(home);
    const { runId } = store.createRun({
      task: 'financeiq',
      taskFile: null,
      profile: 'mini',
      budget: { wallSeconds: 1800, trainingSeconds: null, llmTokens: null, experiments: null },
      agent: { name: 'ft-agent', planner: 'tiny', settings: { parallel: 2 } },
      seed: 0,
      ftdojoVersion: 'test',
    });
    const runDir = store.runDir(runId);
    const handle = openDojoSession({
      environment,
      workspace: runDir,
      budgetSeconds: 1800,
      seed: 0,
      evalLimit: 3,
      sandboxFor: bubblewrapSandboxFor(environment),
      baseEvalDir: join(home, 'base-eval'),
      repository,
      parallel: 2,
      // One micro-run step each: the two fail-fast checks run side by side too.
      validationLimits: { microSteps: 1 },
    });
    // Two plans in one round (16 and 12 rows), then no more ideas.
    let proposals = 0;
    const planner: Planner = {
      name: 'tiny-pair',
      async propose(input) {
        proposals += 1;
        if (proposals > 2) return null;
        const plan = (await tinyPlanner().propose(input))!;
        return proposals === 1 ? plan : { ...plan, data: { ...plan.data, count: 12 } };
      },
    };
    const phases = new Map<string, string>();
    let together = 0;
    const outcome = await runAgent({
      session: handle.session,
      recorder: createRunRecorder(store, runId),
      planner,
      implementer: createTemplateImplementer(),
      stops: [budgetSpent(), noImprovementFor(3)],
      state: loopStateOf(store.state(runId), runDir),
      parallel: 2,
      onEvent: (event) => {
        if (event.kind !== 'status') return;
        phases.set(event.status.experimentId, event.status.state);
        together = Math.max(together, [...phases.values()].filter((state) => state === 'running').length);
      },
    });
    expect(outcome.reason).toContain('no untried idea');
    // Both were running at once in the session, and both trained and were evaluated.
    expect(together).toBe(2);
    const state = store.state(runId);
    expect(state.anomalies).toEqual([]);
    expect(state.iterations.map((iteration) => [iteration.iteration, iteration.status, iteration.experimentIds])).toEqual([
      [1, 'finished', ['exp-001']],
      [2, 'finished', ['exp-002']],
    ]);
    for (const id of ['exp-001', 'exp-002']) expect(state.experiments.get(id)!.state).toBe('succeeded');
    expect(state.iterations.flatMap((iteration) => iteration.stages.map((stage) => `${stage.experimentId ?? '-'}:${stage.stage}`))).toEqual([
      '-:propose',
      'exp-001:implement',
      'exp-001:validate',
      'exp-001:train',
      'exp-001:evaluate',
      '-:propose',
      'exp-002:implement',
      'exp-002:validate',
      'exp-002:train',
      'exp-002:evaluate',
    ]);
    await handle.close('test over');
    store.close();
  }, 900_000);
});
