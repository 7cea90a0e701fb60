import type { RuntimeConfig } from '../../config/index.js';
import { workerEnvironment } from '../train/training-environment.js';
import type { RuntimeWorker, RuntimeWorkerOptions } from './runtime-worker.js';
import { createRuntimeWorker } from './runtime-worker.js';

/**
 * The warm worker for one run (an FT-Agent run, a dojo session, one `ftdojo experiment`), or null
 * when config.warmWorker is off (FTDOJO_WARM_WORKER=0): every stage then starts its own process.
 * Nothing starts until the first request; the caller closes it when the run ends.
 */
export function openRunWorker(
  config: RuntimeConfig,
  options: Pick<RuntimeWorkerOptions, 'logFile' | 'maxRequests' | 'maxRssBytes'> = {},
): RuntimeWorker | null {
  if (!config.warmWorker) return null;
  return createRuntimeWorker({ python: config.python, env: workerEnvironment(config), ...options });
}
