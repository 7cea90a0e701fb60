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

export function createCliContext(output: Output, env: Readonly<Record<string, string | undefined>>, global: GlobalOptions): CliContext {
  let config: DataConfig | undefined;
  let repository: DataRepository | undefined;
  const context: CliContext = {
    output,
    exitCode: 0,
    env,
    config() {
      config ??= resolveDataConfig(env, { mirror: global.mirror, cacheDir: global.home });
      return config;
    },
    repository() {
      repository ??= createDataRepository(context.config());
      return repository;
    },
    machine() {
      const mirror = (env.FTDOJO_DATA_MIRROR ?? global.mirror ?? '').trim() !== '';
      // A visible NVIDIA device node is enough to say "a GPU is here"; CUDA_VISIBLE_DEVICES="" hides it.
      const gpu = env.CUDA_VISIBLE_DEVICES !== '' && existsSync(join('/dev', 'nvidia0'));
      return { mirror, gpu };
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
