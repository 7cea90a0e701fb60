/**
 * runPython(config, args, options?) → Promise<{ code, signal, stdout, stderr }>
 *
 * Runs `config.python ...args` with the runtime's environment (see pythonEnvironment: hub offline
 * unless configured online, OMP_NUM_THREADS, PYTHONPATH with the repo's python/ folder, ...), e.g.
 *   await runPython(config, ['-m', 'ftdojo_runtime.generate', '--requests', file], { onStdoutLine })
 * It resolves whatever the exit code (a failed script is a result: check `code`), keeping the last
 * 1 MiB of each stream; it rejects only when the interpreter cannot start (FtdojoError PYTHON_ENV,
 * with a fix). Options, all optional:
 *   cwd                         working directory
 *   env                         extra variables, applied last (they win)
 *   onStdoutLine, onStderrLine  called with each line as it arrives
 *   logFile                     both streams are appended to this file as they arrive
 *   signal                      an AbortSignal that stops the process (SIGTERM, SIGKILL after 5 s)
 */
import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { pythonEnvironment } from './python-command.js';
import type { SpawnResult } from './spawn-collect.js';
import { SpawnError, spawnCollect } from './spawn-collect.js';

export interface RunPythonOptions {
  cwd?: string;
  env?: Record<string, string>;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  logFile?: string;
  signal?: AbortSignal;
}

export type PythonResult = SpawnResult;

/** The error for an interpreter that does not start, with the fix that fits where it came from. */
export function pythonNotRunnable(config: RuntimeConfig, reason: string, cause?: unknown): FtdojoError {
  return new FtdojoError('PYTHON_ENV', `cannot run the runtime's Python ${config.python}: ${reason}`, {
    hint: config.externalPython
      ? 'FTDOJO_PYTHON must name a Python interpreter (e.g. /path/to/venv/bin/python); fix it, or unset it to let `ftdojo setup` create its own environment'
      : 'run `ftdojo setup` to create the Python environment',
    fault: 'environment',
    cause,
  });
}

export async function runPython(config: RuntimeConfig, args: readonly string[], options: RunPythonOptions = {}): Promise<PythonResult> {
  try {
    return await spawnCollect(config.python, args, {
      env: { ...pythonEnvironment(config), ...options.env },
      cwd: options.cwd,
      onStdoutLine: options.onStdoutLine,
      onStderrLine: options.onStderrLine,
      logFile: options.logFile,
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof SpawnError) throw pythonNotRunnable(config, error.reason, error);
    throw error;
  }
}
