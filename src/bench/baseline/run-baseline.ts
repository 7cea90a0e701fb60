import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import type { ModelRef, ProfileName } from '../../core/index.js';
import { compactTime, FtdojoError } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import { modelTokenizer } from '../../data/index.js';
import type { CodeRunner } from '../../eval/index.js';
import { evaluate } from '../../eval/index.js';
import { evaluationCodeRunner } from '../../dojo/index.js';
import type {
  GenerationProgress,
  InferenceBackend,
  ModelDownloadProgress,
  RunStatus,
  TrainingOutcome,
  TrainingProgress,
  TrainingTemplate,
} from '../../runtime/index.js';
import {
  buildTrainingConfig,
  createLocalBackend,
  createRunStatus,
  embeddedModelDir,
  ensureBaseModel,
  profileBaseModel,
  promptFormatFor,
  runTraining,
  writeJsonAtomically,
  writeTrainingRun,
} from '../../runtime/index.js';
import type { TaskDefinition, TaskSplits } from '../../tasks/index.js';
import { baseEvalCacheDir, restoreBaseGenerations, storeBaseGenerations } from './base-eval-cache.js';
import type { BaselineExamples } from './baseline-examples.js';
import { selectBaselineExamples } from './baseline-examples.js';
import type { BaselineRecipe, BaselineSizing } from './baseline-recipe.js';
import { baselineRecipe, recipeSettings, sizeBaselineTraining } from './baseline-recipe.js';
import type { BaselineModelRole, BaselineScoresFile, BaselineSplit, BaselineSplitScore } from './baseline-scores.js';
import { BASELINE_SCORES_VERSION, BASELINE_SPLITS, splitScore, trainingFacts } from './baseline-scores.js';

export type BaselineEvent =
  | { kind: 'stage'; stage: string }
  | { kind: 'train'; progress: TrainingProgress }
  | { kind: 'eval'; role: BaselineModelRole; split: BaselineSplit; progress: GenerationProgress }
  | { kind: 'score'; role: BaselineModelRole; split: BaselineSplit; score: BaselineSplitScore };

export interface RunBaselineOptions {
  task: TaskDefinition;
  profile: ProfileName;
  repository: DataRepository;
  runtime: RuntimeConfig;
  /** Stop training after this many optimizer steps (quick runs); the recipe's sizing otherwise. */
  maxSteps?: number | undefined;
  /** Evaluate the first N samples of each split only. */
  limit?: number | undefined;
  evalBatchSize?: number | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: BaselineEvent) => void) | undefined;
  now?: (() => Date) | undefined;
  /** The base model (--base-model); the profile's by default (mini: the embedded SmolLM2, paper: its hub model). */
  model?: Exclude<ModelRef, { kind: 'adapter' }> | undefined;
  /** --template: a LLaMA-Factory template instead of the one of the model's family. */
  template?: string | undefined;
  /** A hub model not in the model store yet is downloaded first; this hears how far it got. */
  onModelDownload?: ((progress: ModelDownloadProgress) => void) | undefined;
  /** Changes to the recipe, for quick runs and tests; recorded in scores.json as used. */
  recipe?: Partial<Omit<BaselineRecipe, 'schemaVersion'>> | undefined;
  /**
   * The splits the base and tuned models are evaluated on (default: validation and test, what
   * `ftdojo baseline` reports). The fixed-recipe bench agent passes none: the harness alone
   * scores what an agent chose on the held-out split, and the recipe chooses nothing.
   */
  splits?: readonly BaselineSplit[] | undefined;
  /** Reuse the base model's generations from an earlier run of the same task and split (default true). */
  cacheBaseEvaluations?: boolean | undefined;
  /** The backend that evaluates a model; a local transformers process by default (tests pass a scripted one). */
  createBackend?: ((model: ModelRef) => InferenceBackend) | undefined;
  /** Runs model-written code for scoring (TableBench's Pass@1); the sandbox with the runtime's Python by default. */
  codeRunner?: CodeRunner | undefined;
}

export interface BaselineResult {
  /** succeeded: trained and evaluated; otherwise how training ended, or 'interrupted'. */
  state: TrainingOutcome['state'];
  runDir: string;
  training: TrainingOutcome;
  scores: BaselineScoresFile;
  scoresPath: string;
}

/** Tokens smollm2 adds around one example with no system prompt (9 around the prompt, 2 after the answer). */
const SMOLLM2_TEMPLATE_TOKENS = 11;
/** A safe allowance for other templates, whose default system prompts are longer. */
const OTHER_TEMPLATE_TOKENS = 40;

function freshRunDir(home: string, taskId: string, profile: string, date: Date): string {
  const base = join(home, 'runs', `baseline-${taskId}-${profile}-${compactTime(date)}`);
  let candidate = base;
  for (let index = 2; existsSync(candidate); index += 1) candidate = `${base}-${index}`;
  return candidate;
}

interface PreparedBaseline {
  splits: TaskSplits;
  sizing: BaselineSizing;
  selection: BaselineExamples;
}

/** Selects and sizes the data, writes train.yaml, the data files and data/selection.json. */
async function prepareBaseline(
  options: RunBaselineOptions,
  recipe: BaselineRecipe,
  runDir: string,
  modelPath: string,
  template: TrainingTemplate,
): Promise<PreparedBaseline> {
  const { task, profile } = options;
  const spec = task.spec;
  const splits = await task.buildSplits(options.repository, profile);
  const tokenizer = modelTokenizer(modelPath);
  const select = (cap: number) =>
    selectBaselineExamples(splits.pool, {
      cap,
      seed: `baseline:${spec.id}:${profile}`,
      cutoffLen: recipe.cutoffLen,
      tokenizer,
      templateTokens: template.template === 'smollm2' ? SMOLLM2_TEMPLATE_TOKENS : OTHER_TEMPLATE_TOKENS,
    });
  const cap = spec.profiles[profile].budget.sampleCap;
  const sizing = sizeBaselineTraining(recipe, select(cap).lengths, cap);
  const selection = select(sizing.samples);
  if (selection.examples.length === 0) {
    throw new FtdojoError('UNSUPPORTED', `the ${profile} pool of ${spec.id} has no rows with a target or a worked solution to train on`, {
      hint: `look at the pool with \`ftdojo data prepare --task ${spec.id}\``,
    });
  }
  const config = buildTrainingConfig({ modelPath, template, device: recipe.device, settings: recipeSettings(recipe, sizing, options.maxSteps) });
  const written = await writeTrainingRun({ runDir, config, examples: selection.examples });
  if (written.problems.length)
    throw new FtdojoError('INTERNAL', `the baseline recipe wrote an invalid config: ${written.problems.map((problem) => problem.message).join('; ')}`);
  await writeJsonAtomically(join(runDir, 'data', 'selection.json'), {
    schemaVersion: 1,
    ids: selection.ids,
    lengths: selection.lengths,
    stats: selection.stats,
  });
  return { splits, sizing, selection };
}

/**
 * The fixed-recipe baseline ("manual SFT"): selects and formats pool rows, trains a LoRA adapter
 * with LLaMA-Factory, then evaluates the base model and the fine-tuned one on validation and test.
 * Everything lands in <home>/runs/baseline-<task>-<profile>-<timestamp>/: train.yaml, data/,
 * output/ (adapter, trainer_log.jsonl, training_loss.png), train.log, eval/<role>/<split>/,
 * scores.json (rewritten after each evaluation) and status.json. A failed training is a result
 * (state failed, no scores); an abort stops the current stage and leaves the folder consistent;
 * an exception (missing data, a broken evaluation) marks status.json failed before it propagates.
 */
export async function runBaseline(options: RunBaselineOptions): Promise<BaselineResult> {
  const { task, profile, runtime } = options;
  const spec = task.spec;
  const recipe: BaselineRecipe = { ...baselineRecipe(spec, profile), ...options.recipe };
  // A missing model (downloaded first when it is a hub model) or a wrong template fails now, before a run folder exists.
  const model = options.model ?? profileBaseModel(profile, spec.profiles[profile], { embeddedPath: embeddedModelDir(runtime) });
  const base = await ensureBaseModel(runtime, model, { template: options.template, onProgress: options.onModelDownload });
  const modelPath = base.path;
  const template: TrainingTemplate = { template: base.template.template, defaultSystem: base.template.defaultSystem };
  const runDir = freshRunDir(runtime.home, spec.id, profile, (options.now ?? (() => new Date()))());
  await mkdir(runDir, { recursive: true });
  const status: RunStatus = createRunStatus(join(runDir, 'status.json'), 'baseline');
  const emitStage = (stage: string) => options.onEvent?.({ kind: 'stage', stage });

  emitStage('prepare');
  await status.startStage('prepare');
  let prepared: PreparedBaseline;
  try {
    prepared = await prepareBaseline(options, recipe, runDir, modelPath, template);
  } catch (error) {
    await status.finish('failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
  const { splits, selection } = prepared;
  // --max-steps replaces the sized number of updates (LLaMA-Factory then ignores num_train_epochs).
  const sizing = options.maxSteps === undefined ? prepared.sizing : { ...prepared.sizing, steps: options.maxSteps };
  await status.finishStage('prepare', 'succeeded');

  const scores: BaselineScoresFile = {
    schemaVersion: BASELINE_SCORES_VERSION,
    kind: 'ftdojo-baseline-scores',
    task: spec.id,
    profile,
    createdAt: new Date().toISOString(),
    recipe,
    sizing,
    data: selection.stats,
    training: { state: 'failed', seconds: 0, steps: 0, firstLoss: null, lastLoss: null, tokensPerSecond: null, adapterPath: null },
    scores: {},
    limit: options.limit ?? null,
  };
  const scoresPath = join(runDir, 'scores.json');

  emitStage('train');
  const training = await runTraining(runtime, runDir, {
    status,
    // The task's own wall-clock budget is the hard stop; the recipe aims well inside it.
    deadlineSeconds: spec.profiles[profile].budget.wallClockSeconds,
    signal: options.signal,
    onProgress: (progress) => options.onEvent?.({ kind: 'train', progress }),
  });
  scores.training = trainingFacts(training);
  await writeJsonAtomically(scoresPath, scores);
  const result = (state: TrainingOutcome['state']): BaselineResult => ({ state, runDir, training, scores, scoresPath });
  if (!training.adapterPath || training.state === 'failed' || training.state === 'interrupted') {
    await status.finish(training.state, training.rootCause.at(-1));
    return result(training.state);
  }

  // Prompted with the template training used, for the base model as for the tuned one.
  const codeRunner = options.codeRunner ?? evaluationCodeRunner(runtime);
  const backendFor = options.createBackend ?? ((ref: ModelRef) => createLocalBackend(runtime, ref, { promptFormat: promptFormatFor(template) }));
  const roles: [BaselineModelRole, ModelRef][] = [
    ['base', model],
    ['tuned', { kind: 'adapter', base: model, path: training.adapterPath }],
  ];
  try {
    for (const [role, ref] of roles) {
      const backend = backendFor(ref);
      for (const split of options.splits ?? BASELINE_SPLITS) {
        const stage = `eval-${role}-${split}`;
        emitStage(stage);
        await status.startStage(stage);
        const started = Date.now();
        const outDir = join(runDir, 'eval', role, split);
        const samples = split === 'validation' ? splits.validation : splits.test;
        const run = () =>
          evaluate({
            task: spec,
            profile,
            split,
            samples,
            backend,
            outDir,
            codeRunner,
            limit: options.limit,
            batchSize: options.evalBatchSize,
            signal: options.signal,
            onProgress: (progress) => options.onEvent?.({ kind: 'eval', role, split, progress }),
          });
        const cacheDir =
          role === 'base' && options.cacheBaseEvaluations !== false
            ? baseEvalCacheDir(runtime.home, { task: spec.id, profile, split, limit: options.limit ?? null, modelPath, samples })
            : undefined;
        const restored = cacheDir ? await restoreBaseGenerations(cacheDir, outDir) : false;
        let evaluation: Awaited<ReturnType<typeof evaluate>>;
        try {
          evaluation = await run();
        } catch (error) {
          // Cached generations made with other settings (threads, dtype ...) are refused: start clean.
          if (!restored || options.signal?.aborted) throw error;
          await rm(join(outDir, 'generation'), { recursive: true, force: true });
          evaluation = await run();
        }
        if (cacheDir) await storeBaseGenerations(cacheDir, outDir);
        const score = splitScore(split, evaluation.report, relative(runDir, evaluation.reportPath), Math.round((Date.now() - started) / 100) / 10);
        (scores.scores[role] ??= {})[split] = score;
        await writeJsonAtomically(scoresPath, scores);
        options.onEvent?.({ kind: 'score', role, split, score });
        await status.finishStage(stage, 'succeeded');
      }
    }
  } catch (error) {
    if (options.signal?.aborted) {
      await status.finish('interrupted', 'stopped by the user during evaluation');
      return result('interrupted');
    }
    await status.finish('failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
  await status.finish(training.state);
  return result(training.state);
}
