import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../../config/index.js';
import { feedbackJsonSchema, parseFeedback } from '../../core/index.js';
import { createDataRepository } from '../../data/index.js';
import { createBubblewrapSandbox } from '../../sandbox/index.js';
import { getTask } from '../../tasks/index.js';
import { realDojoRequirements } from '../../testing/real-dojo.js';
import { prepareTaskEnvironment } from '../environment/task-environment.js';
import { runExperiment } from './run-experiment.js';

const { mirror, runtime, skip } = await realDojoRequirements();
const EXAMPLE = resolve(import.meta.dirname, '../../../examples/financeiq');
const root = mkdtempSync(join(tmpdir(), 'ftdojo-experiment-'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(skip !== null)(`a complete experiment in the dojo${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('runs the script in the sandbox, validates, trains for real, evaluates on validation and writes schema-valid feedback', async () => {
    if ('skip' in runtime) return;
    const workspace = join(root, 'workspace');
    cpSync(EXAMPLE, workspace, { recursive: true });
    // A tiny run: two optimizer steps of two examples, three validation samples.
    writeFileSync(
      join(workspace, 'train.yaml'),
      'learning_rate: 2.0e-4\nmax_steps: 2\ncutoff_len: 512\nper_device_train_batch_size: 2\ngradient_accumulation_steps: 1\n',
    );
    const repository = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
    const environment = await prepareTaskEnvironment({
      task: getTask('financeiq'),
      profile: 'mini',
      repository,
      runtime: { ...runtime.config, home: join(root, 'home') },
    });
    const sandbox = createBubblewrapSandbox({
      taskDir: environment.layout.agentDir,
      workspaceDir: workspace,
      python: environment.runtime.python,
      node: process.execPath,
    });
    const stages: string[] = [];
    const result = await runExperiment({
      environment,
      experimentId: 'exp-1',
      workspace,
      experimentDir: join(root, 'exp-1'),
      sandbox,
      interpreters: { python: environment.runtime.python, node: process.execPath },
      evalLimit: 3,
      baseEvalDir: join(root, 'base-eval'),
      validationLimits: { microSteps: 1 },
      onEvent: (event) => void (event.kind === 'stage' && stages.push(event.stage)),
    });
    expect(stages).toEqual(['script', 'validate-static', 'validate-data', 'validate-runtime', 'train', 'evaluate']);
    const feedback = result.feedback;
    expect(feedback.execution).toMatchObject({ stage: 'done', state: 'succeeded', error: null });
    expect(feedback.data!.rows.output).toBe(200);
    expect(feedback.training!.loss!.steps).toBe(2);
    expect(feedback.evaluation!.samples).toBe(3);
    expect(feedback.comparison!.base).not.toBeNull();

    // The document on disk passes the published JSON Schema and reads back with parseFeedback.
    const onDisk: unknown = JSON.parse(readFileSync(result.feedbackPath, 'utf8'));
    const ajv = new Ajv2020.default({ strict: true, allErrors: true });
    addFormats.default(ajv);
    const valid = ajv.compile(feedbackJsonSchema());
    expect(valid(onDisk), JSON.stringify(valid.errors)).toBe(true);
    expect(parseFeedback(onDisk).experimentId).toBe('exp-1');

    // Nothing of the test split is in it.
    const text = JSON.stringify(onDisk);
    for (const item of environment.heldOutKeys.test) expect(text.includes(item.id)).toBe(false);
  }, 900_000);
});
