import { cpus } from 'node:os';
import type { DatasetCardMessage, HardwareStatus, JsonValue, TaskCardMessage, TaskSpec } from '../../core/index.js';
import { describeModel, DOJO_SESSION_VERSION } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import { buildDatasetCard, renderDatasetCard } from '../../data/index.js';
import { embeddedModelDir, profileBaseModel } from '../../runtime/index.js';
import { renderTaskCard } from '../../tasks/index.js';
import type { TaskEnvironment } from '../environment/task-environment.js';

/** What a submission must hold, in a few lines: the first thing an outside agent reads. */
export const SUBMISSION_CONTRACT = [
  'files: process_data.py (or .mjs/.js) reads /task/pool.jsonl and writes output/train.json (Alpaca rows {"instruction","input","output"}); with --debug it handles ~100 rows',
  'train.yaml: the LLaMA-Factory settings you choose; the dojo sets model, data paths, template, output folder and device keys itself',
  'the script runs sandboxed: no network, no held-out data, the workspace read-write',
].join('\n');

/**
 * The task's spec as this session runs it: with --base-model, the profile's base model is the one
 * trained and scored, so the card names it instead of the profile's default. Otherwise unchanged.
 */
export function specAsRun(env: Pick<TaskEnvironment, 'task' | 'profile' | 'baseModel' | 'runtime'>): TaskSpec {
  const spec = env.task.spec;
  const profile = spec.profiles[env.profile];
  const own = profileBaseModel(env.profile, profile, { embeddedPath: embeddedModelDir(env.runtime) });
  if (describeModel(own) === describeModel(env.baseModel)) return spec;
  return { ...spec, profiles: { ...spec.profiles, [env.profile]: { ...profile, baseModel: describeModel(env.baseModel) } } };
}

export function taskCardOf(env: TaskEnvironment): TaskCardMessage {
  const spec = specAsRun(env);
  return {
    schemaVersion: DOJO_SESSION_VERSION,
    kind: 'task-card',
    task: spec.id,
    profile: env.profile,
    markdown: renderTaskCard(spec),
    spec: JSON.parse(JSON.stringify(spec)) as Record<string, JsonValue>,
  };
}

/** The pool's facts, and each source's dataset card when a repository is given (it tokenizes: slower). */
export async function datasetCardOf(
  env: TaskEnvironment,
  rows: readonly Record<string, JsonValue>[],
  repository: DataRepository | undefined,
): Promise<DatasetCardMessage> {
  const sources = repository
    ? await Promise.all(env.task.spec.sources.map(async (id) => ({ id, markdown: renderDatasetCard(await buildDatasetCard(repository, id, env.tokenizer)) })))
    : [];
  return {
    schemaVersion: DOJO_SESSION_VERSION,
    kind: 'dataset-card',
    task: env.task.spec.id,
    pool: {
      rows: rows.length,
      fields: [...new Set(rows.slice(0, 50).flatMap((row) => Object.keys(row)))],
      meanRowTokens: env.meanRowTokens,
      charactersPerToken: env.charactersPerToken,
      hasSolutions: env.poolHasSolutions,
      sampleCap: env.sampleCap,
    },
    sources,
  };
}

export function hardwareOf(env: TaskEnvironment, speed: { tokensPerSecond: number; basis: string }): HardwareStatus {
  return {
    schemaVersion: DOJO_SESSION_VERSION,
    kind: 'hardware',
    device: env.device,
    cpus: cpus().length,
    memoryBytes: env.memoryBytes,
    // The model this session trains and scores (--base-model's when given), not the profile's default.
    baseModel: describeModel(env.baseModel),
    contextTokens: env.modelContext,
    tokensPerSecond: speed.tokensPerSecond,
    measured: speed.basis.startsWith('measured'),
  };
}
