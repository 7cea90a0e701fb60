import { delimiter } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { pythonCommand } from '../python-env/index.js';
import type { TrainingConfig } from '../llamafactory/index.js';
import type { TrainingLaunch } from './training-launch.js';

/**
 * Variables a training process must not inherit: each changes what LLaMA-Factory accepts or how it
 * launches, behind the back of the validated config.
 * - DISABLE_VERSION_CHECK: hides a mismatched environment until it fails in an obscure place;
 * - ALLOW_EXTRA_ARGS: makes unknown keys silently ignored instead of refused;
 * - USE_MCA / USE_V1: switch to other parsers and trainers than the pinned keys describe.
 */
const REMOVED = ['DISABLE_VERSION_CHECK', 'ALLOW_EXTRA_ARGS', 'USE_MCA', 'USE_V1'] as const;

/**
 * Variables LLaMA-Factory's launcher reads to start torchrun: only the launch ftdojo planned may
 * set them (an inherited NNODES or RDZV_ID would make a run wait for other machines).
 */
const LAUNCHER = [
  'FORCE_TORCHRUN',
  'NPROC_PER_NODE',
  'NNODES',
  'NODE_RANK',
  'MASTER_ADDR',
  'MASTER_PORT',
  'RDZV_ID',
  'MIN_NNODES',
  'MAX_NNODES',
  'MAX_RESTARTS',
] as const;

/**
 * The environment a training process runs with: the runtime's Python environment (hub offline
 * unless configured online, OMP_NUM_THREADS, ...) without the variables above, with GPUs hidden
 * when the config trains on CPU (`use_cpu: true`), so torch never initialises CUDA for a CPU run,
 * and the planned launch's variables on GPUs. With torchrun the environment's bin folder leads
 * PATH: LLaMA-Factory's launcher starts `torchrun` by name.
 */
export function trainerEnvironment(
  config: RuntimeConfig,
  trainingConfig: { use_cpu?: unknown },
  launch?: Pick<TrainingLaunch, 'env' | 'torchrun'>,
): Record<string, string> {
  const python = pythonCommand(config);
  const env = { ...python.env };
  for (const name of [...REMOVED, ...LAUNCHER]) delete env[name];
  if (trainingConfig.use_cpu === true) env.CUDA_VISIBLE_DEVICES = '';
  else if (launch) Object.assign(env, launch.env);
  env.MKL_NUM_THREADS = env.OMP_NUM_THREADS ?? String(config.threads);
  if (launch?.torchrun) env.PATH = [python.binDir, ...(env.PATH ? [env.PATH] : [])].join(delimiter);
  return env;
}

/** The command and environment for `python -m llamafactory.cli train` (see trainerEnvironment). */
export function trainingCommand(
  config: RuntimeConfig,
  trainingConfig: TrainingConfig,
  configPath: string,
  launch?: Pick<TrainingLaunch, 'env' | 'torchrun'>,
): { command: string; args: string[]; env: Record<string, string> } {
  return { command: config.python, args: ['-m', 'llamafactory.cli', 'train', configPath], env: trainerEnvironment(config, trainingConfig, launch) };
}

/**
 * The environment of a run's warm worker: a trainer's, so a training can run in it when it needs
 * exactly this environment (a CPU run on a runtime that hides GPUs, or a one-GPU run that sees
 * one GPU); a training that needs another one runs cold. Generation needs nothing more.
 */
export function workerEnvironment(config: RuntimeConfig): Record<string, string> {
  return trainerEnvironment(config, { use_cpu: config.device === 'cpu' });
}
