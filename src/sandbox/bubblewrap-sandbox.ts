import { randomInt } from 'node:crypto';
import { existsSync, lstatSync, readlinkSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { FtdojoError } from '../core/index.js';
import type { DataFile, SystemEntry } from './bubblewrap-args.js';
import { buildBubblewrapArgs, checkBind } from './bubblewrap-args.js';
import { execResultOf } from './classify-outcome.js';
import { DEFAULT_HOST_PATH, findExecutable } from './find-executable.js';
import type { InterpreterMounts } from './interpreter-mounts.js';
import { nodeMounts, nodeOptionsFor, pythonMounts, SYSTEM_DIRS } from './interpreter-mounts.js';
import { countSandboxTasks } from './process-tree.js';
import { runSandboxed } from './run-sandboxed.js';
import type { Sandbox, SandboxExecOptions, SandboxExecResult, SandboxLimits, SandboxMounts } from './sandbox.js';
import { resolveLimits } from './sandbox.js';
import { buildSandboxEnv } from './sandbox-env.js';
import { buildSeccompFilter, seccompArch } from './seccomp-filter.js';
import { claimWorkspace } from './workspace-owner.js';

export interface BubblewrapSandboxOptions extends SandboxMounts {
  /** The project's Python (RuntimeConfig.python): its environment and base interpreter are mounted read-only. */
  python?: string | undefined;
  /** A Node binary for JS scripts (process.execPath): mounted read-only when it is not the system's. */
  node?: string | undefined;
  /** This sandbox's limits; each command may override them. */
  limits?: Partial<SandboxLimits> | undefined;
  /** The host's PATH, where bwrap, setpriv and prlimit are looked up (the caller's config.baseEnv.PATH). */
  hostPath?: string | undefined;
  /** The sandbox user when ftdojo runs as root: a host uid of its own, a random high one by default. */
  uid?: number | undefined;
}

/** Files of the host's /etc a command may need: the dynamic loader's cache, Debian's alternatives, the time zone. */
const ETC_FILES = ['/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/alternatives', '/etc/localtime'];

/** A uid no host account uses, so the sandbox owns nothing on the host and RLIMIT_NPROC counts only its own tasks. */
function randomSandboxUid(): number {
  return 1_500_000_000 + randomInt(100_000_000);
}

function systemEntries(): SystemEntry[] {
  const entries: SystemEntry[] = [];
  for (const path of SYSTEM_DIRS) {
    if (path === '/usr') continue;
    try {
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) entries.push({ path, kind: 'symlink', target: readlinkSync(path) });
      else if (stat.isDirectory()) entries.push({ path, kind: 'dir' });
    } catch {
      // absent on this system
    }
  }
  return entries;
}

function requireTool(name: string, hostPath: string, insideSandbox: boolean): string {
  const path = findExecutable(name, hostPath);
  if (path === null || (insideSandbox && !SYSTEM_DIRS.some((dir) => path.startsWith(`${dir}/`)))) {
    throw new FtdojoError(
      'SANDBOX_UNAVAILABLE',
      path === null ? `${name} not found on PATH` : `${name} is at ${path}, outside the system directories the sandbox mounts`,
      {
        hint:
          name === 'bwrap'
            ? 'install bubblewrap: `apt-get install bubblewrap` (or run `npx ftdojo setup` as root), or install docker/podman'
            : `install util-linux (it provides ${name}): \`apt-get install util-linux\``,
        fault: 'environment',
      },
    );
  }
  return path;
}

function requireDirectory(path: string, what: string): void {
  if (!isAbsolute(path) || !existsSync(path) || !statSync(path).isDirectory()) {
    throw new FtdojoError('INVALID_INPUT', `the sandbox's ${what} ${JSON.stringify(path)} is not an existing directory`, {
      hint: `create it before running commands, and pass an absolute path`,
    });
  }
}

function passwdFiles(uid: number, gid: number): { passwd: string; group: string; hosts: string } {
  return {
    passwd: `root:x:0:0:root:/nonexistent:/usr/sbin/nologin\nsandbox:x:${uid}:${gid}:sandbox:/workspace:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`,
    group: `root:x:0:\nsandbox:x:${gid}:\nnogroup:x:65534:\n`,
    hosts: '127.0.0.1 localhost sandbox\n::1 localhost\n',
  };
}

/**
 * A sandbox made with bubblewrap (see index.ts for what it mounts and how each limit holds). The
 * Python environment is looked at once, on the first command; directories are checked at every
 * command, since the caller may create them late.
 */
export function createBubblewrapSandbox(options: BubblewrapSandboxOptions): Sandbox {
  const hostPath = options.hostPath ?? DEFAULT_HOST_PATH;
  const root = process.geteuid?.() === 0;
  const uid = root ? (options.uid ?? randomSandboxUid()) : 65534;
  const gid = uid;
  for (const bind of options.binds ?? []) checkBind(bind);
  let interpreters: Promise<InterpreterMounts[]> | undefined;
  let nodeOptions: Promise<string | null> | undefined;
  const arch = seccompArch(process.arch);
  const seccomp = arch ? buildSeccompFilter(arch) : undefined;

  async function exec(command: readonly string[], execOptions: SandboxExecOptions = {}): Promise<SandboxExecResult> {
    if (command.length === 0 || command.some((part) => typeof part !== 'string' || part.includes('\0'))) {
      throw new FtdojoError('INVALID_INPUT', 'a sandbox command is a non-empty list of strings without NUL bytes', { hint: "e.g. ['python', 'prepare.py']" });
    }
    const limits = resolveLimits(options.limits, execOptions.limits);
    const cwd = execOptions.cwd ?? '/workspace';
    if (!isAbsolute(cwd))
      throw new FtdojoError('INVALID_INPUT', `the sandbox's working directory must be absolute, got ${JSON.stringify(cwd)}`, { hint: 'e.g. /workspace' });
    requireDirectory(options.workspaceDir, 'workspace');
    if (options.taskDir !== undefined) requireDirectory(options.taskDir, 'task directory');
    for (const bind of options.binds ?? []) {
      if (!existsSync(bind.source))
        throw new FtdojoError('INVALID_INPUT', `the sandbox bind source ${bind.source} does not exist`, { hint: 'create it first' });
    }
    const bwrap = requireTool('bwrap', hostPath, false);
    const prlimit = requireTool('prlimit', hostPath, true);
    const setpriv = root ? requireTool('setpriv', hostPath, true) : '';
    const bash = findExecutable('bash', hostPath);

    interpreters ??= Promise.all([
      options.python ? pythonMounts(options.python) : { dirs: [], path: [] },
      options.node ? nodeMounts(options.node) : { dirs: [], path: [] },
    ]);
    const mounts = await interpreters.catch((error: unknown) => {
      interpreters = undefined;
      throw error;
    });
    const path = [...new Set([...mounts.flatMap((mount) => mount.path), '/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin'])];
    // The Node that `node` finds inside (the same file on the host: those directories are mounted).
    const node = options.node ?? findExecutable('node', path.join(':'));
    nodeOptions ??= node ? nodeOptionsFor(node) : Promise.resolve(null);
    const env = buildSandboxEnv({ path, nodeOptions: await nodeOptions }, execOptions.env);
    if (root) await claimWorkspace(options.workspaceDir, uid, gid);

    // File descriptors 3.. of bwrap: its options, then the seccomp filter, then the generated /etc files.
    const generated = passwdFiles(uid, gid);
    const fdData: Buffer[] = [Buffer.alloc(0)];
    const fdFor = (data: Buffer) => fdData.push(data) + 2;
    const seccompFd = seccomp ? fdFor(seccomp) : undefined;
    const dataFiles: DataFile[] = [
      { fd: fdFor(Buffer.from(generated.passwd)), target: '/etc/passwd' },
      { fd: fdFor(Buffer.from(generated.group)), target: '/etc/group' },
      { fd: fdFor(Buffer.from(generated.hosts)), target: '/etc/hosts' },
    ];
    const built = buildBubblewrapArgs({
      mode: root ? 'root' : 'user',
      uid,
      gid,
      systemEntries: systemEntries(),
      etcFiles: ETC_FILES,
      dataFiles,
      interpreterDirs: [...new Set(mounts.flatMap((mount) => mount.dirs))],
      taskDir: options.taskDir,
      workspaceDir: options.workspaceDir,
      binds: options.binds ?? [],
      env,
      cwd,
      seccompFd,
      setpriv,
      prlimit,
      bash: bash !== null && SYSTEM_DIRS.some((dir) => bash.startsWith(`${dir}/`)) ? bash : undefined,
      limits,
      command,
    });
    fdData[0] = Buffer.from(built.options.map((arg) => `${arg}\0`).join(''));

    const outcome = await runSandboxed({
      executable: bwrap,
      args: ['--args', '3', '--', ...built.command],
      env: {},
      stdin: execOptions.stdin,
      extraFds: fdData,
      limits,
      workspaceDir: options.workspaceDir,
      countTasks: (pid) => countSandboxTasks(pid),
      signal: execOptions.signal,
    });
    return execResultOf(outcome, limits, 'bubblewrap', command);
  }

  return { provider: 'bubblewrap', exec };
}
