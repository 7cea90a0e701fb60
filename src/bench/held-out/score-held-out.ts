import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import type { ProfileName } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import type { EvaluationReportFile } from '../../eval/index.js';
import { evaluate, readEvaluationReport } from '../../eval/index.js';
import type { GenerationProgress } from '../../runtime/index.js';
import { createLocalBackend, resolveModelPath } from '../../runtime/index.js';
import type { TaskDefinition } from '../../tasks/index.js';

export interface ScoreHeldOutOptions {
  task: TaskDefinition;
  profile: ProfileName;
  repository: DataRepository;
  runtime: RuntimeConfig;
  /** The experiment's adapter, or null for the base model. */
  adapterPath: string | null;
  /** report.json and records.jsonl go here; an existing report is reused (scored once). */
  outDir: string;
  limit?: number;
  onProgress?: (progress: GenerationProgress) => void;
}

/**
 * The held-out test score, measured once per model and kept: this is the harness's side of the
 * protocol, never shown to an agent while it runs. The base model's is cached per task and profile.
 */
export async function scoreHeldOut(options: ScoreHeldOutOptions): Promise<EvaluationReportFile> {
  const reportPath = join(options.outDir, 'report.json');
  if (existsSync(reportPath) && options.limit === undefined) return readEvaluationReport(reportPath);
  const splits = await options.task.buildSplits(options.repository, options.profile);
  const base = options.profile === 'mini' ? ({ kind: 'embedded' } as const) : ({ kind: 'hub', id: options.task.spec.profiles.paper.baseModel } as const);
  const model = options.adapterPath ? ({ kind: 'adapter', base: { kind: 'local', path: resolveModelPath(options.runtime, base) }, path: options.adapterPath } as const) : base;
  const result = await evaluate({ task: options.task.spec, profile: options.profile, split: 'test', samples: splits.test, backend: createLocalBackend(options.runtime, model), outDir: options.outDir, ...(options.limit ? { limit: options.limit } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  return readEvaluationReport(result.reportPath);
}

/** Where the base model's held-out test report is kept: once per task, profile and sample limit, shared by runs and suites. */
export function baseTestDir(home: string, taskId: string, profile: ProfileName, limit: number | null | undefined): string {
  return join(home, 'cache', 'dojo-base-test', `${taskId}-${profile}${limit ? `-limit${limit}` : ''}`);
}
