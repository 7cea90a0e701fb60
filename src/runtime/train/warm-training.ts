import type { RuntimeConfig } from '../../config/index.js';
import type { TrainingConfig } from '../llamafactory/index.js';
import type { RuntimeWorker } from '../worker/index.js';
import { trainerEnvironment } from './training-environment.js';
import type { TrainingLaunch } from './training-launch.js';

/**
 * Keys whose LLaMA-Factory code changes the whole process, not just its run: shift_attn replaces
 * LlamaAttention.forward, neat_packing patches datasets' OptimizedTypedSequence, fp8 patches
 * Accelerator.__init__, Liger and Unsloth patch the model classes, KTransformers, MCA, Ray and
 * hyper-parallel bring their own runtimes; torch_compile and the profiler keep process-wide caches
 * and state; quantization (bitsandbytes) and DeepSpeed were never checked in a shared process.
 * A run that sets any of them trains in a fresh process, as it always did.
 */
const PROCESS_WIDE_KEYS = [
  'shift_attn',
  'neat_packing',
  'fp8',
  'enable_liger_kernel',
  'use_unsloth',
  'use_unsloth_gc',
  'use_kt',
  'use_mca',
  'use_ray',
  'use_hyper_parallel',
  'torch_compile',
  'enable_torch_profiler',
  'mixture_of_depths',
  'quantization_bit',
  'deepspeed',
] as const;

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== '' && value !== 'none';
}

/**
 * Why a training cannot run in the run's warm worker (null: it can). It can when the run has a
 * worker, the launch is one process on the CPU or on one GPU (torchrun starts processes of its
 * own), the config is supervised fine-tuning (the only stage checked in a shared process) without
 * a key that changes the whole process, and the trainer needs exactly the worker's environment
 * (CUDA_VISIBLE_DEVICES must be set before torch starts).
 */
export function warmTrainingRefusal(
  config: RuntimeConfig,
  trainingConfig: TrainingConfig,
  launch: Pick<TrainingLaunch, 'device' | 'gpus' | 'torchrun' | 'env'>,
  worker: Pick<RuntimeWorker, 'environment'> | undefined,
): string | null {
  if (!worker) return 'no warm worker for this run';
  if (launch.torchrun) return 'a distributed launch (torchrun) starts processes of its own';
  if (launch.device === 'cuda' && launch.gpus !== 1) return 'the launch leaves the choice of GPUs to LLaMA-Factory';
  const stage = trainingConfig.stage ?? 'sft';
  if (stage !== 'sft') return `stage ${String(stage)} was never checked in a shared process (only sft)`;
  const wide = PROCESS_WIDE_KEYS.filter((key) => isSet(trainingConfig[key]));
  if (wide.length) return `${wide.join(', ')} change${wide.length === 1 ? 's' : ''} the whole process`;
  const needed = trainerEnvironment(config, trainingConfig, launch);
  const names = new Set([...Object.keys(needed), ...Object.keys(worker.environment)]);
  const differing = [...names].filter((name) => needed[name] !== worker.environment[name]).sort();
  if (differing.length) return `it needs another environment than the worker's (${differing.slice(0, 4).join(', ')})`;
  return null;
}
