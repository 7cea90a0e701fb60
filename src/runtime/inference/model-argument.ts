import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { ModelRef, ProfileName, ProfileSpec } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

export interface ModelArgumentOptions {
  /** The embedded model's folder: an adapter whose base is this folder is an adapter on `embedded`. */
  embeddedPath: string;
  /** Relative paths are resolved against this; the process's working directory by default. */
  cwd?: string | undefined;
  /** What the argument is called in messages: --model by default. */
  flag?: string | undefined;
}

/**
 * Reads `--model`: "base" (or "embedded") is the embedded SmolLM2; a folder with
 * adapter_config.json is a LoRA adapter (on the base its config names, the embedded model when it
 * names none); a folder with config.json is a full model (merged or downloaded); anything shaped
 * like "org/name[@revision]" that is not a folder is a Hugging Face id.
 */
export function modelRefFromArgument(argument: string, options: ModelArgumentOptions): ModelRef {
  const text = argument.trim();
  if (text === 'base' || text === 'embedded') return { kind: 'embedded' };
  const path = isAbsolute(text) ? text : resolve(options.cwd ?? process.cwd(), text);
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw notAModel(text, 'is a file, not a folder', options.flag);
    if (existsSync(join(path, 'adapter_config.json'))) return { kind: 'adapter', base: adapterBase(path, options), path };
    if (existsSync(join(path, 'config.json'))) return { kind: 'local', path };
    throw notAModel(text, 'holds neither adapter_config.json nor config.json', options.flag);
  }
  const [id, revision, extra] = text.split('@');
  if (extra === undefined && id && HUB_ID.test(id)) return revision ? { kind: 'hub', id, revision } : { kind: 'hub', id };
  throw notAModel(text, 'is neither "base", a folder, nor a Hugging Face id', options.flag);
}

function notAModel(argument: string, reason: string, flag = '--model'): FtdojoError {
  const hint =
    flag === '--model'
      ? "pass --model base (the embedded SmolLM2), a run's adapter folder (with adapter_config.json), a model folder (with config.json), or a Hugging Face id such as Qwen/Qwen2.5-0.5B-Instruct"
      : `pass ${flag} org/name[@revision] (a Hugging Face model, downloaded once into the model store), a model folder with config.json, or base (the embedded SmolLM2)`;
  return new FtdojoError('INVALID_INPUT', `${flag} ${argument} ${reason}`, { hint });
}

/** The base named by an adapter's config (PEFT's base_model_name_or_path). */
function adapterBase(adapterPath: string, options: ModelArgumentOptions): ModelRef {
  let named: unknown;
  try {
    named = (JSON.parse(readFileSync(join(adapterPath, 'adapter_config.json'), 'utf8')) as { base_model_name_or_path?: unknown }).base_model_name_or_path;
  } catch (cause) {
    throw new FtdojoError('INVALID_INPUT', `${join(adapterPath, 'adapter_config.json')} is not valid JSON`, {
      hint: 'the adapter folder is damaged: train it again',
      cause,
    });
  }
  if (typeof named !== 'string' || named.trim() === '') return { kind: 'embedded' };
  if (isEmbedded(named, options.embeddedPath)) return { kind: 'embedded' };
  if (existsSync(named) && statSync(named).isDirectory()) return { kind: 'local', path: named };
  if (HUB_ID.test(named) && !isAbsolute(named)) return { kind: 'hub', id: named };
  // A base from the model store of another home (a copied run): the same commit of the same hub model.
  const stored = /\/models\/hub\/([A-Za-z0-9][\w.-]*)--([\w.-]+)\/([0-9a-f]{40})\/?$/.exec(named);
  if (stored) return { kind: 'hub', id: `${stored[1]}/${stored[2]}`, revision: stored[3] };
  throw new FtdojoError('MISSING_MODEL', `the adapter ${adapterPath} was trained on ${named}, which is not here`, {
    hint: 'copy that model folder back to where the adapter expects it, or edit base_model_name_or_path in adapter_config.json',
  });
}

/** The same folder, or the embedded model's folder name under another home (a copied run). */
function isEmbedded(named: string, embeddedPath: string): boolean {
  if (existsSync(named) && existsSync(embeddedPath)) return realpathSync(named) === realpathSync(embeddedPath);
  return resolve(named) === resolve(embeddedPath) || (basename(named) === basename(embeddedPath) && basename(resolve(named, '..')) === 'models');
}

/** A model a task can be trained on: not an adapter. */
export type BaseModelRef = Exclude<ModelRef, { kind: 'adapter' }>;

/** The id the embedded model has on the hub: a profile naming it, unpinned, means the embedded copy. */
export const EMBEDDED_HUB_ID = 'HuggingFaceTB/SmolLM2-135M-Instruct';

/**
 * Reads `--base-model` (and a profile's baseModel): "base" or "embedded", the embedded model's hub
 * id without a revision (the converted copy `ftdojo setup` made), a model folder (config.json), or
 * a Hugging Face id "org/name[@revision]", which the model store downloads once. An adapter is
 * refused: a base model is what adapters are trained on.
 */
export function baseModelFromArgument(argument: string, options: ModelArgumentOptions): BaseModelRef {
  const flag = options.flag ?? '--base-model';
  if (argument.trim() === EMBEDDED_HUB_ID) return { kind: 'embedded' };
  const model = modelRefFromArgument(argument, { ...options, flag });
  if (model.kind === 'adapter') {
    throw new FtdojoError('INVALID_INPUT', `${flag} ${argument} is a LoRA adapter, not a base model`, {
      hint: 'merge it into a model folder first (`llamafactory-cli export`) and pass that folder, or pass the base it was trained on',
      fault: 'user',
    });
  }
  return model;
}

/** The base model of a task's profile: --base-model when given, else the profile's own (mini: the embedded model). */
export function profileBaseModel(
  profile: ProfileName,
  spec: Pick<ProfileSpec, 'baseModel'>,
  options: ModelArgumentOptions & { override?: BaseModelRef | undefined },
): BaseModelRef {
  return options.override ?? baseModelFromArgument(spec.baseModel, { ...options, flag: `the ${profile} profile's baseModel` });
}
