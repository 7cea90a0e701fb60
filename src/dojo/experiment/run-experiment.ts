import { appendFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionError, ExperimentStage, Feedback, TierResult, ValidationReport } from '../../core/index.js';
import type { EvaluateInput, EvaluationRecord, EvaluationReportFile } from '../../eval/index.js';
import { evaluate, evaluateReusing, readEvaluationReport } from '../../eval/index.js';
import type { GenerationProgress, InferenceBackend, TrainingOutcome, TrainingProgress } from '../../runtime/index.js';
import { runTraining, trainingPrecisionOf, writeJsonAtomically, writeTrainingRun } from '../../runtime/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import type { TaskEnvironment } from '../environment/task-environment.js';
import type { BestSoFar } from '../feedback/index.js';
import { buildFeedback } from '../feedback/index.js';
import type { ParentExperimentFiles, ValidationLimits } from '../validate/index.js';
import { validateSubmission } from '../validate/index.js';
import type { ExperimentModel } from './experiment-backend.js';
import { createExperimentBackend } from './experiment-backend.js';

export type ExperimentEvent =
  | { kind: 'stage'; stage: ExperimentStage }
  | { kind: 'tier'; result: TierResult }
  | { kind: 'train'; progress: TrainingProgress }
  | { kind: 'eval'; role: 'base' | 'candidate'; progress: GenerationProgress }
  /** Whether the kept base evaluation was reused and, when not, why (also in base-evaluation.log). */
  | { kind: 'base-evaluation'; message: string };

export interface RunExperimentOptions {
  environment: TaskEnvironment;
  experimentId: string;
  workspace: string;
  /** The experiment's folder: validation.json, train/, eval/, feedback.json. */
  experimentDir: string;
  sandbox: Sandbox;
  interpreters: { python: string; node: string };
  /** What is left of the task's budget; the task profile's whole budget by default. */
  budget?: { wallSeconds?: number; experimentsSpent?: number; experimentsLimit?: number | null; llmTokensSpent?: number; llmTokensLimit?: number | null };
  best?: BestSoFar | null;
  /**
   * Where the base model's validation evaluation is kept across runs: reused when its fingerprint
   * matches the one this evaluation would have (evaluateReusing), evaluated again otherwise. With
   * evalLimit, a folder of its own beside it. Null: no base evaluation.
   */
  baseEvalDir?: string | null;
  /** Evaluate the first N validation samples only (quick runs; recorded in the fingerprint). */
  evalLimit?: number;
  validationLimits?: ValidationLimits;
  /** The finished experiment this one builds on (its micro run may stand in for this one's: see parentReuse). */
  parent?: ParentExperimentFiles | null | undefined;
  env?: Readonly<Record<string, string>>;
  /** Tokens the LLM gateway has counted so far (the budget level reports them). */
  llmUsage?: () => number;
  /** The validation evaluation's backend; createExperimentBackend (the training template) by default. */
  createBackend?: (path: ExperimentModel) => InferenceBackend;
  /**
   * false: the fail-fast ablation, a run as the reference agent makes it. No micro run, and the
   * static and data checks only report: whatever config and rows the submission yields go to the
   * full training, and a fault shows where that run meets it (default true).
   */
  failFast?: boolean;
  onEvent?: (event: ExperimentEvent) => void;
  signal?: AbortSignal;
}

export interface ExperimentResult {
  feedback: Feedback;
  feedbackPath: string;
  validation: ValidationReport;
  training: TrainingOutcome | null;
  evaluation: EvaluationReportFile | null;
}

const STAGE_OF_TIER = { static: 'validate-static', data: 'validate-data', runtime: 'validate-runtime' } as const;

function validationError(report: ValidationReport): ExecutionError {
  const tier = report.tiers.find((candidate) => candidate.status === 'failed')!;
  const first = tier.diagnostics.find((diagnostic) => diagnostic.severity === 'error')!;
  const category = first.code.startsWith('script-')
    ? first.code === 'script-timeout'
      ? 'TIMEOUT'
      : 'SCRIPT'
    : first.code === 'over-budget'
      ? 'BUDGET'
      : first.code === 'memory-projection'
        ? 'OOM'
        : tier.tier === 'static'
          ? 'CONFIG'
          : tier.tier === 'data'
            ? 'DATA'
            : 'UNKNOWN';
  const errors = tier.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  return {
    category,
    rootCause: errors.flatMap((diagnostic) => [`${diagnostic.code}: ${diagnostic.message}`, ...diagnostic.evidence]).slice(0, 20),
    hint: errors.map((diagnostic) => diagnostic.hint).join(' / '),
  };
}

/**
 * One complete experiment in the dojo: the submission's script runs in the sandbox and is
 * validated (three tiers), the full training runs with the environment's managed config, the
 * adapter is evaluated on validation (never test), and a feedback document is built from the
 * measured facts and written next to everything else. A failure at any stage still ends with a
 * feedback document that says where and why.
 */
export async function runExperiment(options: RunExperimentOptions): Promise<ExperimentResult> {
  const started = Date.now();
  const env = options.environment;
  const emit = (event: ExperimentEvent) => options.onEvent?.(event);
  // Never a negative time in a document: a caller that passes what is left after an overrun passes 0.
  const wallLimit = Math.max(0, options.budget?.wallSeconds ?? env.wallClockSeconds);
  const elapsed = () => (Date.now() - started) / 1000;
  await mkdir(options.experimentDir, { recursive: true });
  // Validation prompts exactly like training and held-out scoring (the environment's template).
  const backendFor = options.createBackend ?? ((which: ExperimentModel) => createExperimentBackend(env, which));

  emit({ kind: 'stage', stage: 'script' });
  const validated = await validateSubmission({
    environment: env,
    workspace: options.workspace,
    scratchDir: join(options.experimentDir, 'validate'),
    sandbox: options.sandbox,
    interpreters: options.interpreters,
    remainingSeconds: wallLimit,
    ...(options.failFast === false ? { through: 'data' as const, continueAfterFailure: true } : {}),
    ...(options.validationLimits ? { limits: options.validationLimits } : {}),
    ...(options.parent ? { parent: options.parent } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onTier: (tier, phase, result) => (phase === 'start' ? emit({ kind: 'stage', stage: STAGE_OF_TIER[tier] }) : result && emit({ kind: 'tier', result })),
  });
  await writeJsonAtomically(join(options.experimentDir, 'validation.json'), validated.report);

  // Without fail-fast, anything trainable is trained, checks or not.
  const proceed = validated.report.passed || (options.failFast === false && validated.config !== null && validated.data.rows.length > 0);
  let stage: ExperimentStage = proceed ? 'train' : STAGE_OF_TIER[validated.report.failedTier ?? 'static'];
  let training: TrainingOutcome | null = null;
  let evaluation: { report: EvaluationReportFile; records: EvaluationRecord[] } | null = null;
  let base: EvaluationReportFile | null = null;
  const error: ExecutionError | null = proceed ? null : validationError(validated.report);
  let state: Feedback['execution']['state'] = proceed ? 'succeeded' : 'failed';

  if (proceed && validated.config) {
    emit({ kind: 'stage', stage: 'train' });
    const trainDir = join(options.experimentDir, 'train');
    await writeTrainingRun({ runDir: trainDir, config: validated.config, examples: validated.data.rows.map((row) => row.example) });
    training = await runTraining(env.runtime, trainDir, {
      deadlineSeconds: Math.max(60, wallLimit - elapsed()),
      onProgress: (progress) => emit({ kind: 'train', progress }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(env.worker ? { worker: env.worker } : {}),
    });
    if (training.state !== 'succeeded' || !training.adapterPath) {
      state = training.state === 'succeeded' ? 'failed' : training.state;
    } else {
      stage = 'evaluate';
      emit({ kind: 'stage', stage: 'evaluate' });
      const evaluationOf = (which: 'base' | { adapter: string }, outDir: string): EvaluateInput => ({
        task: env.task.spec,
        profile: env.profile,
        split: 'validation',
        samples: env.validation,
        backend: backendFor(which),
        library: env.scorers,
        scoring: env.scoring,
        codeRunner: env.codeRunner,
        outDir,
        ...(options.evalLimit ? { limit: options.evalLimit } : {}),
        onProgress: (progress) => emit({ kind: 'eval', role: which === 'base' ? 'base' : 'candidate', progress }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const result = await evaluate(evaluationOf({ adapter: training.adapterPath }, join(options.experimentDir, 'eval')));
      evaluation = { report: await readEvaluationReport(result.reportPath), records: result.records };
      if (options.baseEvalDir !== null) {
        // A limited evaluation keeps its own folder, so it never replaces the full one.
        const kept = options.baseEvalDir && options.evalLimit ? `${options.baseEvalDir}-limit${options.evalLimit}` : options.baseEvalDir;
        const logPath = join(options.experimentDir, 'base-evaluation.log');
        const reused = await evaluateReusing({
          ...evaluationOf('base', kept ?? join(options.experimentDir, 'eval-base')),
          log: (line) => {
            emit({ kind: 'base-evaluation', message: line });
            appendFileSync(logPath, `${new Date().toISOString()} ${line}\n`);
          },
        });
        base = reused.file;
      }
      stage = 'done';
    }
  }

  const feedback = buildFeedback({
    experimentId: options.experimentId,
    task: env.task.spec,
    profile: env.profile,
    execution: { stage, state, error },
    data: validated.data.facts,
    training,
    ...(training && validated.config ? { trainingPrecision: trainingPrecisionOf(validated.config) } : {}),
    // Only the samples that were scored (an --eval-limit run scores the first N).
    evaluation: evaluation
      ? { ...evaluation, samples: env.validation.filter((sample) => evaluation!.records.some((record) => record.id === sample.id)) }
      : null,
    best: options.best ?? null,
    base,
    budget: {
      wallSeconds: { spent: elapsed(), limit: wallLimit },
      trainingSeconds: { spent: training?.seconds ?? 0, limit: null },
      llmTokens: { spent: (options.budget?.llmTokensSpent ?? 0) + (options.llmUsage?.() ?? 0), limit: options.budget?.llmTokensLimit ?? null },
      experiments: { spent: (options.budget?.experimentsSpent ?? 0) + 1, limit: options.budget?.experimentsLimit ?? null },
    },
  });
  const feedbackPath = join(options.experimentDir, 'feedback.json');
  await writeJsonAtomically(feedbackPath, feedback);
  return { feedback, feedbackPath, validation: validated.report, training, evaluation: evaluation?.report ?? null };
}
