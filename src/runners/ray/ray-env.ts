import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { acquireSetupLock, childEnv, readRequirementsLock, repoRoot, spawnCollect } from '../../runtime/index.js';

/**
 * Ray lives in its own virtual environment, `<home>/ray/venv`, installed from python/ray.lock
 * (ray[default] 2.60.0 and its dependencies, exact pins from `pip freeze`). It is kept apart from
 * the training runtime's lock on purpose: the runtime never imports ray, and ray's pins of
 * grpcio, protobuf and pydantic must not move the pins LLaMA-Factory was checked with. A job's
 * entrypoint is a plain `ftdojo bench` command, which uses the runtime's environment as usual.
 */
export interface RayEnv {
  /** The `ray` command of the environment. */
  ray: string;
  python: string;
  lockSha256: string;
}

const MARKER = '.ftdojo-ray-lock.sha256';

export function rayLockPath(): string {
  return join(repoRoot(), 'python', 'ray.lock');
}

export function rayEnvDir(config: RuntimeConfig): string {
  return join(config.home, 'ray', 'venv');
}

/** The Ray environment, installed on first use (about 300 MB from PyPI, a minute or two) and reused after. */
export async function ensureRayEnv(config: RuntimeConfig, log: (line: string) => void = () => undefined): Promise<RayEnv> {
  const lock = readRequirementsLock(rayLockPath());
  const dir = rayEnvDir(config);
  const env: RayEnv = { ray: join(dir, 'bin', 'ray'), python: join(dir, 'bin', 'python'), lockSha256: lock.sha256 };
  const marker = join(dir, MARKER);
  if (existsSync(env.ray) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === lock.sha256) return env;
  const release = acquireSetupLock(join(config.home, 'ray', '.setup.lock'), `the Ray environment in ${dir}`, 'CLUSTER');
  try {
    const logFile = join(config.logsDir, `setup-ray-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
    const spawnEnv = childEnv(config, { PIP_USER: '0', PIP_DISABLE_PIP_VERSION_CHECK: '1' });
    const step = async (what: string, command: string, args: string[]) => {
      log(`ray: ${what} (log: ${logFile})`);
      const result = await spawnCollect(command, args, { env: spawnEnv, logFile });
      if (result.code !== 0)
        throw new FtdojoError(
          'CLUSTER',
          `installing Ray failed while ${what} (exit ${result.code}): ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`,
          {
            hint: `check the network to PyPI and the free disk space, then run \`ftdojo cluster up --local\` again (full log: ${logFile})`,
            retryable: true,
            fault: 'environment',
          },
        );
    };
    if (!existsSync(env.python)) await step('creating its virtual environment', config.bootstrapPython, ['-m', 'venv', dir]);
    await step(`installing ${Object.keys(lock.pins).length} pinned packages from python/ray.lock`, env.python, [
      '-m',
      'pip',
      'install',
      '--no-deps',
      '--no-input',
      '--progress-bar',
      'off',
      '-r',
      lock.path,
    ]);
    writeFileSync(marker, `${lock.sha256}\n`);
    return env;
  } finally {
    release();
  }
}
