import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataConfig } from '../config/index.js';
import { FtdojoError } from '../core/index.js';
import { resolveDataConfig } from '../config/index.js';
import type { DataRepository } from '../data/index.js';
import { createDataRepository } from '../data/index.js';
import type { MachineFacts, TaskDefinition } from '../tasks/index.js';
import { getTask, loadTaskFile } from '../tasks/index.js';
import type { Output } from './output.js';

/** Global flags every command accepts. */
export interface GlobalOptions {
  debug?: boolean;
  mirror?: string;
  home?: string;
  /** --offline: never ask the Hugging Face hub (data and models), as HF_HUB_OFFLINE=1 does. */
  offline?: boolean;
  /** --device cpu: train and evaluate on the CPU whatever the profile (as FTDOJO_DEVICE=cpu). */
  device?: string;
}

/**
 * The composition root for one CLI invocation: configuration resolved once from the environment
 * and flags, and the concrete providers built from it, lazily (listing tasks needs no data).
 */
export interface CliContext {
  output: Output;
  /** The process exit code the command asks for (0 unless it found a failure to report). */
  exitCode: number;
  env: Readonly<Record<string, string | undefined>>;
  config(): DataConfig;
  repository(): DataRepository;
  machine(): MachineFacts;
  resolveTask(options: { task?: string; taskFile?: string }): Promise<TaskDefinition>;
}

export function createCliContext(output: Output, given: Readonly<Record<string, string | undefined>>, global: GlobalOptions): CliContext {
  let config: DataConfig | undefined;
  let repository: DataRepository | undefined;
  // --offline reaches every resolver that reads the hub's switch (the model store's too) as HF_HUB_OFFLINE=1;
  // --device every runtime resolver as FTDOJO_DEVICE.
  const env: Readonly<Record<string, string | undefined>> = {
    ...given,
    ...(global.offline ? { HF_HUB_OFFLINE: '1' } : {}),
    ...(global.device ? { FTDOJO_DEVICE: global.device } : {}),
  };
  const context: CliContext = {
    output,
    exitCode: 0,
    env,
    config() {
      config ??= resolveDataConfig(env, { mirror: global.mirror, cacheDir: global.home, ...(global.offline ? { offline: true } : {}) });
      return config;
    },
    repository() {
      repository ??= createDataRepository(context.config());
      return repository;
    },
    machine() {
      // Data availability is decided per file, as the repository reads it (mirror, cache, hub);
      // data settings that cannot be used are a reason, not a failure: listing tasks needs no data.
      let data: MachineFacts['data'];
      try {
        data = context.repository();
      } catch (error) {
        data = { unusable: error instanceof Error ? error.message : String(error) };
      }
      // A visible NVIDIA device node is enough to say "a GPU is here"; CUDA_VISIBLE_DEVICES="" hides it.
      const gpu = env.CUDA_VISIBLE_DEVICES !== '' && existsSync(join('/dev', 'nvidia0'));
      return { data, gpu };
    },
    async resolveTask({ task, taskFile }) {
      if (taskFile) return loadTaskFile(taskFile);
      if (!task) {
        throw new FtdojoError('INVALID_INPUT', 'no task given', { hint: 'pass --task <id> (see `ftdojo tasks`) or --task-file FILE' });
      }
      return getTask(task);
    },
  };
  return context;
}
