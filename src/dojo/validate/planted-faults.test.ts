import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../../config/index.js';
import { createDataRepository } from '../../data/index.js';
import { createBubblewrapSandbox } from '../../sandbox/index.js';
import { getTask } from '../../tasks/index.js';
import { PLANTED_FAULTS, plantFault } from '../../bench/index.js';
import { realDojoRequirements } from '../../testing/real-dojo.js';
import type { TaskEnvironment } from '../environment/task-environment.js';
import { prepareTaskEnvironment } from '../environment/task-environment.js';
import { validateSubmission } from './validate-submission.js';

const { mirror, runtime, skip } = await realDojoRequirements();
const EXAMPLE = resolve(import.meta.dirname, '../../../examples/financeiq');

describe.skipIf(skip !== null)(`planted faults: every broken submission is caught before a full run${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let environment: TaskEnvironment;
  let root: string;

  beforeAll(async () => {
    if ('skip' in runtime) return;
    root = mkdtempSync(join(tmpdir(), 'ftdojo-faults-'));
    const repository = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
    environment = await prepareTaskEnvironment({
      task: getTask('financeiq'),
      profile: 'mini',
      repository,
      runtime: { ...runtime.config, home: join(root, 'home') },
    });
    // A fresh home runs the CPU precision check once (well under a minute on an idle machine).
  }, 300_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  async function validate(name: string, fault: (typeof PLANTED_FAULTS)[number] | null, through: 'data' | 'runtime') {
    const workspace = plantFault(fault, EXAMPLE, join(root, name), { testQuestions: environment.heldOutKeys.test.map((item) => item.key) });
    const sandbox = createBubblewrapSandbox({
      taskDir: environment.layout.agentDir,
      workspaceDir: workspace,
      python: environment.runtime.python,
      node: process.execPath,
    });
    return validateSubmission({
      environment,
      workspace,
      scratchDir: join(root, `${name}-scratch`),
      sandbox,
      interpreters: { python: environment.runtime.python, node: process.execPath },
      through,
      remainingSeconds: 1200,
      limits: { debugSeconds: 5, microSteps: 1, microDeadlineSeconds: 300 },
    });
  }

  it('passes the sound example submission through the static and data tiers', async () => {
    const { report, data } = await validate('control', null, 'data');
    expect(report.tiers.map((tier) => tier.status)).toEqual(['passed', 'passed', 'skipped']);
    expect(data.rows.length).toBe(200);
  }, 60_000);

  for (const fault of PLANTED_FAULTS.filter((candidate) => candidate.id !== 'epochs-over-budget')) {
    it(`${fault.id}: ${fault.description} → ${fault.tier} tier, ${fault.code}`, async () => {
      const { report } = await validate(fault.id, fault, fault.tier === 'runtime' ? 'runtime' : 'data');
      expect(report.passed).toBe(false);
      expect(report.failedTier).toBe(fault.tier);
      const failed = report.tiers.find((tier) => tier.tier === fault.tier)!;
      expect(failed.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.code)).toContain(fault.code);
    }, 60_000);
  }

  it('epochs-over-budget: a one-step micro run projects the full run past the budget and stops it', async () => {
    const fault = PLANTED_FAULTS.find((candidate) => candidate.id === 'epochs-over-budget')!;
    const { report } = await validate(fault.id, fault, 'runtime');
    expect(report.failedTier).toBe('runtime');
    const runtimeTier = report.tiers.find((tier) => tier.tier === 'runtime')!;
    expect(runtimeTier.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['over-budget']);
    expect(runtimeTier.facts.projectedSteps).toBe(1500);
  }, 400_000);
});
