import { spawn } from 'node:child_process';
import { DEFAULT_HOST_PATH, findExecutable } from './find-executable.js';
import { probeBubblewrap } from './detect-sandbox.js';

export type EnsureBubblewrapResult =
  | { action: 'none' | 'installed'; path: string; seconds: number }
  /** Not usable, and not something ftdojo may fix here: `hint` says what to do. */
  | { action: 'missing'; reason: string; hint: string; seconds: number };

export interface EnsureBubblewrapOptions {
  /** The host's PATH (the caller's config.baseEnv.PATH). */
  hostPath?: string | undefined;
  /** Whether this process may install system packages; euid 0 by default. */
  root?: boolean | undefined;
  /** Lines of the package manager's output, as they come. */
  log?: ((line: string) => void) | undefined;
  /** Checks a bubblewrap for real (default: a trial sandbox running `true`). */
  probe?: ((hostPath: string) => Promise<{ ok: true; executable: string } | { ok: false; reason: string }>) | undefined;
}

function runLogged(command: string, args: string[], env: Record<string, string>, log: ((line: string) => void) | undefined): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') log?.(line);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', () => resolvePromise(false));
    child.on('close', (code) => resolvePromise(code === 0));
  });
}

const MANUAL_HINT = 'install bubblewrap with your package manager (`sudo apt-get install bubblewrap`, `sudo dnf install bubblewrap`), or install docker/podman';

/**
 * Makes sure bubblewrap is installed and works, for `ftdojo setup`. Fast and idempotent when it is
 * in place (one trial sandbox, tens of milliseconds). Installs it with apt-get only when bwrap is
 * missing and this process is root on a system with apt-get; otherwise says what to do.
 */
export async function ensureBubblewrap(options: EnsureBubblewrapOptions = {}): Promise<EnsureBubblewrapResult> {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  const hostPath = options.hostPath ?? DEFAULT_HOST_PATH;
  const probe = options.probe ?? probeBubblewrap;
  const root = options.root ?? process.geteuid?.() === 0;

  if (findExecutable('bwrap', hostPath) !== null) {
    const check = await probe(hostPath);
    if (check.ok) return { action: 'none', path: check.executable, seconds: seconds() };
    return {
      action: 'missing',
      reason: `bubblewrap is installed but cannot make a sandbox: ${check.reason}`,
      hint: root
        ? 'check that the kernel allows namespaces here (inside a container, run it with --privileged or a seccomp profile that allows unshare)'
        : 'enable unprivileged user namespaces (`sysctl kernel.unprivileged_userns_clone=1`, or on Ubuntu 24.04 an AppArmor profile for bwrap), or run as root',
      seconds: seconds(),
    };
  }

  const aptGet = findExecutable('apt-get', hostPath);
  if (!root || aptGet === null) {
    return {
      action: 'missing',
      reason: 'bubblewrap (bwrap) is not installed',
      hint: root ? MANUAL_HINT : `${MANUAL_HINT}; or run \`ftdojo setup\` as root`,
      seconds: seconds(),
    };
  }
  const env = { PATH: hostPath, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['install', '-y', '--no-install-recommends', 'bubblewrap'];
  options.log?.('apt-get install -y bubblewrap');
  // A fresh container often has no package lists yet: update once, only when the install fails.
  let installed = await runLogged(aptGet, install, env, options.log);
  if (!installed) {
    options.log?.('apt-get update');
    installed = (await runLogged(aptGet, ['update'], env, options.log)) && (await runLogged(aptGet, install, env, options.log));
  }
  if (!installed) return { action: 'missing', reason: 'apt-get could not install bubblewrap', hint: MANUAL_HINT, seconds: seconds() };
  const check = await probe(hostPath);
  if (!check.ok)
    return { action: 'missing', reason: `bubblewrap was installed but cannot make a sandbox: ${check.reason}`, hint: MANUAL_HINT, seconds: seconds() };
  return { action: 'installed', path: check.executable, seconds: seconds() };
}
