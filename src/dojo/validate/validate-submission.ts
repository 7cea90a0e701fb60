import { join } from 'node:path';
import type { Diagnostic, TierResult, ValidationReport, ValidationTier } from '../../core/index.js';
import { VALIDATION_REPORT_VERSION, VALIDATION_TIERS } from '../../core/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import type { DataFacts, DataRow } from '../feedback/index.js';
import type { TaskEnvironment } from '../environment/task-environment.js';
import { readSubmission } from '../submission/index.js';
import type { DeviceProbe, TrainingConfig } from '../../runtime/index.js';
import { acceleratorSummary, describeGpus, probeDevice, trainingPrecisionOf } from '../../runtime/index.js';
import { runDataTier } from './data-tier.js';
import type { ParentExperimentFiles, ParentReuse } from './parent-projection.js';
import { parentReuse, readParentFacts, readSubmissionTexts } from './parent-projection.js';
import { runRuntimeTier } from './runtime-tier.js';
import { createScriptSyntaxCheck } from './script-syntax.js';
import { runStaticTier } from './static-tier.js';

/** The fail-fast tiers' limits: the data script's debug and full runs (seconds), the micro run's steps and deadline. */
export interface ValidationLimits {
  debugSeconds?: number;
  fullSeconds?: number;
  microSteps?: number;
  microDeadlineSeconds?: number;
}

export interface ValidateSubmissionOptions {
  environment: TaskEnvironment;
  workspace: string;
  /** Where the micro run's folder goes. */
  scratchDir: string;
  /** A sandbox with the task's agent side at /task and this workspace at /workspace. */
  sandbox: Sandbox;
  /** Interpreters valid inside the sandbox. */
  interpreters: { python: string; node: string };
  /** Seconds of the budget left for this experiment's training and evaluation. */
  remainingSeconds?: number;
  /** Evaluation time to reserve after training (default: a quarter of what is left, at most 10 min). */
  evaluationSeconds?: number;
  /** Stop after this tier (e.g. 'data' to skip the micro run). */
  through?: ValidationTier;
  /**
   * Run the next tier even when one failed, as long as it has what it needs (default false: stop
   * at the first failure). For the fail-fast ablation, which must still produce the rows.
   */
  continueAfterFailure?: boolean;
  limits?: ValidationLimits;
  env?: Readonly<Record<string, string>>;
  onTier?: (tier: ValidationTier, phase: 'start' | 'end', result?: TierResult) => void;
  /** For a GPU run, the device probe (tests inject one); probed once (cached) when absent. */
  device?: DeviceProbe | null;
  /**
   * The finished experiment this one builds on: when only the row count or seed differ, its
   * measured step time replaces the micro run (parentReuse says when, and why not).
   */
  parent?: ParentExperimentFiles | null | undefined;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface ValidateSubmissionResult {
  report: ValidationReport;
  /** The config the full run uses, when the static tier could build it. */
  config: TrainingConfig | null;
  data: { facts: DataFacts | null; rows: DataRow[] };
}

const hasError = (diagnostics: readonly Diagnostic[]) => diagnostics.some((diagnostic) => diagnostic.severity === 'error');

/** The precision the full run trains in, and on a CPU why (the check's decision, or train.yaml's own choice). */
function precisionFacts(config: TrainingConfig | null, env: TaskEnvironment): Record<string, string | number | null> {
  if (!config) return {};
  const precision = trainingPrecisionOf(config);
  if (env.device !== 'cpu' || !env.cpuPrecision) return { precision };
  const followed = env.cpuPrecision.precision === precision;
  return {
    precision,
    precisionSource: followed ? env.cpuPrecision.source : 'submission',
    precisionReason: followed ? env.cpuPrecision.reason : `train.yaml chose ${precision}; the CPU precision check chose ${env.cpuPrecision.precision}`,
    bf16Speedup: env.cpuPrecision.speedup,
  };
}

/** Whether the parent's step time stands in for the micro run; a parent that cannot be read is a reason, not a fault. */
async function reuseOfParent(parent: ParentExperimentFiles, config: TrainingConfig, workspace: string, facts: DataFacts | null): Promise<ParentReuse> {
  try {
    const current = { config, files: await readSubmissionTexts(workspace), tokensP90: facts?.tokenLengths?.p90 ?? null };
    return parentReuse(current, await readParentFacts(parent));
  } catch (error) {
    return { reason: `parent ${parent.experimentId} could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Runs the three tiers cheapest first and stops at the first that reports an error; the later
 * ones are 'skipped'. The report says which tier stopped it, with every diagnostic and the
 * measured facts, in a versioned document (ValidationReportSchema).
 */
export async function validateSubmission(options: ValidateSubmissionOptions): Promise<ValidateSubmissionResult> {
  const started = Date.now();
  const { environment: env } = options;
  const now = options.now ?? (() => new Date());
  const submission = await readSubmission(options.workspace);
  const tiers: TierResult[] = [];
  let config: TrainingConfig | null = null;
  const data: ValidateSubmissionResult['data'] = { facts: null, rows: [] };
  const stopAfter = VALIDATION_TIERS.indexOf(options.through ?? 'runtime');

  const runTier = async (tier: ValidationTier, body: () => Promise<{ diagnostics: Diagnostic[]; facts?: Record<string, unknown> }>) => {
    const previousFailed = tiers.some((result) => result.status === 'failed') && !(options.continueAfterFailure && (tier !== 'data' || submission.script));
    if (previousFailed || VALIDATION_TIERS.indexOf(tier) > stopAfter || options.signal?.aborted) {
      tiers.push({ tier, status: 'skipped', seconds: 0, diagnostics: [], facts: {} });
      return;
    }
    options.onTier?.(tier, 'start');
    const tierStart = Date.now();
    const output = await body();
    const result: TierResult = {
      tier,
      status: hasError(output.diagnostics) ? 'failed' : 'passed',
      seconds: (Date.now() - tierStart) / 1000,
      diagnostics: output.diagnostics,
      facts: output.facts ?? {},
    };
    tiers.push(result);
    options.onTier?.(tier, 'end', result);
  };

  // A GPU run's checks need the device: probed once (and cached across runs), never for a CPU run.
  let device: DeviceProbe | null = null;
  let deviceError: string | null = null;
  if (env.device === 'gpu') {
    if (options.device !== undefined) device = options.device;
    else
      try {
        device = (await probeDevice(env.runtime)).probe;
      } catch (error) {
        deviceError = error instanceof Error ? error.message : String(error);
      }
  }

  await runTier('static', async () => {
    const output = await runStaticTier({
      submission,
      task: env.task.spec,
      sampleCap: env.sampleCap,
      modelPath: env.modelPath,
      modelContext: env.modelContext,
      template: env.template,
      device: env.device,
      accelerator: device ? { ...acceleratorSummary(device), description: describeGpus(device) } : deviceError,
      cpuPrecision: env.cpuPrecision,
      checkSyntax: createScriptSyntaxCheck({ python: env.runtime.python }),
    });
    config = output.config;
    return { diagnostics: output.diagnostics, facts: { script: submission.script?.name ?? null, ...precisionFacts(output.config, env) } };
  });

  await runTier('data', async () => {
    const cutoffLen = typeof config?.cutoff_len === 'number' ? config.cutoff_len : 2048;
    const output = await runDataTier({
      submission,
      sandbox: options.sandbox,
      interpreter: submission.script!.language === 'python' ? options.interpreters.python : options.interpreters.node,
      rowsIn: env.poolRows,
      sampleCap: env.sampleCap,
      cutoffLen,
      tokenizer: env.tokenizer,
      templateTokens: env.templateTokens,
      checkFormat: (text) => env.checkFormat(text),
      heldOut: env.heldOutKeys,
      debugSeconds: options.limits?.debugSeconds ?? 60,
      fullSeconds: options.limits?.fullSeconds ?? 600,
      ...(options.env ? { env: options.env } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    data.facts = output.facts;
    data.rows = output.rows;
    return {
      diagnostics: output.diagnostics,
      facts: {
        debugSeconds: output.seconds.debug,
        fullSeconds: output.seconds.full,
        rows: output.rows.length,
        overCutoff: output.facts?.overCutoff ?? null,
        tokensP90: output.facts?.tokenLengths?.p90 ?? null,
      },
    };
  });

  await runTier('runtime', async () => {
    const remainingSeconds = options.remainingSeconds ?? env.wallClockSeconds;
    const reuse = options.parent ? await reuseOfParent(options.parent, config!, submission.workspace, data.facts) : null;
    const output = await runRuntimeTier({
      runtime: env.runtime,
      runDir: join(options.scratchDir, 'micro-run'),
      config: config!,
      rows: data.rows.map((row) => row.example),
      model: env.model,
      memoryBytes: env.memoryBytes,
      ...(env.device === 'gpu' ? { device, longestRow: data.facts?.tokenLengths?.max ?? null } : {}),
      remainingSeconds,
      evaluationSeconds: options.evaluationSeconds ?? Math.min(600, remainingSeconds / 4),
      ...(reuse && 'reuse' in reuse ? { parent: reuse.reuse } : {}),
      ...(options.limits?.microSteps ? { microSteps: options.limits.microSteps } : {}),
      ...(options.limits?.microDeadlineSeconds ? { deadlineSeconds: options.limits.microDeadlineSeconds } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(env.worker ? { worker: env.worker } : {}),
    });
    return { diagnostics: output.diagnostics, facts: { ...output.facts, ...(reuse && 'reason' in reuse ? { parentNotReused: reuse.reason } : {}) } };
  });

  const failed = tiers.find((tier) => tier.status === 'failed');
  const report: ValidationReport = {
    schemaVersion: VALIDATION_REPORT_VERSION,
    kind: 'ftdojo-validation',
    task: env.task.spec.id,
    profile: env.profile,
    workspace: submission.workspace,
    createdAt: now().toISOString(),
    passed: !failed && tiers.every((tier) => tier.status !== 'skipped' || VALIDATION_TIERS.indexOf(tier.tier) > stopAfter),
    failedTier: failed?.tier ?? null,
    seconds: (Date.now() - started) / 1000,
    tiers,
  };
  return { report, config, data };
}
