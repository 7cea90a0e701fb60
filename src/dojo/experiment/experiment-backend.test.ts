import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../config/index.js';
import type { ModelRef } from '../../core/index.js';
import type { InferenceBackend, LocalBackendOptions, RuntimeWorker } from '../../runtime/index.js';
import { EMBEDDED_PROMPT_FORMAT } from '../../runtime/index.js';
import type { TaskEnvironment } from '../environment/task-environment.js';
import { baseValidationDir, createExperimentBackend } from './experiment-backend.js';

function capture() {
  const calls: { model: ModelRef; options: LocalBackendOptions }[] = [];
  const create = (_config: RuntimeConfig, model: ModelRef, options: LocalBackendOptions) => {
    calls.push({ model, options });
    return {} as InferenceBackend;
  };
  return { calls, create };
}

const runtime = {} as RuntimeConfig;

describe('createExperimentBackend', () => {
  it('prompts the embedded model and its adapters with the training template, not the tokenizer chat template', () => {
    const { calls, create } = capture();
    const env = { runtime, modelPath: '/models/smollm2', template: { template: 'smollm2', defaultSystem: '' } };
    createExperimentBackend(env, 'base', create);
    createExperimentBackend(env, { adapter: '/exp/train/adapter' }, create);
    expect(calls[0]).toEqual({ model: { kind: 'local', path: '/models/smollm2' }, options: { promptFormat: EMBEDDED_PROMPT_FORMAT } });
    expect(calls[1]!.model).toEqual({ kind: 'adapter', base: { kind: 'local', path: '/models/smollm2' }, path: '/exp/train/adapter' });
    expect(calls[1]!.options.promptFormat).toEqual(EMBEDDED_PROMPT_FORMAT);
  });

  it("hands the run's warm worker to the backend when the environment has one", () => {
    const { calls, create } = capture();
    const worker = { environment: {} } as RuntimeWorker;
    const env = { runtime, modelPath: '/models/smollm2', template: { template: 'smollm2', defaultSystem: '' } };
    createExperimentBackend({ ...env, worker }, 'base', create);
    expect(calls[0]!.options).toEqual({ promptFormat: EMBEDDED_PROMPT_FORMAT, worker });
  });

  it("uses a hub model's family template with its default system prompt", () => {
    const { calls, create } = capture();
    const env = { runtime, modelPath: '/home/models/hub/Qwen--Qwen2.5-7B-Instruct/abc', template: { template: 'qwen', defaultSystem: 'You are Qwen.' } };
    createExperimentBackend(env, { adapter: '/a' }, create);
    expect(calls[0]!.options.promptFormat).toEqual({ kind: 'llamafactory', template: 'qwen', system: 'You are Qwen.' });
  });
});

describe('baseValidationDir', () => {
  const env = (baseModel: ModelRef, template = 'smollm2') =>
    ({ task: { spec: { id: 'financeiq' } }, profile: 'mini', baseModel, template: { template, defaultSystem: '' } }) as unknown as TaskEnvironment;

  it('keeps one base evaluation per task, profile, base model and template', () => {
    const embedded = baseValidationDir('/home', env({ kind: 'embedded' }));
    expect(embedded).toMatch(/^\/home\/cache\/dojo-base-eval\/financeiq-mini-[0-9a-f]{12}$/);
    expect(baseValidationDir('/home', env({ kind: 'embedded' }))).toBe(embedded);
    expect(baseValidationDir('/home', env({ kind: 'hub', id: 'Qwen/Qwen2.5-0.5B-Instruct', revision: 'main' }))).not.toBe(embedded);
    expect(baseValidationDir('/home', env({ kind: 'embedded' }, 'qwen'))).not.toBe(embedded);
  });
});
