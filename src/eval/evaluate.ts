import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProfileName, Sample, ScoreReport, ScoringMode, TaskSpec } from '../core/index.js';
import { FtdojoError, profileScoringMode } from '../core/index.js';
import type { EngineFacts, GenerationDecoding, GenerationOptions, GenerationProgress, GenerationRequest, InferenceBackend } from '../runtime/index.js';
import { writeFileAtomically } from '../runtime/index.js';
import type { CodeRunner } from './code-runner.js';
import type { DecodingMode, DecodingPlan } from './decoding-mode.js';
import { planDecoding } from './decoding-mode.js';
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
  /**
   * free or constrained (choice decoding, multiple-choice tasks only); by default constrained where
   * the task and backend allow it and scoring is not `official` (planDecoding). Recorded in the fingerprint.
   */
  decoding?: DecodingMode | undefined;
}

export interface EvaluateResult {
  report: ScoreReport;
  fingerprint: EvaluationFingerprint;
  stats: EvaluationStats;
  records: EvaluationRecord[];
  recordsPath: string;
  reportPath: string;
  /** How the decoding was chosen; what was done is fingerprint.decoding. */
  decoding: DecodingPlan;
}

/** A split sample becomes a single user turn: the sample's prompt is the whole user message. */
export function generationRequest(sample: Sample): GenerationRequest {
  return { id: sample.id, messages: [{ role: 'user', content: sample.prompt }] };
}

/** What evaluate settles before generating: the samples, the token limit, the seed, the scoring and the decoding. */
export interface EvaluationPlan {
  samples: Sample[];
  maxNewTokens: number;
  seed: number;
  scoring: ScoringMode;
  decoding: DecodingPlan;
}

export function planEvaluation(input: EvaluateInput): EvaluationPlan {
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
  const scoring = input.scoring ?? profileScoringMode(task, profile);
  return {
    samples,
    maxNewTokens: input.maxNewTokens ?? task.profiles[profile].maxNewTokens,
    seed: input.seed ?? 0,
    scoring,
    decoding: planDecoding({ task, scoring, requested: input.decoding, backend: input.backend }),
  };
}

/** The generation options a plan gives the backend (also what `describe` is asked about). */
export function generationOptions(input: EvaluateInput, plan: EvaluationPlan): GenerationOptions {
  return {
    maxNewTokens: plan.maxNewTokens,
    batchSize: input.batchSize,
    seed: plan.seed,
    workDir: join(input.outDir, 'generation'),
    onProgress: input.onProgress,
    signal: input.signal,
    ...(plan.decoding.choices ? { choices: plan.decoding.choices } : {}),
  };
}

/** The fingerprint an evaluation with this plan and these engine facts has (or will have). */
export function evaluationFingerprint(input: EvaluateInput, plan: EvaluationPlan, engine: EngineFacts, decoding: GenerationDecoding): EvaluationFingerprint {
  return buildEvaluationFingerprint({
    task: { id: input.task.id, profile: input.profile, split: input.split, limit: input.limit ?? null },
    sampleIds: plan.samples.map((sample) => sample.id),
    model: input.backend.model,
    engine,
    maxNewTokens: plan.maxNewTokens,
    seed: plan.seed,
    scoring: plan.scoring,
    decoding,
  });
}

/** What a plan asks the backend for, as the fingerprint records it. */
export function plannedDecoding(plan: EvaluationPlan): GenerationDecoding {
  return plan.decoding.choices ? { mode: 'choice', choices: plan.decoding.choices } : { mode: 'free' };
}

/**
 * Evaluates a model on a task split: greedy generation through the backend, scoring with the
 * task's metrics, then one record per sample (prompt, output, extracted answer, per-metric
 * values, error category) in records.jsonl and the score report with its fingerprint in
 * report.json. The backend keeps its outputs in <outDir>/generation as they finish, so an
 * interrupted evaluation resumes when run again with the same folder. For a multiple-choice task
 * the decoding may be constrained to the options (planDecoding); the fingerprint records what the
 * backend did, and report.json why.
 */
export async function evaluate(input: EvaluateInput): Promise<EvaluateResult> {
  const { task, profile } = input;
  const plan = planEvaluation(input);
  const { samples, scoring } = plan;
  const library = input.library ?? scorerLibrary;

  await mkdir(input.outDir, { recursive: true });
  const generationDir = join(input.outDir, 'generation');
  const generation = await input.backend.generate(samples.map(generationRequest), generationOptions(input, plan));
  const decoding = generation.decoding ?? { mode: 'free' };

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
  const fingerprint = evaluationFingerprint(input, plan, generation.engine, decoding);
  // A backend that was asked to constrain and did not: the fingerprint says free, and so does the reason.
  const decodingPlan: DecodingPlan =
    plan.decoding.mode === 'constrained' && decoding.mode !== 'choice'
      ? { ...plan.decoding, mode: 'free', choices: null, reason: `free generation: ${input.backend.name} did not constrain its decoding` }
      : plan.decoding;
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
    decoding: { requested: decodingPlan.requested, reason: decodingPlan.reason },
    files: { records: 'records.jsonl', generations: existsSync(join(generationDir, 'generations.jsonl')) ? 'generation/generations.jsonl' : null },
  };
  await writeFileAtomically(recordsPath, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
  await writeFileAtomically(reportPath, JSON.stringify(file, null, 2) + '\n');
  return { report, fingerprint, stats, records, recordsPath, reportPath, decoding: decodingPlan };
}
