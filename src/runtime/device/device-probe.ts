import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError, timeoutSignal } from '../../core/index.js';
import { writeJsonAtomically } from '../files/write-atomically.js';
import type { PythonResult } from '../python-env/index.js';
import { pythonEnvironment, runPython } from '../python-env/index.js';

export const DEVICE_PROBE_VERSION = 1;

const MARK = 'FTDOJO_DEVICE_PROBE ';

const PackageFactsSchema = z.object({
  installed: z.boolean(),
  version: z.string().nullable(),
  /** Imported for real: a wheel built for another torch or CUDA installs fine and fails here. */
  importable: z.boolean(),
  error: z.string().nullable(),
});
export type PackageFacts = z.infer<typeof PackageFactsSchema>;

export const GpuFactsSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  totalBytes: z.number(),
  /** What other processes left free when probed (mem_get_info). */
  freeBytes: z.number(),
  capability: z.string(),
  /** Compute capability 8.0 or newer: transformers accepts `bf16: true`. */
  bf16: z.boolean(),
  multiprocessors: z.number().int(),
});
export type GpuFacts = z.infer<typeof GpuFactsSchema>;

/** What python/ftdojo_runtime/device_probe.py reports (see its docstring). */
export const DeviceProbeSchema = z.object({
  schemaVersion: z.literal(DEVICE_PROBE_VERSION),
  python: z.string(),
  torch: z.string().nullable(),
  torchError: z.string().nullable(),
  cudaBuild: z.string().nullable(),
  cudaAvailable: z.boolean(),
  cudaError: z.string().nullable(),
  visibleDevices: z.string().nullable(),
  gpus: z.array(GpuFactsSchema),
  packages: z.object({ flash_attn: PackageFactsSchema, vllm: PackageFactsSchema, bitsandbytes: PackageFactsSchema, deepspeed: PackageFactsSchema }),
});
export type DeviceProbe = z.infer<typeof DeviceProbeSchema>;

/** The probe's report from its stdout: the last line with the marker (imported libraries may print their own). */
export function parseDeviceProbeOutput(stdout: string): DeviceProbe {
  const line = stdout
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(MARK));
  if (line === undefined) {
    throw new FtdojoError('INTERNAL', 'the device probe printed no report', {
      hint: 'run `python -m ftdojo_runtime.device_probe` in the runtime Python to see why',
    });
  }
  const parsed = DeviceProbeSchema.safeParse(JSON.parse(line.slice(MARK.length)));
  if (!parsed.success) {
    throw new FtdojoError('INTERNAL', `the device probe's report does not match its schema: ${parsed.error.issues[0]?.message ?? 'unknown'}`, {
      hint: "python/ftdojo_runtime/device_probe.py and src/runtime/device/device-probe.ts must come from the same ftdojo; reinstall ftdojo's python/ folder",
    });
  }
  return parsed.data;
}

/** The facts training and evaluation decisions need, read off a probe. */
export interface AcceleratorSummary {
  gpus: GpuFacts[];
  /** Every visible GPU runs bf16 (false without GPUs). */
  bf16: boolean;
  flashAttention2: boolean;
  bitsandbytes: boolean;
  deepspeed: boolean;
  vllm: boolean;
}

export function acceleratorSummary(probe: DeviceProbe): AcceleratorSummary {
  return {
    gpus: probe.gpus,
    bf16: probe.gpus.length > 0 && probe.gpus.every((gpu) => gpu.bf16),
    flashAttention2: probe.packages.flash_attn.importable,
    bitsandbytes: probe.packages.bitsandbytes.importable,
    deepspeed: probe.packages.deepspeed.importable,
    vllm: probe.packages.vllm.importable,
  };
}

/** What to do when a run that trains on a GPU finds none. */
export const NO_GPU_HINT =
  'run on a machine with an NVIDIA GPU (`ftdojo doctor` shows what the runtime finds), use the mini profile, or pass --device cpu (FTDOJO_DEVICE=cpu) to train this profile on the CPU: slow, and a run that cannot fit its budget is refused before it trains';

/** One line on what a probe found: "2 x NVIDIA H100 80GB HBM3 (79.1 GiB), CUDA 12.8" or why there is no GPU. */
export function describeGpus(probe: DeviceProbe): string {
  if (probe.torch === null) return `no GPU: torch does not import (${probe.torchError ?? 'unknown'})`;
  if (!probe.gpus.length) return `no GPU${probe.cudaError ? `: ${probe.cudaError}` : probe.cudaBuild === null ? ' (torch is a CPU build)' : ''}`;
  const names = [...new Set(probe.gpus.map((gpu) => `${gpu.name} (${(gpu.totalBytes / 1024 ** 3).toFixed(1)} GiB)`))];
  return `${probe.gpus.length} x ${names.join(', ')}, CUDA ${probe.cudaBuild ?? 'unknown'}`;
}

export interface ProbeDeviceOptions {
  /** Probe again even when a cached report matches. */
  refresh?: boolean | undefined;
  /** How the probe script runs (tests inject one). */
  run?: ((config: RuntimeConfig) => Promise<PythonResult>) | undefined;
  /** Seconds before a probe is given up (imports of vllm or deepspeed can be slow). */
  timeoutSeconds?: number | undefined;
}

export interface DeviceProbeResult {
  probe: DeviceProbe;
  cached: boolean;
  /** When the report was made (ISO time). */
  probedAt: string;
}

/** Where the report is cached: <home>/cache/device-probe.json. */
export function deviceProbeCachePath(config: RuntimeConfig): string {
  return join(config.home, 'cache', 'device-probe.json');
}

function mtimeOf(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** The environment's site-packages folders: installing a package there changes their mtime. */
function sitePackagesMtimes(python: string): number[] {
  const lib = join(dirname(dirname(python)), 'lib');
  if (!existsSync(lib)) return [];
  try {
    return readdirSync(lib)
      .filter((name) => name.startsWith('python'))
      .map((name) => mtimeOf(join(lib, name, 'site-packages')))
      .filter((value): value is number => value !== null);
  } catch {
    return [];
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * What makes a cached report stale: another interpreter, packages installed or removed, other
 * visible GPUs, or a reboot (drivers and devices change with one). Free memory is as it was when
 * probed; `ftdojo doctor` always probes afresh.
 */
export function deviceProbeCacheKey(config: RuntimeConfig): string {
  return JSON.stringify({
    version: DEVICE_PROBE_VERSION,
    python: config.python,
    pythonMtime: mtimeOf(config.python),
    sitePackages: sitePackagesMtimes(config.python),
    visible: pythonEnvironment(config).CUDA_VISIBLE_DEVICES ?? null,
    boot: bootId(),
  });
}

const CacheFileSchema = z.object({ key: z.string(), probedAt: z.string(), probe: DeviceProbeSchema });

const inProcess = new Map<string, Promise<DeviceProbeResult>>();

async function readCache(path: string, key: string): Promise<DeviceProbeResult | null> {
  try {
    const parsed = CacheFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success && parsed.data.key === key ? { probe: parsed.data.probe, cached: true, probedAt: parsed.data.probedAt } : null;
  } catch {
    return null;
  }
}

async function runProbe(config: RuntimeConfig, options: ProbeDeviceOptions): Promise<PythonResult> {
  if (options.run) return options.run(config);
  const timeout = timeoutSignal((options.timeoutSeconds ?? 180) * 1000);
  try {
    return await runPython(config, ['-m', 'ftdojo_runtime.device_probe'], { signal: timeout.signal });
  } finally {
    timeout.clear();
  }
}

async function probeNow(config: RuntimeConfig, options: ProbeDeviceOptions, path: string, key: string): Promise<DeviceProbeResult> {
  if (!options.refresh) {
    const cached = await readCache(path, key);
    if (cached) return cached;
  }
  const result = await runProbe(config, options);
  if (result.code !== 0) {
    const last = result.stderr.trim().split('\n').at(-1) ?? '';
    throw new FtdojoError('PYTHON_ENV', `the device probe failed (exit ${result.code}): ${last}`, {
      hint: 'run `ftdojo setup` to repair the Python environment, or `python -m ftdojo_runtime.device_probe` in it to see the whole error',
      fault: 'environment',
    });
  }
  const probe = parseDeviceProbeOutput(result.stdout);
  const probedAt = new Date().toISOString();
  await mkdir(dirname(path), { recursive: true });
  await writeJsonAtomically(path, { key, probedAt, probe });
  return { probe, cached: false, probedAt };
}

/**
 * What the runtime's Python sees of this machine: GPUs with their memory, CUDA, bf16 and the
 * optional packages (python/ftdojo_runtime/device_probe.py). Probed once, then read from
 * <home>/cache/device-probe.json while the interpreter, its packages, the visible GPUs and the
 * boot are the same; within one process the answer is shared. Throws PYTHON_ENV when the probe
 * cannot run; callers that can go on without it (evaluation falls back to transformers) catch it.
 */
export function probeDevice(config: RuntimeConfig, options: ProbeDeviceOptions = {}): Promise<DeviceProbeResult> {
  const path = deviceProbeCachePath(config);
  const key = deviceProbeCacheKey(config);
  const memoKey = `${path}\n${key}`;
  const existing = inProcess.get(memoKey);
  if (existing && !options.refresh && !options.run) return existing;
  const pending = probeNow(config, options, path, key);
  inProcess.set(memoKey, pending);
  pending.catch(() => inProcess.delete(memoKey));
  return pending;
}
