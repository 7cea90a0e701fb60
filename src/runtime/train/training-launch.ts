import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceProbe, GpuCapacity, GpuLaunch, ModelShape } from '../device/index.js';
import { chooseGpuLaunch } from '../device/index.js';
import type { TrainingConfig } from '../llamafactory/index.js';
import { repoPythonDir } from '../python-env/index.js';
import type { TrainingLaunchSummary } from './training-outcome.js';

/** How a training process starts on its device, decided before it starts. */
export interface TrainingLaunch extends TrainingLaunchSummary {
  /** The DeepSpeed config the run uses (the `deepspeed` key), or null. */
  deepspeedConfig: string | null;
  /** Variables set on the trainer's environment (CUDA_VISIBLE_DEVICES, FORCE_TORCHRUN, NPROC_PER_NODE). */
  env: Record<string, string>;
  /** Why this launch, in a sentence. */
  reason: string;
}

/** The shipped DeepSpeed configs: python/deepspeed/ds_z2_config.json and ds_z3_config.json. */
export function deepspeedConfigPath(stage: 2 | 3): string {
  return join(repoPythonDir(), 'deepspeed', `ds_z${stage}_config.json`);
}

/** The ZeRO stage of a `deepspeed` value: a config file's path, or the config inline. */
export function zeroStageOf(value: unknown): 0 | 2 | 3 {
  let config: unknown = value;
  if (typeof value === 'string') {
    try {
      config = existsSync(value) ? JSON.parse(readFileSync(value, 'utf8')) : null;
    } catch {
      config = null;
    }
  }
  const stage = (config as { zero_optimization?: { stage?: unknown } } | null)?.zero_optimization?.stage;
  return stage === 3 ? 3 : stage === 0 || stage === 1 ? 0 : 2;
}

/** The first `count` of the visible devices, as CUDA_VISIBLE_DEVICES names them (indices when unset). */
export function visibleDevicesFor(visible: string | null, available: number, count: number): string {
  const names =
    visible !== null && visible.trim() !== '' ? visible.split(',').map((name) => name.trim()) : Array.from({ length: available }, (_, index) => String(index));
  return names.slice(0, count).join(',');
}

export interface PlanTrainingLaunchInput {
  config: TrainingConfig;
  /** The device probe; null when it could not run (the run then starts as LLaMA-Factory would on its own). */
  probe: DeviceProbe | null;
  /** The base model's dimensions, when its config.json is on this machine. */
  shape: ModelShape | null;
  /** RuntimeConfig.gpus: at most this many GPUs. */
  maxGpus: number | null;
  /** The longest training row in tokens, when known. */
  longestRow?: number | null | undefined;
}

function cpuLaunch(reason: string): TrainingLaunch {
  return { device: 'cpu', gpus: 0, zeroStage: 0, torchrun: false, projectedBytes: null, usableBytes: null, deepspeedConfig: null, env: {}, reason };
}

/**
 * The launch for a config on this machine. A CPU config (use_cpu) runs as one process with the
 * GPUs hidden. On GPUs: one GPU without DeepSpeed when one is used; several through
 * LLaMA-Factory's torchrun path (FORCE_TORCHRUN=1, NPROC_PER_NODE, as its launcher reads them)
 * with ZeRO-2, or ZeRO-3 when the projection says ZeRO-2 does not fit (plain data parallel when
 * DeepSpeed is not installed). A `deepspeed` key the caller set is kept, across every GPU. When
 * fewer GPUs are used than are visible, CUDA_VISIBLE_DEVICES names the first ones (otherwise
 * LLaMA-Factory would start one process per visible GPU on its own).
 */
export function planTrainingLaunch(input: PlanTrainingLaunchInput): TrainingLaunch {
  const { config, probe } = input;
  if (config.use_cpu === true) return cpuLaunch('use_cpu: the run trains on the CPU');
  if (probe === null || probe.gpus.length === 0) {
    const why = probe === null ? 'the device probe could not run' : 'no CUDA GPU is visible';
    return { ...cpuLaunch(`${why}: LLaMA-Factory chooses the device itself`), device: 'cuda' };
  }
  const visible = probe.gpus.length;
  const count = Math.max(1, Math.min(visible, input.maxGpus ?? visible));
  const capacities: GpuCapacity[] = probe.gpus;
  let launch: GpuLaunch;
  let projectedBytes: number | null = null;
  let usableBytes: number | null = null;
  let reason: string;
  if (config.deepspeed !== undefined && config.deepspeed !== null) {
    launch = { zeroStage: zeroStageOf(config.deepspeed), gpus: count };
    reason = 'the config names its own DeepSpeed config';
  } else if (input.shape) {
    const chosen = chooseGpuLaunch({
      shape: input.shape,
      config,
      gpus: capacities,
      maxGpus: count,
      deepspeed: probe.packages.deepspeed.importable,
      bitsandbytes: probe.packages.bitsandbytes.importable,
      longestRow: input.longestRow,
    });
    launch = chosen.launch;
    projectedBytes = chosen.memory.total;
    usableBytes = chosen.usableBytes;
    reason =
      launch.zeroStage > 0
        ? `ZeRO-${launch.zeroStage} across ${launch.gpus} GPUs${launch.zeroStage === 3 ? ' (ZeRO-2 would not fit)' : ''}`
        : launch.gpus > 1
          ? `data parallel across ${launch.gpus} GPUs (deepspeed is not installed)`
          : 'one GPU';
  } else {
    const deepspeed = count > 1 && probe.packages.deepspeed.importable;
    launch = { zeroStage: deepspeed ? 2 : 0, gpus: count };
    reason = `the model's size is unknown: ${deepspeed ? `ZeRO-2 across ${count} GPUs` : count > 1 ? `data parallel across ${count} GPUs` : 'one GPU'}`;
  }
  const env: Record<string, string> = {};
  if (launch.gpus < visible) env.CUDA_VISIBLE_DEVICES = visibleDevicesFor(probe.visibleDevices, visible, launch.gpus);
  // DeepSpeed needs a distributed launch even on one GPU ("Please use FORCE_TORCHRUN=1").
  const torchrun = launch.gpus > 1 || launch.zeroStage > 0;
  if (torchrun) {
    env.FORCE_TORCHRUN = '1';
    env.NPROC_PER_NODE = String(launch.gpus);
  }
  const own = config.deepspeed !== undefined && config.deepspeed !== null;
  const deepspeedConfig = own
    ? typeof config.deepspeed === 'string'
      ? config.deepspeed
      : null
    : launch.zeroStage === 2 || launch.zeroStage === 3
      ? deepspeedConfigPath(launch.zeroStage)
      : null;
  return { device: 'cuda', gpus: launch.gpus, zeroStage: launch.zeroStage, torchrun, projectedBytes, usableBytes, deepspeedConfig, env, reason };
}

/** The launch without its environment and paths: what the outcome records. */
export function launchSummary(launch: TrainingLaunch): TrainingLaunchSummary {
  return {
    device: launch.device,
    gpus: launch.gpus,
    zeroStage: launch.zeroStage,
    torchrun: launch.torchrun,
    projectedBytes: launch.projectedBytes,
    usableBytes: launch.usableBytes,
  };
}
