import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { IntegrityCheck } from '../../core/index.js';

/** A LoRA adapter folder the audit reads adapter_config.json of. */
export interface AdapterToCheck {
  /** What trained it: an experiment id, or "the outside adapter". */
  source: string;
  dir: string;
  /** The adapter the harness scores: without a readable config it is flagged unverifiable. */
  scored: boolean;
}

const trimmed = (path: string) => path.trim().replace(/\/+$/, '');

/**
 * Whether an adapter's base_model_name_or_path names the task's base model: the same string, the
 * same folder (symbolic links followed), the same hub id in the Hugging Face cache
 * (models--org--name), or the same model-store folder under another home (a copied run: the
 * runtime names its models <home>/models/<name>, as modelRefFromArgument reads it).
 */
export function sameBaseModel(named: string, expected: string): boolean {
  const left = trimmed(named);
  const right = trimmed(expected);
  if (left === right) return true;
  if (isAbsolute(left) && isAbsolute(right)) {
    if (resolve(left) === resolve(right)) return true;
    if (existsSync(left) && existsSync(right) && realpathSync(left) === realpathSync(right)) return true;
    return basename(left) === basename(right) && basename(resolve(left, '..')) === 'models' && basename(resolve(right, '..')) === 'models';
  }
  const [hubId, path] = isAbsolute(left) ? [right, left] : [left, right];
  if (!isAbsolute(path) || isAbsolute(hubId)) return false;
  return path.split('/').includes(`models--${hubId.replace('/', '--')}`);
}

type Reading = { source: string; scored: boolean } & ({ named: string } | { problem: string });

function readAdapter(adapter: AdapterToCheck): Reading | null {
  const path = join(adapter.dir, 'adapter_config.json');
  const base = { source: adapter.source, scored: adapter.scored };
  // An experiment that is not scored and left no config (its training failed) has nothing to check.
  if (!existsSync(path)) return adapter.scored ? { ...base, problem: `${adapter.source}: no adapter_config.json in ${adapter.dir}` } : null;
  try {
    const named = (JSON.parse(readFileSync(path, 'utf8')) as { base_model_name_or_path?: unknown }).base_model_name_or_path;
    if (typeof named === 'string' && named.trim() !== '') return { ...base, named };
    return { ...base, problem: `${adapter.source}: adapter_config.json names no base_model_name_or_path` };
  } catch (error) {
    return { ...base, problem: `${adapter.source}: adapter_config.json cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

/**
 * Adapters trained on another base model than the task's are flagged: their score is not the
 * task's model fine-tuned. The scored adapter must say what it sits on: without adapter_config.json
 * (every PEFT save writes one) it is flagged unverifiable. The model path is not secret, so it is
 * named in the examples.
 */
export function checkBaseModel(adapters: readonly AdapterToCheck[], expected: string): IntegrityCheck {
  const readings = adapters.map(readAdapter).filter((reading): reading is Reading => reading !== null);
  const foreign = readings.flatMap((reading) => ('named' in reading && !sameBaseModel(reading.named, expected) ? [{ ...reading, named: reading.named }] : []));
  const unreadable = readings.flatMap((reading) => ('problem' in reading ? [{ ...reading, problem: reading.problem }] : []));
  if (foreign.length)
    return {
      rule: 'base-model',
      passed: false,
      flag: 'foreign-base-model',
      detail: `${foreign.length} adapter(s) were trained on another base model than the task's ${expected}`,
      examples: foreign.map((reading) => `${reading.source}: base_model_name_or_path ${reading.named}`),
    };
  const scoredUnreadable = unreadable.filter((reading) => reading.scored);
  if (scoredUnreadable.length)
    return {
      rule: 'base-model',
      passed: false,
      flag: 'unverifiable-base-model',
      detail: "the scored adapter does not say which base model it was trained on, so the audit cannot tell it is the task's",
      examples: scoredUnreadable.map((reading) => reading.problem),
    };
  if (!readings.length) return { rule: 'base-model', passed: true, flag: null, detail: 'no adapter: the base model itself is scored' };
  return {
    rule: 'base-model',
    passed: true,
    flag: null,
    detail: `${readings.length - unreadable.length} adapter(s) sit on the task's base model ${expected}`,
    ...(unreadable.length ? { examples: unreadable.map((reading) => reading.problem) } : {}),
  };
}
