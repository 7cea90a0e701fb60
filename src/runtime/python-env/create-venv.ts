import { existsSync, rmSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { SpawnError, spawnCollect } from './spawn-collect.js';

/** The installed environment takes about 8 GB (torch with its CUDA libraries is most of it). */
export const REQUIRED_FREE_BYTES = 9e9;

const BOOTSTRAP_HINT =
  'install Python 3.11 with its venv module (e.g. `apt install python3.11 python3.11-venv`) and set FTDOJO_BOOTSTRAP_PYTHON=/path/to/python3.11, or point FTDOJO_PYTHON at an environment you installed from python/requirements.lock';

export function childEnv(config: RuntimeConfig, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.baseEnv)) if (value !== undefined) env[key] = value;
  return { ...env, ...extra };
}

/** The nearest folder that exists at or above `path` (the venv's future filesystem). */
function existingAncestor(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

export function freeBytes(path: string): number | null {
  try {
    const stats = statfsSync(existingAncestor(path));
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

export function formatGigabytes(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** Checks the system Python can make a venv (3.11 to 3.13, with the venv and ensurepip modules); returns its version. */
export async function checkBootstrapPython(config: RuntimeConfig): Promise<string> {
  const probe = 'import sys, venv, ensurepip; print("%d.%d.%d" % sys.version_info[:3])';
  let result;
  try {
    result = await spawnCollect(config.bootstrapPython, ['-c', probe], { env: childEnv(config) });
  } catch (error) {
    if (!(error instanceof SpawnError)) throw error;
    throw new FtdojoError('PYTHON_ENV', `cannot run the system Python "${config.bootstrapPython}" to create the environment: ${error.reason}`, {
      hint: BOOTSTRAP_HINT,
      fault: 'environment',
      cause: error,
    });
  }
  if (result.code !== 0) {
    const missingModule = /No module named '?(venv|ensurepip)/.exec(result.stderr)?.[1];
    throw new FtdojoError(
      'PYTHON_ENV',
      missingModule
        ? `${config.bootstrapPython} has no ${missingModule} module, so it cannot create a virtual environment`
        : `${config.bootstrapPython} failed: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`,
      {
        hint: BOOTSTRAP_HINT,
        fault: 'environment',
      },
    );
  }
  const version = result.stdout.trim();
  const [major, minor] = version.split('.').map(Number);
  if (major !== 3 || minor === undefined || minor < 11 || minor > 13) {
    throw new FtdojoError(
      'PYTHON_ENV',
      `${config.bootstrapPython} is Python ${version}; LLaMA-Factory 0.9.5 and the lock need Python 3.11 (3.12 and 3.13 may work)`,
      { hint: BOOTSTRAP_HINT, fault: 'environment' },
    );
  }
  return version;
}

export function checkFreeSpace(config: RuntimeConfig): void {
  const free = freeBytes(config.pythonEnvDir);
  if (free !== null && free < REQUIRED_FREE_BYTES) {
    throw new FtdojoError(
      'PYTHON_ENV',
      `only ${formatGigabytes(free)} free where the Python environment goes (${config.pythonEnvDir}); it needs about ${formatGigabytes(REQUIRED_FREE_BYTES)}`,
      {
        hint: 'free some disk space, or set FTDOJO_HOME to a folder on a larger disk',
        fault: 'environment',
      },
    );
  }
}

/** `python3 -m venv <dir>`; a half-made folder from an interrupted run is removed first, and on failure. */
export async function createVenv(config: RuntimeConfig, logFile: string): Promise<void> {
  rmSync(config.pythonEnvDir, { recursive: true, force: true });
  const result = await spawnCollect(config.bootstrapPython, ['-m', 'venv', config.pythonEnvDir], { env: childEnv(config), logFile });
  if (result.code !== 0 || !existsSync(config.python)) {
    rmSync(config.pythonEnvDir, { recursive: true, force: true });
    throw new FtdojoError(
      'PYTHON_ENV',
      `\`${config.bootstrapPython} -m venv ${config.pythonEnvDir}\` failed: ${result.stderr.trim().split('\n').slice(-3).join(' | ') || `exit ${result.code}`}`,
      {
        hint: `${BOOTSTRAP_HINT} (log: ${logFile})`,
        fault: 'environment',
      },
    );
  }
}
