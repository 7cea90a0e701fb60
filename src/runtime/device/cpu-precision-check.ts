import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { RuntimeConfig } from '../../config/index.js';
import { timeoutSignal } from '../../core/index.js';
import { writeJsonAtomically } from '../files/write-atomically.js';
import { hashCachePath, modelWeightsSha256 } from '../model-store/index.js';
import type { PythonResult } from '../python-env/index.js';
import { runPython } from '../python-env/index.js';
import type { CpuFeatures } from './cpu-features.js';
import { CPU_FLAGS, readCpuFeatures } from './cpu-features.js';
import type { CpuPrecisionDecision } from './cpu-precision.js';
import {
  CPU_PRECISION_VERSION,
  CpuPrecisionDecisionSchema,
  decideCpuPrecision,
  needsCpuPrecisionMeasurement,
  parseCpuPrecisionOutput,
} from './cpu-precision.js';
import { probeDevice } from './device-probe.js';

/** The batch the check trains on: small enough to finish in well under a minute on two cores for the embedded model. */
export interface CpuPrecisionCheckSettings {
  batchSize: number;
  sequenceLength: number;
  /** Timed steps per precision (after one warm-up step each). */
  steps: number;
}

export const DEFAULT_CPU_PRECISION_CHECK: Readonly<CpuPrecisionCheckSettings> = Object.freeze({ batchSize: 2, sequenceLength: 128, steps: 3 });

/** How the check script runs: `python -m ftdojo_runtime.cpu_precision_check ...args` (tests inject a fake). */
export type CpuPrecisionRun = (config: RuntimeConfig, args: readonly string[], signal: AbortSignal) => Promise<PythonResult>;

export interface CheckCpuPrecisionOptions {
  /** The base model's local folder: the check trains it, and its weights' sha256 keys the cache. */
  modelPath: string;
  /** This machine's CPU (readCpuFeatures by default). */
  cpu?: CpuFeatures | null | undefined;
  /** torch's version in the runtime (the cached device probe's by default). */
  torchVersion?: string | null | undefined;
  /** The model's weight hash (hashed with the evaluation's cache by default). */
  modelSha256?: string | null | undefined;
  run?: CpuPrecisionRun | undefined;
  /** Measure again even when a cached decision matches. */
  refresh?: boolean | undefined;
  settings?: Partial<CpuPrecisionCheckSettings> | undefined;
  /** Seconds before the check is given up (then fp32, check-failed). */
  timeoutSeconds?: number | undefined;
  now?: (() => Date) | undefined;
}

export interface CpuPrecisionCheckResult {
  decision: CpuPrecisionDecision;
  /** Read from the cache rather than decided now. */
  cached: boolean;
}

/** Where decisions are cached: <home>/cache/cpu-precision/<hash of the key>.json, one per CPU, torch and model. */
export function cpuPrecisionCachePath(config: RuntimeConfig, key: string): string {
  return join(config.home, 'cache', 'cpu-precision', `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);
}

/**
 * What makes a cached decision stale: another CPU (model and flags), another torch (its kernels
 * decide the speed), another model (its shapes do), or another check (settings, version).
 */
export function cpuPrecisionCacheKey(input: {
  cpu: CpuFeatures;
  torch: string | null;
  modelSha256: string | null;
  settings: CpuPrecisionCheckSettings;
}): string {
  return JSON.stringify({
    version: CPU_PRECISION_VERSION,
    cpuModel: input.cpu.model,
    flags: CPU_FLAGS.filter((flag) => input.cpu.flags[flag]),
    torch: input.torch,
    model: input.modelSha256,
    settings: input.settings,
  });
}

const CacheFileSchema = z.object({ key: z.string(), decision: CpuPrecisionDecisionSchema });

/** A cached decision for this key; null when there is none, it is unreadable, or it is another key's. */
async function readCache(path: string, key: string): Promise<CpuPrecisionDecision | null> {
  try {
    const parsed = CacheFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success && parsed.data.key === key ? parsed.data.decision : null;
  } catch {
    return null;
  }
}

const defaultRun: CpuPrecisionRun = (config, args, signal) => runPython(config, args, { signal });

async function torchVersionOf(config: RuntimeConfig, options: CheckCpuPrecisionOptions): Promise<string | null> {
  if (options.torchVersion !== undefined) return options.torchVersion;
  try {
    return (await probeDevice(config)).probe.torch;
  } catch {
    return null;
  }
}

/**
 * Decides the precision of CPU training (see decideCpuPrecision) and never throws: a forced
 * setting or a CPU without bf16 units decides without measuring; otherwise a cached decision for
 * this CPU, torch and model is used, or the check runs (python/ftdojo_runtime/cpu_precision_check.py,
 * a few timed forward + backward steps of the model in each precision, well under a minute for the
 * embedded model on two cores) and its decision is cached. A check that cannot run decides fp32
 * and is not cached, so the next session tries again.
 */
export async function checkCpuPrecision(config: RuntimeConfig, options: CheckCpuPrecisionOptions): Promise<CpuPrecisionCheckResult> {
  const cpu = options.cpu !== undefined ? options.cpu : readCpuFeatures();
  const now = options.now;
  if (!needsCpuPrecisionMeasurement(config.cpuPrecision, cpu))
    return { decision: decideCpuPrecision({ setting: config.cpuPrecision, cpu, now }), cached: false };
  const settings: CpuPrecisionCheckSettings = { ...DEFAULT_CPU_PRECISION_CHECK, ...options.settings };
  const torch = await torchVersionOf(config, options);
  const modelSha256 =
    options.modelSha256 !== undefined ? options.modelSha256 : await modelWeightsSha256(options.modelPath, hashCachePath(config)).catch(() => null);
  const key = cpuPrecisionCacheKey({ cpu: cpu!, torch, modelSha256, settings });
  const path = cpuPrecisionCachePath(config, key);
  if (!options.refresh) {
    const cached = await readCache(path, key);
    if (cached) return { decision: cached, cached: true };
  }
  const args = [
    '-m',
    'ftdojo_runtime.cpu_precision_check',
    '--model',
    options.modelPath,
    '--settings',
    JSON.stringify({ batch_size: settings.batchSize, sequence_length: settings.sequenceLength, steps: settings.steps }),
  ];
  let failure: string;
  const timeout = timeoutSignal((options.timeoutSeconds ?? 300) * 1000);
  try {
    const result = await (options.run ?? defaultRun)(config, args, timeout.signal);
    if (result.code === 0) {
      const decision = decideCpuPrecision({ setting: 'auto', cpu, measurement: parseCpuPrecisionOutput(result.stdout), now });
      await mkdir(dirname(path), { recursive: true });
      await writeJsonAtomically(path, { key, decision });
      return { decision, cached: false };
    }
    failure = `exit ${result.signal ?? result.code}: ${result.stderr.trim().split('\n').at(-1) ?? ''}`;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  } finally {
    timeout.clear();
  }
  return { decision: decideCpuPrecision({ setting: 'auto', cpu, failure, now }), cached: false };
}
