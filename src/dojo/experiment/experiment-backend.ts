import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ModelRef } from '../../core/index.js';
import { describeModel } from '../../core/index.js';
import type { InferenceBackend, LocalBackendOptions } from '../../runtime/index.js';
import { createLocalBackend, promptFormatFor } from '../../runtime/index.js';
import type { TaskEnvironment } from '../environment/task-environment.js';

/** The base model, or an adapter trained on it. */
export type ExperimentModel = 'base' | { adapter: string };

/**
 * The backend an experiment's validation evaluation uses: the base model's local folder (or an
 * adapter on it), prompted with the template training uses. The local backend's default format
 * for a folder is the tokenizer's chat template, which for the embedded SmolLM2 injects a system
 * prompt training never showed; validation must prompt exactly like training and held-out scoring.
 */
export function createExperimentBackend(
  env: Pick<TaskEnvironment, 'runtime' | 'modelPath' | 'template' | 'worker'>,
  which: ExperimentModel,
  create: (config: TaskEnvironment['runtime'], model: ModelRef, options: LocalBackendOptions) => InferenceBackend = createLocalBackend,
): InferenceBackend {
  const base: ModelRef = { kind: 'local', path: env.modelPath };
  const model: ModelRef = which === 'base' ? base : { kind: 'adapter', base, path: which.adapter };
  return create(env.runtime, model, { promptFormat: promptFormatFor(env.template), ...(env.worker ? { worker: env.worker } : {}) });
}

/**
 * Where the base model's validation evaluation is kept and reused across experiments: once per
 * task, profile, base model and prompt template, so a run on another --base-model or --template
 * (or one from before validation used the training template) never reuses a report of other prompts.
 */
export function baseValidationDir(home: string, env: Pick<TaskEnvironment, 'task' | 'profile' | 'baseModel' | 'template'>): string {
  const key = createHash('sha256')
    .update(JSON.stringify([describeModel(env.baseModel), env.template.template, env.template.defaultSystem]))
    .digest('hex')
    .slice(0, 12);
  return join(home, 'cache', 'dojo-base-eval', `${env.task.spec.id}-${env.profile}-${key}`);
}
