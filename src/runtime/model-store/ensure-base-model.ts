import type { RuntimeConfig } from '../../config/index.js';
import type { ModelRef } from '../../core/index.js';
import { describeModel } from '../../core/index.js';
import type { EnsureHubModelOptions } from './hub-model-store.js';
import type { ModelTemplate } from './model-template.js';
import { modelTemplate } from './model-template.js';
import { ensureModel } from './resolve-model-path.js';

export interface BaseModel {
  /** What the user or the profile named: how reports and fingerprints name the model. */
  ref: Exclude<ModelRef, { kind: 'adapter' }>;
  /** The local folder training, evaluation, held-out scoring and the baseline all load. */
  path: string;
  /** The LLaMA-Factory template it is trained and prompted with, checked against its tokenizer. */
  template: ModelTemplate;
}

export interface EnsureBaseModelOptions extends EnsureHubModelOptions {
  /** An explicit LLaMA-Factory template (--template) instead of the family's. */
  template?: string | undefined;
  cwd?: string;
}

/**
 * A task's base model made ready: downloaded into the model store when it is a hub model not there
 * yet (`ensureModel`), and its chat template chosen from its family and checked against the
 * tokenizer's (`modelTemplate`). Fails before any data or training work when either is wrong.
 */
export async function ensureBaseModel(
  config: RuntimeConfig,
  ref: Exclude<ModelRef, { kind: 'adapter' }>,
  options: EnsureBaseModelOptions = {},
): Promise<BaseModel> {
  const path = await ensureModel(config, ref, options);
  return { ref, path, template: modelTemplate(path, { name: describeModel(ref), template: options.template }) };
}
