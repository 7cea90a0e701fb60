import type { RuntimeConfig } from '../../config/index.js';
import type { Diagnostic } from '../../core/index.js';
import type { DeviceProbe, RuntimeWorker, TrainingConfig, TrainingExample, TrainingOutcome } from '../../runtime/index.js';
import { probeDevice, runTraining, writeTrainingRun } from '../../runtime/index.js';
import { gpuMemoryDiagnostic } from './gpu-projection.js';
import type { ParentProjection } from './parent-projection.js';
import type { ModelShape } from './project-run.js';
import { projectedMemoryBytes, projectedSteps } from './project-run.js';

export interface RuntimeTierInput {
  runtime: RuntimeConfig;
  /** A fresh folder for the micro run (config, data, log, output). */
  runDir: string;
  /** The config the full run would use (managed keys included, paths filled in per run). */
  config: TrainingConfig;
  rows: readonly TrainingExample[];
  model: ModelShape | null;
  /** Host memory the run may use, in bytes (the CPU projection's limit). */
  memoryBytes: number;
  /** For a GPU run: the device probe (null: none could run); probed (cached) when absent. */
  device?: DeviceProbe | null | undefined;
  /** The longest training row in tokens (the data tier's measure): batches are padded to it, not to cutoff_len. */
  longestRow?: number | null | undefined;
  /** Seconds of the experiment budget left for training and evaluation. */
  remainingSeconds: number;
  /** Seconds evaluation on validation will take after training (an estimate). */
  evaluationSeconds: number;
  /**
   * The parent experiment's measured step time when this one differs from it only in row count or
   * seed (parentReuse): the micro run is skipped and the projection uses the parent's figure.
   */
  parent?: ParentProjection | undefined;
  microSteps?: number;
  /** Stop the micro run after this long (model loading included). */
  deadlineSeconds?: number;
  signal?: AbortSignal;
  /** The run's warm worker, when it has one: the micro run goes there (runTraining decides). */
  worker?: RuntimeWorker | undefined;
}

export interface RuntimeTierOutput {
  diagnostics: Diagnostic[];
  facts: Record<string, number | string | null>;
  outcome: TrainingOutcome | null;
}

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
const clock = (seconds: number) => (seconds >= 120 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds)} s`);

function problem(code: string, message: string, hint: string, evidence: string[] = []): Diagnostic {
  return { tier: 'runtime', code, severity: 'error', subject: 'training', message, hint, evidence };
}

async function probeFor(input: RuntimeTierInput): Promise<DeviceProbe | null> {
  if (input.device !== undefined) return input.device;
  try {
    return (await probeDevice(input.runtime)).probe;
  } catch {
    return null;
  }
}

/**
 * Tier 3, runtime: a projection of peak memory first (a batch that cannot fit never starts): of
 * host memory for a CPU run, of each GPU's memory for a GPU run (per method and ZeRO stage, with
 * the changes that would fit when it does not), then a micro run of a few optimizer steps (1 to 3, at most a quarter of the run's) with the
 * real config and data. It passes when the run starts, the loss is finite and not exploding, and
 * the measured seconds per step project the full run (plus evaluation) inside the budget left. A
 * child that differs from its validated parent only in row count or seed skips the micro run and
 * is projected from the parent's measured step time (`parent`).
 */
export async function runRuntimeTier(input: RuntimeTierInput): Promise<RuntimeTierOutput> {
  const steps = projectedSteps(input.config, input.rows.length);
  const facts: RuntimeTierOutput['facts'] = { projectedSteps: steps, remainingSeconds: Math.round(input.remainingSeconds) };
  const gpuRun = input.config.use_cpu !== true;
  const device = gpuRun ? await probeFor(input) : null;
  if (gpuRun && input.model && device) {
    const projection = gpuMemoryDiagnostic({
      config: input.config,
      shape: input.model,
      probe: device,
      maxGpus: input.runtime.gpus,
      longestRow: input.longestRow,
    });
    Object.assign(facts, projection.facts);
    if (projection.diagnostic) return { diagnostics: [projection.diagnostic], facts, outcome: null };
  } else if (!gpuRun && input.model) {
    const memory = projectedMemoryBytes(input.config, input.model);
    facts.projectedMemoryBytes = memory;
    if (memory > input.memoryBytes) {
      return {
        diagnostics: [
          problem(
            'memory-projection',
            `the config needs about ${gib(memory)} at its peak (batch ${String(input.config.per_device_train_batch_size ?? 8)} x cutoff_len ${String(input.config.cutoff_len ?? 2048)}), more than the ${gib(input.memoryBytes)} this run may use`,
            'lower per_device_train_batch_size (raise gradient_accumulation_steps to keep the effective batch) or cutoff_len',
          ),
        ],
        facts,
        outcome: null,
      };
    }
  }
  // The parent trained this config on rows made the same way: its step time projects this run,
  // and a micro run would only measure it again.
  if (input.parent) {
    Object.assign(facts, { projectionFrom: input.parent.experimentId, projectionBasis: input.parent.basis });
    return {
      diagnostics: budgetDiagnostics(facts, input, steps, input.parent.secondsPerStep, input.parent.loadSeconds, input.parent.basis),
      facts,
      outcome: null,
    };
  }
  // Never more steps than the full run would make, and a quarter of them at most by default: on a
  // short run three steps would cost nearly as much as the run they guard (one step still catches
  // a crash, an OOM and a non-finite loss, and measures the step time, a little high).
  const microSteps = Math.min(input.microSteps ?? Math.max(1, Math.min(3, Math.floor(steps / 4))), steps);
  const microConfig: TrainingConfig = { ...input.config, max_steps: microSteps, logging_steps: 1, plot_loss: false, save_strategy: 'no' };
  await writeTrainingRun({ runDir: input.runDir, config: microConfig, examples: input.rows.slice(0, Math.max(64, microSteps * 64)) });
  const outcome = await runTraining(input.runtime, input.runDir, {
    deadlineSeconds: input.deadlineSeconds ?? 300,
    ...(gpuRun ? { device, longestRow: input.longestRow } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.worker ? { worker: input.worker } : {}),
  });
  facts.microSeconds = Math.round(outcome.seconds);
  if (outcome.state !== 'succeeded') {
    const code = outcome.state === 'timeout' ? 'micro-run-timeout' : `train-${(outcome.category ?? 'failed').toLowerCase()}`;
    return {
      diagnostics: [
        problem(
          code,
          `the ${microSteps}-step micro run ${outcome.state}${outcome.category ? ` (${outcome.category})` : ''}`,
          outcome.hint || 'read the root cause lines; the full log is in the run folder',
          outcome.rootCause,
        ),
      ],
      facts,
      outcome,
    };
  }
  const losses = outcome.lossCurve.map((point) => point.loss);
  const first = losses[0];
  const last = losses.at(-1);
  facts.firstLoss = first ?? null;
  facts.lastLoss = last ?? null;
  const diagnostics: Diagnostic[] = [];
  if (losses.some((loss) => !Number.isFinite(loss)))
    diagnostics.push(
      problem(
        'loss-not-finite',
        'the loss became NaN or infinite within the micro run',
        'lower learning_rate (LoRA: 1e-4 to 5e-4) and check the data for empty outputs',
      ),
    );
  else if (first !== undefined && last !== undefined && (last > 3 * first || last > 50))
    diagnostics.push(
      problem(
        'loss-exploding',
        `the loss rose from ${first.toFixed(3)} to ${last.toFixed(3)} in ${microSteps} steps`,
        'lower learning_rate, or add warmup (warmup_ratio: 0.1)',
        losses.map((loss, index) => `step ${index + 1}: ${loss}`),
      ),
    );

  const trainSeconds = outcome.metrics?.train_runtime;
  const perStep = trainSeconds !== undefined && trainSeconds > 0 ? trainSeconds / microSteps : outcome.seconds / microSteps;
  const loadSeconds = Math.max(0, outcome.seconds - (trainSeconds ?? 0));
  diagnostics.push(...budgetDiagnostics(facts, input, steps, perStep, loadSeconds, `measured over a ${microSteps}-step micro run`));
  return { diagnostics, facts, outcome };
}

/** The full run projected from a step time (loading, every step, then evaluation) against the budget left; the figures go into `facts`. */
function budgetDiagnostics(
  facts: RuntimeTierOutput['facts'],
  input: RuntimeTierInput,
  steps: number,
  perStep: number,
  loadSeconds: number,
  basis: string,
): Diagnostic[] {
  const projected = loadSeconds + steps * perStep + input.evaluationSeconds;
  Object.assign(facts, { secondsPerStep: Math.round(perStep * 100) / 100, loadSeconds: Math.round(loadSeconds), projectedSeconds: Math.round(projected) });
  if (projected <= input.remainingSeconds) return [];
  const fit = Math.max(0, Math.floor((input.remainingSeconds - loadSeconds - input.evaluationSeconds) / perStep));
  return [
    problem(
      'over-budget',
      `the full run would take about ${clock(projected)} (${steps} steps at ${perStep.toFixed(1)} s each, plus loading and evaluation), but ${clock(input.remainingSeconds)} are left`,
      `keep it within about ${fit} steps: fewer rows or epochs, or a smaller cutoff_len`,
      [basis],
    ),
  ];
}
