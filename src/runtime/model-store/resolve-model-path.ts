import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import type { ModelRef } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import type { EnsureHubModelOptions } from './hub-model-store.js';
import { describeHubModel, ensureHubModel, hubModelRoot, storedHubModel } from './hub-model-store.js';
import { embeddedModelDir, readModelMetadata } from './model-metadata.js';

/** An adapter made concrete: LLaMA-Factory's `model_name_or_path` and `adapter_name_or_path`. */
export interface AdapterModelPaths {
  /** The base model's folder. */
  base: string;
  /** The LoRA adapter folder (holds adapter_config.json). */
  adapter: string;
}

type PlainModelRef = Exclude<ModelRef, { kind: 'adapter' }>;
type AdapterModelRef = Extract<ModelRef, { kind: 'adapter' }>;

function requireFolderWith(path: string, file: string, what: string): void {
  if (!existsSync(path)) {
    throw new FtdojoError('MISSING_MODEL', `the ${what} ${path} does not exist`, { hint: `check the path; a ${what} is a folder holding ${file}` });
  }
  if (!existsSync(join(path, file))) {
    throw new FtdojoError('MISSING_MODEL', `${path} is not a ${what}: it has no ${file}`, { hint: `point at the folder that holds ${file}` });
  }
}

/**
 * Where a model is, without loading it: what transformers' from_pretrained and LLaMA-Factory's
 * model_name_or_path take. embedded → the folder `ftdojo setup` converted (an error saying to run
 * it when absent); local → the folder, absolute (must hold config.json); hub → its folder in the
 * model store (an error saying how to download it when it is not there: `ensureModel` does);
 * adapter → its base and the adapter folder (must hold adapter_config.json; an adapter on an
 * adapter is refused). Relative paths are resolved against `cwd`. Never touches the network.
 *
 * Every job (training, evaluation, held-out scoring, the baseline) loads what this returns, so a
 * hub model is read from the same local folder by all of them and Python runs offline.
 */
export function resolveModelPath(config: RuntimeConfig, model: PlainModelRef, cwd?: string): string;
export function resolveModelPath(config: RuntimeConfig, model: AdapterModelRef, cwd?: string): AdapterModelPaths;
export function resolveModelPath(config: RuntimeConfig, model: ModelRef, cwd?: string): string | AdapterModelPaths;
export function resolveModelPath(config: RuntimeConfig, model: ModelRef, cwd = process.cwd()): string | AdapterModelPaths {
  switch (model.kind) {
    case 'embedded': {
      const folder = embeddedModelDir(config);
      if (readModelMetadata(folder) === null) {
        throw new FtdojoError('MISSING_MODEL', `the embedded SmolLM2-135M-Instruct is not set up in ${folder}`, {
          hint: 'run `ftdojo setup` (it converts the model once, in about a minute)',
          fault: 'environment',
        });
      }
      return folder;
    }
    case 'local': {
      const folder = resolve(cwd, model.path);
      requireFolderWith(folder, 'config.json', 'model folder');
      return folder;
    }
    case 'hub': {
      const stored = storedHubModel(config, model);
      if (stored !== null) return stored.path;
      throw new FtdojoError('MISSING_MODEL', `${describeHubModel(model)} is not in the model store (${hubModelRoot(config, model.id)})`, {
        hint: `ftdojo eval --model ${describeHubModel(model)}, or run, baseline and bench with --base-model ${describeHubModel(model)}, download it once (HF_ENDPOINT, HF_TOKEN for gated models)`,
        fault: 'environment',
      });
    }
    case 'adapter': {
      if (model.base.kind === 'adapter') {
        throw new FtdojoError('UNSUPPORTED', `the adapter ${model.path} sits on another adapter (${model.base.path})`, {
          hint: 'merge the base adapter into a model folder first (`llamafactory-cli export`) and pass that folder',
        });
      }
      const adapter = resolve(cwd, model.path);
      requireFolderWith(adapter, 'adapter_config.json', 'LoRA adapter folder');
      return { base: resolveModelPath(config, model.base, cwd), adapter };
    }
  }
}

/**
 * `resolveModelPath` after downloading what is missing: a hub model (or an adapter's hub base)
 * not in the store is fetched first (`ensureHubModel`). The embedded model is not converted here
 * (`ftdojo setup` does that); a missing one is the same error as from `resolveModelPath`.
 */
export async function ensureModel(config: RuntimeConfig, model: PlainModelRef, options?: EnsureHubModelOptions & { cwd?: string }): Promise<string>;
export async function ensureModel(
  config: RuntimeConfig,
  model: AdapterModelRef,
  options?: EnsureHubModelOptions & { cwd?: string },
): Promise<AdapterModelPaths>;
export async function ensureModel(
  config: RuntimeConfig,
  model: ModelRef,
  options?: EnsureHubModelOptions & { cwd?: string },
): Promise<string | AdapterModelPaths>;
export async function ensureModel(
  config: RuntimeConfig,
  model: ModelRef,
  options: EnsureHubModelOptions & { cwd?: string } = {},
): Promise<string | AdapterModelPaths> {
  const base = model.kind === 'adapter' ? model.base : model;
  if (base.kind === 'hub') await ensureHubModel(config, base, options);
  return resolveModelPath(config, model, options.cwd);
}
