import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProfileName, Sample, ScoreReport, ScoringMode, TaskSpec } from '../core/index.js';
import { FtdojoError, profileScoringMode } from '../core/index.js';
import type { GenerationProgress, GenerationRequest, InferenceBackend } from '../runtime/index.js';
import { writeFileAtomically } from '../runtime/index.js';
import type { CodeRunner } from './code-runner.js';
import type { EvaluationFingerprint } from './evaluation-fingerprint.js';
import { buildEvaluationFingerprint } from './evaluation-fingerprint.js';
import type { EvaluationRecord } from './evaluation-records.js';
import { buildEvaluationRecords, countCategories } from './evaluation-records.js';
import type { EvaluationReportFile, EvaluationStats } from './evaluation-report.js';
import { EVALUATION_REPORT_VERSION } from './evaluation-report.js';
import { metricFacts } from './metric-facts.js';
import { scorePredictions } from './score-predictions.js';
import { scorerLibrary, type ScorerLibrary } from './scorer-library.js';

export interface EvaluateInput {
  task: TaskSpec;
  profile: ProfileName;
  split: string;
  samples: Sample[];
  backend: InferenceBackend;
  /** Where records.jsonl, report.json and the backend's files go; the same folder again resumes. */
  outDir: string;
  /** Evaluate the first N samples of the split only (recorded in the fingerprint). */
  limit?: number | undefined;
  batchSize?: number | undefined;
  /** Default: the profile's maxNewTokens. Recorded in the fingerprint; change it only to test. */
  maxNewTokens?: number | undefined;
  seed?: number | undefined;
  /** Bootstrap of the primary metric's interval; default 1000 resamples, seed 0. */
  bootstrap?: { resamples: number; seed: number } | undefined;
  onProgress?: ((progress: GenerationProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  library?: ScorerLibrary | undefined;
  /** official or corrected; the profile's mode by default. Recorded in the report and the fingerprint. */
  scoring?: ScoringMode | undefined;
  /** Runs model-written code for the scorers that must (TableBench's Pass@1); without it they report unsupported. */
  codeRunner?: CodeRunner | undefined;
}

export interface EvaluateResult {
  report: ScoreReport;
  fingerprint: EvaluationFingerprint;
  stats: EvaluationStats;
  records: EvaluationRecord[];
  recordsPath: string;
  reportPath: string;
}

/** A split sample becomes a single user turn: the sample's prompt is the whole user message. */
export function generationRequest(sample: Sample): GenerationRequest {
  return { id: sample.id, messages: [{ role: 'user', content: sample.prompt }] };
}

/**
 * Evaluates a model on a task split: greedy generation through the backend, scoring with the
 * task's metrics, then one record per sample (prompt, output, extracted answer, per-metric
 * values, error category) in records.jsonl and the score report with its fingerprint in
 * report.json. The backend keeps its outputs in <outDir>/generation as they finish, so an
 * interrupted evaluation resumes when run again with the same folder.
 */
export async function evaluate(input: EvaluateInput): Promise<EvaluateResult> {
  const { task, profile } = input;
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1)) {
    throw new FtdojoError('INVALID_INPUT', `limit must be a positive whole number, got ${input.limit}`, { hint: 'pass e.g. --limit 20' });
  }
  const samples = input.limit === undefined ? input.samples : input.samples.slice(0, input.limit);
  if (samples.length === 0) {
    throw new FtdojoError('INVALID_INPUT', `the ${input.split} split of ${task.id} (${profile}) has no samples`, {
      hint: 'pick another split or profile (see `ftdojo tasks show <id>`)',
    });
  }
  const maxNewTokens = input.maxNewTokens ?? task.profiles[profile].maxNewTokens;
  const seed = input.seed ?? 0;
  const library = input.library ?? scorerLibrary;
  const scoring = input.scoring ?? profileScoringMode(task, profile);

  await mkdir(input.outDir, { recursive: true });
  const generationDir = join(input.outDir, 'generation');
  const generation = await input.backend.generate(samples.map(generationRequest), {
    maxNewTokens,
    batchSize: input.batchSize,
    seed,
    workDir: generationDir,
    onProgress: input.onProgress,
    signal: input.signal,
  });

  const predictions = generation.outputs.map((output) => ({ id: output.id, output: output.output }));
  const report = await scorePredictions({
    task,
    profile,
    split: input.split,
    samples,
    predictions,
    bootstrap: input.bootstrap,
    library,
    scoring,
    codeRunner: input.codeRunner,
  });
  const records = buildEvaluationRecords(samples, generation.outputs, report, await metricFacts(task, report, library, scoring));
  const fingerprint = buildEvaluationFingerprint({
    task: { id: task.id, profile, split: input.split, limit: input.limit ?? null },
    sampleIds: samples.map((sample) => sample.id),
    model: input.backend.model,
    engine: generation.engine,
    maxNewTokens,
    seed,
    scoring,
  });
  const stats: EvaluationStats = { ...generation.stats };

  const recordsPath = join(input.outDir, 'records.jsonl');
  const reportPath = join(input.outDir, 'report.json');
  const file: EvaluationReportFile = {
    schemaVersion: EVALUATION_REPORT_VERSION,
    kind: 'ftdojo-evaluation',
    createdAt: new Date().toISOString(),
    backend: input.backend.name,
    report,
    fingerprint,
    stats,
    categories: countCategories(records),
    files: { records: 'records.jsonl', generations: existsSync(join(generationDir, 'generations.jsonl')) ? 'generation/generations.jsonl' : null },
  };
  await writeFileAtomically(recordsPath, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
  await writeFileAtomically(reportPath, JSON.stringify(file, null, 2) + '\n');
  return { report, fingerprint, stats, records, recordsPath, reportPath };
}
