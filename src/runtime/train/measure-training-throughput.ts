import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import type { TrainingConfig, TrainingExample, TrainingTemplate } from '../llamafactory/index.js';
import { buildTrainingConfig, writeTrainingRun } from '../llamafactory/index.js';
import { runTraining } from './run-training.js';
import type { TrainingProgress, TrainingState } from './training-outcome.js';

export const TRAINING_THROUGHPUT_VERSION = 1;

/** One way of training to time, e.g. fp32 or bf16: settings layered over the recipe's. */
export interface ThroughputVariant {
  name: string;
  settings: TrainingConfig;
}

/** On CPU: fp32, and bf16 autocast (`use_cpu` + `bf16: true`, which AMX CPUs run natively). */
export const CPU_PRECISION_VARIANTS: readonly ThroughputVariant[] = [
  { name: 'fp32', settings: { bf16: false, fp16: false } },
  { name: 'bf16', settings: { bf16: true, fp16: false } },
];

export interface MeasureTrainingThroughputOptions {
  config: RuntimeConfig;
  modelPath: string;
  template: TrainingTemplate;
  /** The same examples for every variant. */
  examples: readonly TrainingExample[];
  /** The recipe (batch size, cutoff_len, LoRA settings ...); max_steps is set to `steps`. */
  settings: TrainingConfig;
  steps: number;
  /** Each variant trains in <workDir>/<name>. */
  workDir: string;
  variants?: readonly ThroughputVariant[] | undefined;
  device?: 'cpu' | 'gpu' | undefined;
  onProgress?: ((variant: string, progress: TrainingProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface ThroughputMeasurement {
  name: string;
  state: TrainingState;
  steps: number;
  /** Non-padding tokens trained on (transformers' num_input_tokens_seen, non_padding). */
  tokens: number | null;
  /** The trainer's own train_runtime: the training loop, without model loading. */
  trainSeconds: number | null;
  tokensPerSecond: number | null;
  secondsPerStep: number | null;
  /** Process start to exit, loading included. */
  wallSeconds: number;
  firstLoss: number | null;
  lastLoss: number | null;
  /** The root cause when the variant did not finish. */
  problem?: string | undefined;
}

export interface TrainingThroughputReport {
  schemaVersion: typeof TRAINING_THROUGHPUT_VERSION;
  machine: { cpus: number; cpuModel: string; threads: number };
  steps: number;
  examples: number;
  settings: TrainingConfig;
  variants: ThroughputMeasurement[];
  /** The variant with the most tokens per second, among those that finished. */
  fastest: string | null;
}

/**
 * Times the same short training (same examples, same steps, same recipe) once per variant, one
 * after another so they never compete for the cores, and reports tokens per second from the
 * trainer's own counters. The bench calls it to pick the CPU precision; nothing asserts timings.
 */
export async function measureTrainingThroughput(options: MeasureTrainingThroughputOptions): Promise<TrainingThroughputReport> {
  const variants = options.variants ?? CPU_PRECISION_VARIANTS;
  const measurements: ThroughputMeasurement[] = [];
  for (const variant of variants) {
    if (options.signal?.aborted) break;
    const trainingConfig = buildTrainingConfig({
      modelPath: options.modelPath,
      template: options.template,
      device: options.device ?? 'cpu',
      settings: { ...options.settings, ...variant.settings, max_steps: options.steps, save_strategy: 'no', plot_loss: false },
    });
    const written = await writeTrainingRun({ runDir: join(options.workDir, variant.name), config: trainingConfig, examples: options.examples });
    const outcome = await runTraining(options.config, written.layout.runDir, {
      signal: options.signal,
      onProgress: options.onProgress ? (progress) => options.onProgress!(variant.name, progress) : undefined,
    });
    const tokens = outcome.metrics?.num_input_tokens_seen ?? null;
    const trainSeconds = outcome.metrics?.train_runtime ?? null;
    measurements.push({
      name: variant.name,
      state: outcome.state,
      steps: outcome.lossCurve.at(-1)?.step ?? 0,
      tokens,
      trainSeconds,
      tokensPerSecond: tokens !== null && trainSeconds ? Math.round((tokens / trainSeconds) * 10) / 10 : null,
      secondsPerStep: trainSeconds !== null ? Math.round((trainSeconds / options.steps) * 100) / 100 : null,
      wallSeconds: outcome.seconds,
      firstLoss: outcome.lossCurve[0]?.loss ?? null,
      lastLoss: outcome.lossCurve.at(-1)?.loss ?? null,
      ...(outcome.state === 'succeeded' ? {} : { problem: [outcome.category, ...outcome.rootCause.slice(-1)].filter(Boolean).join(': ') }),
    });
  }
  const finished = measurements.filter((entry) => entry.tokensPerSecond !== null);
  const fastest = finished.sort((left, right) => right.tokensPerSecond! - left.tokensPerSecond!)[0]?.name ?? null;
  return {
    schemaVersion: TRAINING_THROUGHPUT_VERSION,
    machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', threads: options.config.threads },
    steps: options.steps,
    examples: options.examples.length,
    settings: options.settings,
    variants: measurements,
    fastest,
  };
}
