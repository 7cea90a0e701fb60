import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../../config/index.js';
import type { Hypothesis } from '../../core/index.js';
import { createDataRepository } from '../../data/index.js';
import { prepareTaskEnvironment } from '../../dojo/index.js';
import { probeBubblewrap } from '../../sandbox/index.js';
import { createRunStore } from '../../store/index.js';
import { getTask } from '../../tasks/index.js';
import { testMirror } from '../../testing/mirror.js';
import { testRuntime } from '../../testing/runtime.js';
import { bubblewrapSandboxFor } from '../../testing/task-sandbox-for-tests.js';
import { initialHypothesis } from '../plan/heuristic-planner.js';
import type { Planner } from './planner.js';
import { runAgent } from './run-agent.js';

const mirror = testMirror();
const runtime = testRuntime();
const bubblewrap = await probeBubblewrap();
const skip = !mirror ? 'no offline mirror (set FTDOJO_DATA_MIRROR)' : 'skip' in runtime ? runtime.skip : bubblewrap.ok ? null : `no bubblewrap: ${bubblewrap.reason}`;
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
      const first = initialHypothesis({ sampleCap: 400, poolHasSolutions: false, modelContext: 8192, remainingSeconds: 600, tokensPerSecond: 60, charactersPerToken: 1.5 });
      const tiny: Hypothesis = { ...first, data: { ...first.data, count: 16 }, training: { ...first.training, per_device_train_batch_size: 4, gradient_accumulation_steps: 2, num_train_epochs: 1 } };
      return tiny;
    },
  };
}

describe.skipIf(skip !== null)(`FT-Agent's loop on the real dojo${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('records every step of an iteration in the log, decides by rule and ends when the planner has no idea left', async () => {
    if ('skip' in runtime) return;
    const home = join(root, 'home');
    const repository = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
    const environment = await prepareTaskEnvironment({ task: getTask('financeiq'), profile: 'mini', repository, runtime: { ...runtime.config, home } });
    const store = createRunStore(home);
    const { runId } = store.createRun({ task: 'financeiq', profile: 'mini', budget: { wallSeconds: 1800, trainingSeconds: null, llmTokens: null, experiments: null }, agent: { name: 'ft-agent', planner: 'tiny', settings: {} }, seed: 0, ftdojoVersion: 'test' });
    const outcome = await runAgent({
      environment,
      store,
      runId,
      planner: tinyPlanner(),
      wallSeconds: 1800,
      evalLimit: 3,
      baseEvalDir: join(home, 'base-eval'),
      sandboxFor: bubblewrapSandboxFor(environment),
    });
    expect(outcome.state).toBe('completed');
    expect(outcome.reason).toContain('no untried idea');
    const state = store.state(runId);
    expect(state.completedIterations).toBe(1);
    const [iteration] = state.iterations;
    expect(state.iterations).toHaveLength(1);
    expect(iteration!.stages.map((stage) => `${stage.stage}:${stage.outcome}`)).toEqual(['propose:succeeded', 'implement:succeeded', 'validate:succeeded', 'train:succeeded', 'evaluate:succeeded']);
    const experiment = state.experiments.get('exp-001')!;
    expect(experiment.state).toBe('succeeded');
    expect(experiment.feedbackPath).toBe('experiments/exp-001/feedback.json');
    expect(iteration!.decision!.reason).toMatch(/base model/);
    store.close();
  }, 900_000);
});
