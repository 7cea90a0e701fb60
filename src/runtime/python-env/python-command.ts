import { delimiter, dirname } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { repoPythonDir } from './repo-paths.js';

/** How to start the runtime's Python: the interpreter, its complete environment, and its bin folder. */
export interface PythonCommand {
  /** The interpreter (config.python). */
  command: string;
  /** The child's complete environment: config.baseEnv plus the runtime's variables. */
  env: Record<string, string>;
  /** The folder holding the interpreter and the environment's scripts (llamafactory-cli). */
  binDir: string;
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}

/**
 * The environment every runtime Python process gets, on top of the caller's:
 * - HF_HUB_OFFLINE, HF_DATASETS_OFFLINE, TRANSFORMERS_OFFLINE = 1 unless config.online: a job
 *   never reaches the hub by surprise (the user's own values stand when online);
 * - CUDA_VISIBLE_DEVICES="" only when config.device is 'cpu' (otherwise the caller's value stands);
 * - OMP_NUM_THREADS = config.threads; TOKENIZERS_PARALLELISM=false (no fork warnings, no oversubscription);
 * - PYTHONPATH starting with the repo's python/ folder, so `-m ftdojo_runtime.<script>` resolves;
 * - PYTHONUNBUFFERED=1 so progress lines arrive as they are printed; PYTHONDONTWRITEBYTECODE=1 so
 *   running from a checkout leaves no __pycache__ in python/.
 */
export function pythonEnvironment(config: RuntimeConfig): Record<string, string> {
  const env = definedOnly(config.baseEnv);
  if (!config.online) {
    env.HF_HUB_OFFLINE = '1';
    env.HF_DATASETS_OFFLINE = '1';
    env.TRANSFORMERS_OFFLINE = '1';
  }
  if (config.device === 'cpu') env.CUDA_VISIBLE_DEVICES = '';
  env.OMP_NUM_THREADS = String(config.threads);
  env.TOKENIZERS_PARALLELISM = 'false';
  env.PYTHONPATH = [repoPythonDir(), ...(env.PYTHONPATH ? [env.PYTHONPATH] : [])].join(delimiter);
  env.PYTHONUNBUFFERED = '1';
  env.PYTHONDONTWRITEBYTECODE = '1';
  return env;
}

export function pythonCommand(config: RuntimeConfig): PythonCommand {
  return { command: config.python, env: pythonEnvironment(config), binDir: dirname(config.python) };
}
