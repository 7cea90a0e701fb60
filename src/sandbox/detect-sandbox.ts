import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FtdojoError, isFtdojoError } from '../core/index.js';
import { createBubblewrapSandbox } from './bubblewrap-sandbox.js';
import type { ContainerEngine } from './container-sandbox.js';
import { createContainerSandbox } from './container-sandbox.js';
import { DEFAULT_HOST_PATH, findExecutable } from './find-executable.js';
import type { SandboxExecResult, SandboxProvider } from './sandbox.js';

export type SandboxPreference = 'auto' | SandboxProvider;

export interface DetectSandboxOptions {
  /** The host's PATH (the caller's config.baseEnv.PATH). */
  hostPath?: string | undefined;
  /** The image a container provider would run; without one, docker and podman are not candidates. */
  image?: string | undefined;
  /** The engine client's environment (DOCKER_HOST, ...). */
  clientEnv?: Readonly<Record<string, string>> | undefined;
}

export interface SandboxDetection {
  provider: SandboxProvider;
  /** The program that makes the sandbox (bwrap, docker, podman). */
  executable: string;
  /** Providers tried first and why they were passed over. */
  rejected: { provider: SandboxProvider; reason: string }[];
}

/** Candidates in order: bubblewrap needs no daemon and no image, so it comes first. */
const AUTO_ORDER: readonly SandboxProvider[] = ['bubblewrap', 'podman', 'docker'];

function firstLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? ''
  );
}

function describeFailure(result: SandboxExecResult): string {
  return `a trial run ended ${result.status}${result.exitCode !== null ? ` (exit ${result.exitCode})` : ''}: ${firstLine(result.stderr) || 'no message'}`;
}

/** Makes a real sandbox in throwaway folders and runs `true` in it: every mechanism is exercised. */
export async function probeBubblewrap(hostPath: string = DEFAULT_HOST_PATH): Promise<{ ok: true; executable: string } | { ok: false; reason: string }> {
  const executable = findExecutable('bwrap', hostPath);
  if (executable === null) return { ok: false, reason: 'bwrap not found on PATH' };
  const root = mkdtempSync(join(tmpdir(), 'ftdojo-sandbox-probe-'));
  try {
    const workspaceDir = join(root, 'workspace');
    const taskDir = join(root, 'task');
    mkdirSync(workspaceDir);
    mkdirSync(taskDir);
    const sandbox = createBubblewrapSandbox({ workspaceDir, taskDir, hostPath, limits: { wallSeconds: 30, memoryBytes: 256 * 1024 ** 2, processes: 16 } });
    const result = await sandbox.exec(['true']);
    return result.status === 'ok' ? { ok: true, executable } : { ok: false, reason: describeFailure(result) };
  } catch (error) {
    return { ok: false, reason: isFtdojoError(error) ? error.message : String(error) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function run(executable: string, args: string[], env: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolvePromise) => {
    execFile(executable, args, { env, timeout: 20_000 }, (error, stdout, stderr) => resolvePromise({ ok: !error, output: `${stderr}\n${stdout}` }));
  });
}

/** The engine answers (its daemon runs), the image is here, and a trial container runs `true`. */
export async function probeContainerEngine(
  engine: ContainerEngine,
  options: DetectSandboxOptions,
): Promise<{ ok: true; executable: string } | { ok: false; reason: string }> {
  const hostPath = options.hostPath ?? DEFAULT_HOST_PATH;
  const executable = findExecutable(engine, hostPath);
  if (executable === null) return { ok: false, reason: `${engine} not found on PATH` };
  const env = { PATH: hostPath, ...options.clientEnv };
  const info = await run(executable, ['info'], env);
  if (!info.ok)
    return {
      ok: false,
      reason: `${engine} is installed but does not answer: ${firstLine(
        info.output
          .split('\n')
          .filter((line) => /cannot|error|denied/i.test(line))
          .join('\n') || info.output,
      )}`,
    };
  if (!options.image) return { ok: false, reason: `${engine} runs, but no sandbox image is configured` };
  const image = await run(executable, ['image', 'inspect', options.image], env);
  if (!image.ok) return { ok: false, reason: `the image ${options.image} is not present (\`${engine} pull ${options.image}\`)` };
  const root = mkdtempSync(join(tmpdir(), 'ftdojo-sandbox-probe-'));
  try {
    const sandbox = createContainerSandbox({
      engine,
      image: options.image,
      workspaceDir: root,
      hostPath,
      clientEnv: options.clientEnv,
      limits: { wallSeconds: 60 },
    });
    const result = await sandbox.exec(['true']);
    return result.status === 'ok' ? { ok: true, executable } : { ok: false, reason: describeFailure(result) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Finds a sandbox that works here, by trying it for real, in the preferred order ('auto':
 * bubblewrap, then podman, then docker). Throws SANDBOX_UNAVAILABLE, with every reason and how to
 * fix it, when none does: agent-written code never runs outside a sandbox.
 */
export async function detectSandbox(preference: SandboxPreference = 'auto', options: DetectSandboxOptions = {}): Promise<SandboxDetection> {
  const candidates = preference === 'auto' ? AUTO_ORDER : [preference];
  const rejected: SandboxDetection['rejected'] = [];
  for (const provider of candidates) {
    const probe = provider === 'bubblewrap' ? await probeBubblewrap(options.hostPath) : await probeContainerEngine(provider, options);
    if (probe.ok) return { provider, executable: probe.executable, rejected };
    rejected.push({ provider, reason: probe.reason });
  }
  const reasons = rejected.map((entry) => `${entry.provider}: ${entry.reason}`).join('; ');
  throw new FtdojoError('SANDBOX_UNAVAILABLE', `no sandbox works here, so agent-written code cannot run (${reasons})`, {
    hint:
      'install bubblewrap: `apt-get install bubblewrap` (or run `npx ftdojo setup` as root, which installs it); ' +
      'as an ordinary user it also needs unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1); ' +
      'or install and start docker or podman and configure a sandbox image',
    fault: 'environment',
  });
}
