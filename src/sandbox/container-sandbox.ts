import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { FtdojoError } from '../core/index.js';
import { checkBind } from './bubblewrap-args.js';
import { execResultOf } from './classify-outcome.js';
import { DEFAULT_HOST_PATH, findExecutable } from './find-executable.js';
import { runSandboxed } from './run-sandboxed.js';
import type { Sandbox, SandboxBind, SandboxExecOptions, SandboxExecResult, SandboxLimits, SandboxMounts } from './sandbox.js';
import { resolveLimits } from './sandbox.js';
import { buildSandboxEnv } from './sandbox-env.js';
import { claimWorkspace } from './workspace-owner.js';

export type ContainerEngine = 'docker' | 'podman';

export interface ContainerSandboxOptions extends SandboxMounts {
  engine: ContainerEngine;
  /** An image already present locally (never pulled during a run), with the interpreters the commands need. */
  image: string;
  limits?: Partial<SandboxLimits> | undefined;
  /** The host's PATH, where the engine's client is looked up. */
  hostPath?: string | undefined;
  /** The container user; an unprivileged uid by default. */
  uid?: number | undefined;
  /** The environment of the engine's client (DOCKER_HOST, CONTAINER_HOST, ...); PATH alone by default. Never reaches the container. */
  clientEnv?: Readonly<Record<string, string>> | undefined;
}

export interface ContainerRunPlan {
  name: string;
  image: string;
  taskDir?: string | undefined;
  workspaceDir: string;
  binds: readonly SandboxBind[];
  env: Readonly<Record<string, string>>;
  cwd: string;
  uid: number;
  limits: SandboxLimits;
  /** Keep stdin open (-i) to feed the command. */
  stdin: boolean;
  command: readonly string[];
}

function mountOption(source: string, target: string, readOnly: boolean): string {
  // --mount splits on commas: a path holding one cannot be expressed there.
  if (source.includes(',') || target.includes(',')) {
    throw new FtdojoError('INVALID_INPUT', `cannot mount ${source} in a container: the path contains a comma`, { hint: 'use paths without commas' });
  }
  return `type=bind,source=${source},target=${target}${readOnly ? ',readonly' : ''}`;
}

/**
 * `docker run` / `podman run` arguments (the same for both). The engine adds what bubblewrap does
 * with rlimits and watchdogs, but in the kernel's cgroups: a memory limit for the whole container
 * (no swap), a pids limit, and a read-only root filesystem.
 */
export function buildContainerArgs(plan: ContainerRunPlan): string[] {
  const limits = plan.limits;
  const args = ['run', '--rm', '--name', plan.name, '--pull=never', '--log-driver=none'];
  if (plan.stdin) args.push('--interactive');
  args.push(
    '--network',
    'none',
    '--read-only',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--pids-limit',
    String(Math.floor(limits.processes)),
    '--memory',
    String(Math.floor(limits.memoryBytes)),
    '--memory-swap',
    String(Math.floor(limits.memoryBytes)),
    '--ulimit',
    `fsize=${Math.floor(limits.fileBytes)}`,
    '--ulimit',
    'core=0',
    '--user',
    `${plan.uid}:${plan.uid}`,
    '--hostname',
    'sandbox',
    '--init',
    '--ipc',
    'private',
    '--shm-size',
    String(Math.floor(limits.tmpBytes)),
    '--tmpfs',
    `/tmp:rw,nosuid,nodev,size=${Math.floor(limits.tmpBytes)},mode=1777`,
  );
  if (plan.taskDir !== undefined) args.push('--mount', mountOption(plan.taskDir, '/task', true));
  args.push('--mount', mountOption(plan.workspaceDir, '/workspace', false));
  for (const bind of plan.binds) {
    checkBind(bind);
    args.push('--mount', mountOption(bind.source, bind.target, !bind.writable));
  }
  args.push('--workdir', plan.cwd);
  for (const [name, value] of Object.entries(plan.env)) args.push('--env', `${name}=${value}`);
  args.push(plan.image, ...plan.command);
  return args;
}

/**
 * A sandbox in a docker or podman container. Its commands cannot use the host's Python
 * environment (the image brings its own), and the engine must be running: detectSandbox checks
 * that before anything is created.
 */
export function createContainerSandbox(options: ContainerSandboxOptions): Sandbox {
  const hostPath = options.hostPath ?? DEFAULT_HOST_PATH;
  const uid = options.uid ?? 65534;
  const clientEnv = { PATH: hostPath, ...options.clientEnv };
  for (const bind of options.binds ?? []) checkBind(bind);

  async function exec(command: readonly string[], execOptions: SandboxExecOptions = {}): Promise<SandboxExecResult> {
    if (command.length === 0)
      throw new FtdojoError('INVALID_INPUT', 'a sandbox command is a non-empty list of strings', { hint: "e.g. ['python', 'prepare.py']" });
    const client = findExecutable(options.engine, hostPath);
    if (client === null) {
      throw new FtdojoError('SANDBOX_UNAVAILABLE', `${options.engine} not found on PATH`, {
        hint: `install ${options.engine}, or bubblewrap (\`apt-get install bubblewrap\`)`,
        fault: 'environment',
      });
    }
    const limits = resolveLimits(options.limits, execOptions.limits);
    const cwd = execOptions.cwd ?? '/workspace';
    for (const [dir, what] of [
      [options.workspaceDir, 'workspace'],
      [options.taskDir, 'task directory'],
    ] as const) {
      if (dir !== undefined && (!isAbsolute(dir) || !existsSync(dir) || !statSync(dir).isDirectory())) {
        throw new FtdojoError('INVALID_INPUT', `the sandbox's ${what} ${JSON.stringify(dir)} is not an existing directory`, {
          hint: 'create it first and pass an absolute path',
        });
      }
    }
    const env = buildSandboxEnv({ path: ['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin'] }, execOptions.env);
    if (process.geteuid?.() === 0) await claimWorkspace(options.workspaceDir, uid, uid);
    const name = `ftdojo-sandbox-${randomBytes(6).toString('hex')}`;
    const args = buildContainerArgs({ ...options, name, binds: options.binds ?? [], env, cwd, uid, limits, stdin: execOptions.stdin !== undefined, command });
    const outcome = await runSandboxed({
      executable: client,
      args,
      env: clientEnv,
      stdin: execOptions.stdin,
      limits,
      workspaceDir: options.workspaceDir,
      // Killing the client leaves the container running: remove it through the engine.
      terminate: () => {
        spawn(client, ['rm', '--force', name], { stdio: 'ignore', env: clientEnv }).on('error', () => {});
      },
      signal: execOptions.signal,
    });
    return execResultOf(outcome, limits, options.engine, command);
  }

  return { provider: options.engine, exec };
}
