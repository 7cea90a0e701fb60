import type { RuntimeConfig } from '../../config/index.js';
import { pythonCommand } from '../python-env/index.js';
import type { TrainingConfig } from '../llamafactory/index.js';

/**
 * Variables a training process must not inherit: each changes what LLaMA-Factory accepts or how it
 * launches, behind the back of the validated config.
 * - DISABLE_VERSION_CHECK: hides a mismatched environment until it fails in an obscure place;
 * - ALLOW_EXTRA_ARGS: makes unknown keys silently ignored instead of refused;
 * - USE_MCA / USE_V1: switch to other parsers and trainers than the pinned keys describe.
 */
const REMOVED = ['DISABLE_VERSION_CHECK', 'ALLOW_EXTRA_ARGS', 'USE_MCA', 'USE_V1'] as const;

/**
 * The command and environment for `python -m llamafactory.cli train`: the runtime's Python
 * environment (hub offline unless configured online, OMP_NUM_THREADS, ...) with GPUs hidden when
 * the config trains on CPU (`use_cpu: true`), so torch never initialises CUDA for a CPU run.
 */
export function trainingCommand(
  config: RuntimeConfig,
  trainingConfig: TrainingConfig,
  configPath: string,
): { command: string; args: string[]; env: Record<string, string> } {
  const python = pythonCommand(config);
  const env = { ...python.env };
  for (const name of REMOVED) delete env[name];
  if (trainingConfig.use_cpu === true) env.CUDA_VISIBLE_DEVICES = '';
  env.MKL_NUM_THREADS = env.OMP_NUM_THREADS ?? String(config.threads);
  return { command: python.command, args: ['-m', 'llamafactory.cli', 'train', configPath], env };
}
