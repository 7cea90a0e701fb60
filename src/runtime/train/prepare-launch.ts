import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import type { DeviceProbe, GpuCapacity, ModelShape } from '../device/index.js';
import { gib, planGpuFit, probeDevice, readModelShape } from '../device/index.js';
import type { TrainingConfig, TrainingRunLayout } from '../llamafactory/index.js';
import { trainingConfigYaml } from '../llamafactory/index.js';
import type { TrainingLaunch } from './training-launch.js';
import { planTrainingLaunch } from './training-launch.js';
import type { OutOfMemoryFacts } from './training-outcome.js';

export interface PreparedLaunch {
  launch: TrainingLaunch;
  /** The config as the trainer reads it (with `deepspeed` when the launch chose it). */
  config: TrainingConfig;
  probe: DeviceProbe | null;
  shape: ModelShape | null;
}

/** The probe a GPU run plans with: the one given, else the cached probe (null when it cannot run). */
async function probeFor(config: RuntimeConfig, given: DeviceProbe | null | undefined): Promise<DeviceProbe | null> {
  if (given !== undefined) return given;
  try {
    return (await probeDevice(config)).probe;
  } catch {
    return null;
  }
}

/**
 * Plans how the run starts (planTrainingLaunch) and writes what it decided into the run folder:
 * train.yaml gains the `deepspeed` key when the launch uses ZeRO (a key the environment manages,
 * never the submission), and launch.json records the launch, its reason and its variables.
 */
export async function prepareTrainingLaunch(
  runtime: RuntimeConfig,
  layout: TrainingRunLayout,
  trainingConfig: TrainingConfig,
  options: { device?: DeviceProbe | null | undefined; longestRow?: number | null | undefined },
): Promise<PreparedLaunch> {
  const gpuRun = trainingConfig.use_cpu !== true;
  const probe = gpuRun ? await probeFor(runtime, options.device) : null;
  const shape = gpuRun && typeof trainingConfig.model_name_or_path === 'string' ? readModelShape(trainingConfig.model_name_or_path) : null;
  const launch = planTrainingLaunch({ config: trainingConfig, probe, shape, maxGpus: runtime.gpus, longestRow: options.longestRow });
  let config = trainingConfig;
  if (launch.deepspeedConfig !== null && (trainingConfig.deepspeed === undefined || trainingConfig.deepspeed === null)) {
    config = { ...trainingConfig, deepspeed: launch.deepspeedConfig };
    await writeFile(layout.configPath, trainingConfigYaml(config));
  }
  await writeFile(join(layout.runDir, 'launch.json'), JSON.stringify(launch, null, 2) + '\n');
  return { launch, config, probe, shape };
}

/**
 * What to change after a CUDA out-of-memory, checked against the GPU: the projection is scaled by
 * how far it fell short (what the process held plus what it asked for), then the same changes the
 * runtime tier proposes are searched. Null when the model's shape or the GPU's size is unknown, or
 * when the scaled projection would fit (memory taken by another process): the generic hint stands.
 */
export function gpuOutOfMemoryAdvice(prepared: PreparedLaunch, oom: OutOfMemoryFacts, maxGpus: number | null): string | null {
  const { shape, probe, launch, config } = prepared;
  if (!shape || oom.device !== 'cuda') return null;
  const fromMessage: GpuCapacity | null =
    oom.totalBytes !== null ? { name: `GPU ${oom.gpu ?? 0}`, totalBytes: oom.totalBytes, freeBytes: oom.totalBytes } : null;
  const gpus: GpuCapacity[] = probe?.gpus.length ? probe.gpus : fromMessage ? Array.from({ length: Math.max(1, launch.gpus) }, () => fromMessage) : [];
  if (!gpus.length) return null;
  const held = oom.processBytes ?? (oom.totalBytes !== null && oom.freeBytes !== null ? oom.totalBytes - oom.freeBytes : null);
  const needed = (held ?? 0) + (oom.triedBytes ?? 0);
  const input = {
    shape,
    config,
    gpus,
    maxGpus: launch.gpus || maxGpus,
    deepspeed: probe?.packages.deepspeed.importable ?? launch.zeroStage > 0,
    bitsandbytes: probe?.packages.bitsandbytes.importable ?? false,
  };
  const projected = planGpuFit(input).memory.total;
  const plan = planGpuFit({ ...input, calibration: Math.max(1, needed / projected) * 1.05 });
  if (plan.fits || !plan.suggestions.length) return null;
  const where = oom.totalBytes !== null ? ` on GPU ${oom.gpu ?? 0} (${gib(oom.totalBytes)})` : '';
  const asked = oom.triedBytes !== null ? `, asking ${gib(oom.triedBytes)} more` : '';
  return `the GPU ran out of memory${where}${held !== null ? ` holding ${gib(held)}${asked}` : ''}; what fits: ${plan.suggestions.slice(0, 3).join('; ')}`;
}
