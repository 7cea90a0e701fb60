import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { FtdojoError } from '../core/index.js';
import type { Environment } from './environment-values.js';
import { expandPath, nonEmpty } from './environment-values.js';
import type { HubConfig } from './hub-config.js';
import { resolveHubConfig } from './hub-config.js';

/**
 * Where the ML runtime (a Python environment with LLaMA-Factory, transformers and torch, and the
 * converted embedded model) lives and how its processes run, resolved once at the edge.
 */
export interface RuntimeConfig {
  /** ftdojo's home (FTDOJO_HOME, default ~/.cache/ftdojo): the same folder as DataConfig.cacheDir. */
  home: string;
  /** The virtual environment `ftdojo setup` creates and owns: <home>/python/venv. */
  pythonEnvDir: string;
  /** The interpreter every runtime job uses: FTDOJO_PYTHON, else <pythonEnvDir>/bin/python. */
  python: string;
  /** True when FTDOJO_PYTHON (or --python) names an environment ftdojo must not create or change. */
  externalPython: boolean;
  /** The system python that creates the venv (FTDOJO_BOOTSTRAP_PYTHON, default python3). */
  bootstrapPython: string;
  /** The model store: <home>/models (the embedded one is <modelsDir>/SmolLM2-135M-Instruct, hub models <modelsDir>/hub/). */
  modelsDir: string;
  /** Logs of setup steps (pip, conversion): <home>/logs. */
  logsDir: string;
  /** CPU threads for torch (OMP_NUM_THREADS): FTDOJO_THREADS, default all available. */
  threads: number;
  /** False (the default) runs Python with the Hugging Face hub switched off; FTDOJO_ONLINE=1 allows downloads. */
  online: boolean;
  /** 'cpu' hides GPUs from Python (FTDOJO_DEVICE=cpu); 'auto' leaves CUDA_VISIBLE_DEVICES as it is. */
  device: 'auto' | 'cpu';
  /** At most this many GPUs per training run (FTDOJO_GPUS); null: every visible one. */
  gpus: number | null;
  /** Evaluation's local engine (FTDOJO_EVAL_BACKEND): vLLM when it imports and a GPU is visible ('auto'), or always one. */
  evalBackend: 'auto' | 'hf' | 'vllm';
  /**
   * The precision CPU training runs in (FTDOJO_CPU_PRECISION): 'auto' lets the CPU precision check
   * decide (bf16 autocast only where the CPU has bf16 in hardware and it measured faster), or one
   * forced without measuring.
   */
  cpuPrecision: 'auto' | 'bf16' | 'fp32';
  /**
   * One warm Python process per run serves its trainings and evaluations (FTDOJO_WARM_WORKER,
   * default on; 0 runs every stage in a fresh process, as the bench compares).
   */
  warmWorker: boolean;
  /** Where hub models are downloaded from into the store (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE). */
  hub: HubConfig;
  /**
   * The environment child processes start from (the caller's, as given to the resolver); the
   * runtime adds its own variables on top. Kept here so nothing below src/config reads process.env.
   */
  baseEnv: Environment;
}

/** Command-line flags that override the environment. */
export interface RuntimeConfigFlags {
  home?: string | undefined;
  python?: string | undefined;
  threads?: number | string | undefined;
  online?: boolean | undefined;
  device?: string | undefined;
  gpus?: number | string | undefined;
  evalBackend?: string | undefined;
  cpuPrecision?: string | undefined;
  warmWorker?: boolean | undefined;
  hubEndpoint?: string | undefined;
  /** Directory relative paths are resolved against; the process's working directory by default. */
  cwd?: string | undefined;
}

/** A bare command name (python3) is looked up on PATH; anything with a slash is a path. */
function expandCommand(command: string, cwd: string): string {
  return command.includes('/') || command.startsWith('~') ? expandPath(command, cwd) : command;
}

function parseThreads(raw: number | string, from: string): number {
  const value = typeof raw === 'number' ? raw : Number(raw.trim());
  if (!Number.isInteger(value) || value < 1) {
    throw new FtdojoError('INVALID_INPUT', `${from} must be a positive whole number of threads, got ${JSON.stringify(raw)}`, {
      hint: `set ${from} to e.g. 2, or unset it to use all ${availableParallelism()} available CPUs`,
    });
  }
  return value;
}

function parseGpus(raw: number | string, from: string): number {
  const value = typeof raw === 'number' ? raw : Number(raw.trim());
  if (!Number.isInteger(value) || value < 1) {
    throw new FtdojoError('INVALID_INPUT', `${from} must be a positive whole number of GPUs, got ${JSON.stringify(raw)}`, {
      hint: `set ${from} to e.g. 2, or unset it to train on every visible GPU (FTDOJO_DEVICE=cpu hides them all)`,
    });
  }
  return value;
}

function parseBoolean(raw: string, from: string, hint = `set ${from}=1 to allow downloads from the Hugging Face hub, or unset it`): boolean {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new FtdojoError('INVALID_INPUT', `${from} must be 1 or 0, got ${JSON.stringify(raw)}`, { hint });
}

function parseEvalBackend(raw: string, from: string): 'auto' | 'hf' | 'vllm' {
  const value = raw.trim().toLowerCase();
  if (value === 'auto' || value === 'hf' || value === 'vllm') return value;
  throw new FtdojoError('INVALID_INPUT', `${from} must be "auto", "hf" or "vllm", got ${JSON.stringify(raw)}`, {
    hint: `set ${from}=hf to always evaluate with transformers, or unset it to use vLLM where it is installed and a GPU is visible`,
  });
}

function parseCpuPrecision(raw: string, from: string): 'auto' | 'bf16' | 'fp32' {
  const value = raw.trim().toLowerCase();
  if (value === 'auto' || value === 'bf16' || value === 'fp32') return value;
  throw new FtdojoError('INVALID_INPUT', `${from} must be "auto", "bf16" or "fp32", got ${JSON.stringify(raw)}`, {
    hint: `set ${from}=fp32 to train on the CPU in fp32 always, or unset it to let the CPU precision check choose (\`ftdojo doctor\` shows its decision)`,
  });
}

function parseDevice(raw: string, from: string): 'auto' | 'cpu' {
  const value = raw.trim().toLowerCase();
  if (value === 'auto' || value === 'cpu') return value;
  throw new FtdojoError('INVALID_INPUT', `${from} must be "auto" or "cpu", got ${JSON.stringify(raw)}`, {
    hint: `set ${from}=cpu to hide GPUs from the runtime, or unset it to let torch choose`,
  });
}

/**
 * Resolves the runtime settings: flags win over the environment, the environment over defaults.
 * The only place that looks at FTDOJO_PYTHON, FTDOJO_BOOTSTRAP_PYTHON, FTDOJO_THREADS,
 * FTDOJO_ONLINE, FTDOJO_DEVICE, FTDOJO_GPUS, FTDOJO_EVAL_BACKEND, FTDOJO_CPU_PRECISION and FTDOJO_WARM_WORKER (and FTDOJO_HOME, with resolveDataConfig; the hub's variables through resolveHubConfig).
 */
export function resolveRuntimeConfig(env: Environment, flags: RuntimeConfigFlags = {}): RuntimeConfig {
  const cwd = flags.cwd ?? process.cwd();
  const home = expandPath(nonEmpty(flags.home) ?? nonEmpty(env.FTDOJO_HOME) ?? join(homedir(), '.cache', 'ftdojo'), cwd);
  const pythonEnvDir = join(home, 'python', 'venv');
  const externalRaw = nonEmpty(flags.python) ?? nonEmpty(env.FTDOJO_PYTHON);

  const threadsFlag = flags.threads;
  const threadsEnv = nonEmpty(env.FTDOJO_THREADS);
  const threads =
    threadsFlag !== undefined && threadsFlag !== ''
      ? parseThreads(threadsFlag, '--threads')
      : threadsEnv !== undefined
        ? parseThreads(threadsEnv, 'FTDOJO_THREADS')
        : availableParallelism();

  const onlineEnv = nonEmpty(env.FTDOJO_ONLINE);
  const online = flags.online ?? (onlineEnv !== undefined ? parseBoolean(onlineEnv, 'FTDOJO_ONLINE') : false);

  const deviceFlag = nonEmpty(flags.device);
  const deviceEnv = nonEmpty(env.FTDOJO_DEVICE);
  const device = deviceFlag !== undefined ? parseDevice(deviceFlag, '--device') : deviceEnv !== undefined ? parseDevice(deviceEnv, 'FTDOJO_DEVICE') : 'auto';
  const gpusRaw =
    flags.gpus !== undefined && flags.gpus !== ''
      ? { raw: flags.gpus, from: '--gpus' }
      : nonEmpty(env.FTDOJO_GPUS) !== undefined
        ? { raw: env.FTDOJO_GPUS!, from: 'FTDOJO_GPUS' }
        : null;
  const evalBackendRaw = nonEmpty(flags.evalBackend) ?? nonEmpty(env.FTDOJO_EVAL_BACKEND);
  const cpuPrecisionRaw = nonEmpty(flags.cpuPrecision) ?? nonEmpty(env.FTDOJO_CPU_PRECISION);
  const warmWorkerEnv = nonEmpty(env.FTDOJO_WARM_WORKER);
  const warmWorker =
    flags.warmWorker ??
    (warmWorkerEnv === undefined
      ? true
      : parseBoolean(warmWorkerEnv, 'FTDOJO_WARM_WORKER', 'set FTDOJO_WARM_WORKER=0 to run every training and evaluation in a fresh process, or unset it'));

  return {
    home,
    pythonEnvDir,
    python: externalRaw !== undefined ? expandCommand(externalRaw, cwd) : join(pythonEnvDir, 'bin', 'python'),
    externalPython: externalRaw !== undefined,
    bootstrapPython: expandCommand(nonEmpty(env.FTDOJO_BOOTSTRAP_PYTHON) ?? 'python3', cwd),
    modelsDir: join(home, 'models'),
    logsDir: join(home, 'logs'),
    threads,
    online,
    device,
    gpus: gpusRaw === null ? null : parseGpus(gpusRaw.raw, gpusRaw.from),
    evalBackend:
      evalBackendRaw === undefined ? 'auto' : parseEvalBackend(evalBackendRaw, nonEmpty(flags.evalBackend) ? '--eval-backend' : 'FTDOJO_EVAL_BACKEND'),
    cpuPrecision:
      cpuPrecisionRaw === undefined ? 'auto' : parseCpuPrecision(cpuPrecisionRaw, nonEmpty(flags.cpuPrecision) ? '--cpu-precision' : 'FTDOJO_CPU_PRECISION'),
    warmWorker,
    hub: resolveHubConfig(env, { endpoint: flags.hubEndpoint }),
    baseEnv: env,
  };
}
