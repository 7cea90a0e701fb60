import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ModelRef, ProfileName } from '../../core/index.js';
import { describeModel } from '../../core/index.js';
import type { TaskEnvironment } from '../../dojo/index.js';
import type { EvaluationReportFile } from '../../eval/index.js';
import { evaluateReusing } from '../../eval/index.js';
import type { GenerationProgress } from '../../runtime/index.js';
import { createLocalBackend, promptFormatFor } from '../../runtime/index.js';
import { readMaterializedSplit } from '../../tasks/index.js';

export interface ScoreHeldOutOptions {
  /** The task as the session had it: its materialised held-out side, base model and scorers. */
  environment: TaskEnvironment;
  /** The experiment's adapter, or null for the base model. */
  adapterPath: string | null;
  /** report.json and records.jsonl go here; a kept report of the same fingerprint is reused (scored once). */
  outDir: string;
  limit?: number | undefined;
  onProgress?: (progress: GenerationProgress) => void;
  /** Told whether a kept report was reused and, when not, why. */
  log?: (line: string) => void;
}

/**
 * The held-out test score, measured once per model and kept: this is the harness's side of the
 * protocol (the only place it is measured), never shown to an agent while it runs. The test split
 * is read from the task's materialised held-out folder, not built again. It is scored in the
 * environment's mode; a kept report is reused only when its fingerprint matches the one this
 * scoring would have (weights, template, decoding, samples ...), and scored again from its kept
 * outputs when only the mode differs (evaluateReusing).
 */
export async function scoreHeldOut(options: ScoreHeldOutOptions): Promise<EvaluationReportFile> {
  const env = options.environment;
  const samples = await readMaterializedSplit(env.layout, 'test');
  // The base model as the profile or --base-model named it (embedded, a hub id, a folder): the
  // fingerprint names it so; a hub model loads from its folder in the model store.
  const base = env.baseModel;
  const model: ModelRef = options.adapterPath ? { kind: 'adapter', base, path: options.adapterPath } : base;
  const result = await evaluateReusing({
    task: env.task.spec,
    profile: env.profile,
    split: 'test',
    samples,
    // The template training uses (the model family's, checked against its tokenizer), so the base
    // model and its adapters see on test the very prompts training showed.
    backend: createLocalBackend(env.runtime, model, { promptFormat: promptFormatFor(env.template), ...(env.worker ? { worker: env.worker } : {}) }),
    library: env.scorers,
    scoring: env.scoring,
    codeRunner: env.codeRunner,
    outDir: options.outDir,
    ...(options.limit ? { limit: options.limit } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return result.file;
}

/**
 * Where the base model's held-out test report is kept: once per task, profile and sample limit,
 * shared by runs and suites; a base model other than the profile's (--base-model) has its own.
 */
export function baseTestDir(home: string, taskId: string, profile: ProfileName, limit: number | null | undefined, baseModel?: ModelRef | null): string {
  const model = baseModel ? `-${createHash('sha256').update(describeModel(baseModel)).digest('hex').slice(0, 12)}` : '';
  return join(home, 'cache', 'dojo-base-test', `${taskId}-${profile}${limit ? `-limit${limit}` : ''}${model}`);
}

/**
 * Seconds to keep back for the held-out scoring after an agent's session: per model scored,
 * loading plus about 0.8 s a sample (measured: 50 financeiq test samples in 40 s on 2 cores).
 */
export function heldOutReserveSeconds(samples: number, models: number): number {
  return Math.round(models * (20 + 0.8 * samples));
}
