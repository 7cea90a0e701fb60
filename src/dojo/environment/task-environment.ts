import { existsSync, readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import type { ProfileName, Sample, ScoringMode, TaskSpec } from '../../core/index.js';
import { FtdojoError, profileScoringMode } from '../../core/index.js';
import type { DataRepository, KeyedItem, Tokenizer } from '../../data/index.js';
import { modelTokenizer } from '../../data/index.js';
import type { CodeRunner, Scorer, ScorerLibrary } from '../../eval/index.js';
import { cachingScorerLibrary, scoringParams } from '../../eval/index.js';
import type {
  BaseModelRef,
  CpuPrecisionDecision,
  DeviceProbe,
  ModelDownloadProgress,
  RuntimeWorker,
  TrainingDevice,
  TrainingTemplate,
} from '../../runtime/index.js';
import { checkCpuPrecision, describeGpus, embeddedModelDir, ensureBaseModel, NO_GPU_HINT, probeDevice, profileBaseModel } from '../../runtime/index.js';
import type { TaskDefinition, TaskLayout } from '../../tasks/index.js';
import { materializeTask } from '../../tasks/index.js';
import { evaluationCodeRunner } from '../scoring/sandbox-code-runner.js';
import type { FormatVerdict } from '../validate/check-training-rows.js';
import type { ModelShape } from '../validate/project-run.js';
import { modelShape } from '../validate/project-run.js';

/**
 * Everything the environment knows about one task and profile, prepared once per session: the
 * materialised task (agent/ for the sandbox, heldout/ for the environment only), the base model,
 * its tokenizer and prompt template, the primary scorer (for the answer-format check) and the
 * held-out keys for the leakage gate. Held-out samples stay inside this object; nothing here is
 * handed to an agent.
 */
export interface TaskEnvironment {
  task: TaskDefinition;
  profile: ProfileName;
  /** How validation and held-out scores are computed: the profile's mode unless asked otherwise. */
  scoring: ScoringMode;
  runtime: RuntimeConfig;
  layout: TaskLayout;
  poolRows: number;
  /** Validation with answers: for evaluation and feedback (validation is what the agent sees scored). */
  validation: Sample[];
  /** Test keys only, for the leakage gate; the test samples themselves are not kept. */
  heldOutKeys: { validation: KeyedItem[]; test: KeyedItem[] };
  /** The base model as the profile or --base-model named it (reports and fingerprints name it so). */
  baseModel: BaseModelRef;
  /** Its local folder (a hub model's in the model store): what training and every evaluation load. */
  modelPath: string;
  model: ModelShape | null;
  modelContext: number | null;
  tokenizer: Tokenizer;
  template: TrainingTemplate;
  /** Tokens the template adds around one example. */
  templateTokens: number;
  device: TrainingDevice;
  /** For a CPU run, the CPU precision check's decision (bf16 autocast or fp32); null on a GPU. */
  cpuPrecision: CpuPrecisionDecision | null;
  sampleCap: number;
  wallClockSeconds: number;
  memoryBytes: number;
  primaryScorer: Scorer;
  /** Every scorer of the task created once for the session (validation is scored many times). */
  scorers: ScorerLibrary;
  /** Runs model-written code when a metric must (TableBench's Pass@1): the sandbox, with the runtime's Python. */
  codeRunner: CodeRunner;
  checkFormat(output: string): FormatVerdict;
  /** Pool rows carry worked solutions (extra.solution): a planner may train on reasoning. */
  poolHasSolutions: boolean;
  /** Characters per token of the pool with the model's tokenizer (from up to 200 rows). */
  charactersPerToken: number;
  /** Mean tokens of a pool row (prompt and target, template included), from the same rows: what sizes a plan. */
  meanRowTokens: number;
  /**
   * The run's warm worker (withRunWorker): its micro runs, trainings and evaluations are served
   * by one Python process. Absent: each starts its own. Never part of the prepared environment,
   * which is shared by the attempts of a suite; each run adds its own.
   */
  worker?: RuntimeWorker | undefined;
}

/** The environment as one run sees it: the same task, with the run's warm worker (or none). */
export function withRunWorker(env: TaskEnvironment, worker: RuntimeWorker | null): TaskEnvironment {
  return worker ? { ...env, worker } : env;
}

function poolFacts(
  pool: readonly { prompt: string; target: string; extra: Record<string, unknown> }[],
  tokenizer: Tokenizer,
  templateTokens: number,
): { poolHasSolutions: boolean; charactersPerToken: number; meanRowTokens: number } {
  const sample = pool.slice(0, 200);
  let characters = 0;
  let tokens = 0;
  for (const row of sample) {
    const text = `${row.prompt}\n${row.target}`;
    characters += text.length;
    tokens += tokenizer.count(text);
  }
  return {
    poolHasSolutions: sample.some((row) => typeof row.extra.solution === 'string' && row.extra.solution.trim() !== ''),
    charactersPerToken: tokens ? characters / tokens : 3,
    meanRowTokens: sample.length ? tokens / sample.length + templateTokens : 0,
  };
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** A label for balance checks: short scalar answers only (A-D, Yes/No, 102/103/ALLOW). */
function labelOf(extracted: unknown): string | undefined {
  if (typeof extracted === 'string' && extracted.length <= 12) return extracted;
  if (typeof extracted === 'number' || typeof extracted === 'boolean') return String(extracted);
  return undefined;
}

/**
 * One (scorer, sample) pair per metric that can run here, the sample one of the subtasks the
 * metric reads (a per-subtask metric cannot score another subtask's reference): what a training
 * row's answer is checked against.
 */
async function formatCheckersOf(
  metrics: TaskSpec['metrics'],
  scorers: ScorerLibrary,
  samples: readonly Sample[],
  scoring: ScoringMode,
): Promise<Array<{ scorer: Scorer; sample: Sample }>> {
  const checkers: Array<{ scorer: Scorer; sample: Sample }> = [];
  for (const metric of [...metrics].sort((left, right) => Number(right.primary ?? false) - Number(left.primary ?? false))) {
    const sample = samples.find((candidate) => !metric.subtasks || metric.subtasks.includes(candidate.subtask ?? ''));
    const scorer = await scorers.create(metric.scorer, scoringParams(metric, scoring));
    if (sample && !scorer.unsupported) checkers.push({ scorer, sample });
  }
  return checkers;
}

async function requireGpu(runtime: RuntimeConfig, profile: ProfileName, probeWith?: () => Promise<DeviceProbe>): Promise<void> {
  const probe = probeWith ? await probeWith() : (await probeDevice(runtime)).probe;
  if (probe.gpus.length) return;
  throw new FtdojoError('NO_GPU', `the ${profile} profile trains on a CUDA GPU, and the runtime sees ${describeGpus(probe)}`, {
    hint: NO_GPU_HINT,
    fault: 'environment',
  });
}

export async function prepareTaskEnvironment(options: {
  task: TaskDefinition;
  profile: ProfileName;
  repository: DataRepository;
  runtime: RuntimeConfig;
  /** --base-model: instead of the profile's base model. */
  baseModel?: BaseModelRef | undefined;
  /** --template: a LLaMA-Factory template instead of the one of the model's family. */
  template?: string | undefined;
  /** A hub model not in the model store yet is downloaded first; this hears how far it got. */
  onModelDownload?: ((progress: ModelDownloadProgress) => void) | undefined;
  /** What the GPU probe finds (tests); by default the runtime's cached probe. */
  probeDevice?: () => Promise<DeviceProbe>;
  /** --scoring: official or corrected instead of the profile's mode. */
  scoring?: ScoringMode | undefined;
  /** How model-written code runs for scoring; the sandbox with the runtime's Python by default. */
  codeRunner?: CodeRunner | undefined;
  /** The CPU precision decision for this model (tests); by default the CPU precision check, cached in the home. */
  checkCpuPrecision?: ((modelPath: string) => Promise<CpuPrecisionDecision>) | undefined;
}): Promise<TaskEnvironment> {
  const { task, profile, runtime } = options;
  const spec = task.spec;
  const profileSpec = spec.profiles[profile];
  const device = runtime.device === 'cpu' || profile === 'mini' ? 'cpu' : 'gpu';
  // A GPU profile on a machine without one is refused before anything is downloaded or built.
  if (device === 'gpu') await requireGpu(runtime, profile, options.probeDevice);
  // The model first: a wrong id or template fails in a second, before the data are built.
  const baseModel = profileBaseModel(profile, profileSpec, { embeddedPath: embeddedModelDir(runtime), override: options.baseModel });
  const base = await ensureBaseModel(runtime, baseModel, { template: options.template, onProgress: options.onModelDownload });
  const modelPath = base.path;
  const materialized = await materializeTask(task, profile, options.repository, runtime.home);
  const splits = materialized.splits;
  const configJson = existsSync(join(modelPath, 'config.json')) ? readJson(join(modelPath, 'config.json')) : null;
  const tokenizer = modelTokenizer(modelPath);
  const template: TrainingTemplate = { template: base.template.template, defaultSystem: base.template.defaultSystem };
  const primary = spec.metrics.find((metric) => metric.primary)!;
  const scoring = options.scoring ?? profileScoringMode(spec, profile);
  const scorers = cachingScorerLibrary();
  const primaryScorer = await scorers.create(primary.scorer, scoringParams(primary, scoring));
  const formatCheckers = await formatCheckersOf(spec.metrics, scorers, [...splits.pool, ...splits.validation], scoring);
  const context = configJson && typeof configJson.max_position_embeddings === 'number' ? configJson.max_position_embeddings : null;
  // Once per session (cached across them): every experiment of a CPU session trains in the same precision.
  const cpuPrecision =
    device === 'cpu'
      ? await (options.checkCpuPrecision ?? (async (path: string) => (await checkCpuPrecision(runtime, { modelPath: path })).decision))(modelPath)
      : null;
  return {
    task,
    profile,
    scoring,
    runtime,
    layout: materialized.layout,
    poolRows: splits.pool.length,
    validation: splits.validation,
    heldOutKeys: {
      validation: splits.validation.map((sample) => ({ id: sample.id, key: task.leakageKey(sample) })),
      test: splits.test.map((sample) => ({ id: sample.id, key: task.leakageKey(sample) })),
    },
    baseModel,
    modelPath,
    model: configJson ? modelShape(configJson) : null,
    modelContext: context,
    tokenizer,
    template,
    templateTokens: template.template === 'smollm2' ? 11 : 40,
    device,
    cpuPrecision,
    sampleCap: profileSpec.budget.sampleCap,
    wallClockSeconds: profileSpec.budget.wallClockSeconds,
    memoryBytes: Math.floor(totalmem() * 0.8),
    primaryScorer,
    scorers,
    codeRunner: options.codeRunner ?? evaluationCodeRunner(runtime),
    ...poolFacts(splits.pool, tokenizer, template.template === 'smollm2' ? 11 : 40),
    checkFormat(output) {
      if (!formatCheckers.length) return { ok: true };
      // In the task's format when one of its metrics can read the answer: a task whose subtasks
      // have metrics of their own (ChemCoT understanding: counts, Yes/No, SMILES) accepts each.
      for (const { scorer, sample } of formatCheckers) {
        const outcome = scorer.score(output, sample);
        if (!outcome.formatError) return { ok: true, label: labelOf(outcome.extracted) };
      }
      return { ok: false };
    },
  };
}
