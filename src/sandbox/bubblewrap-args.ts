import { dirname, isAbsolute, normalize } from 'node:path';
import { FtdojoError } from '../core/index.js';
import { isWithin } from './interpreter-mounts.js';
import type { SandboxBind, SandboxLimits } from './sandbox.js';

/** How one of the host's top-level system entries (/bin, /lib64, ...) appears in the sandbox. */
export type SystemEntry = { path: string; kind: 'dir' } | { path: string; kind: 'symlink'; target: string };

/** Files that bubblewrap copies from a file descriptor (their contents travel through a pipe). */
export interface DataFile {
  fd: number;
  target: string;
}

/**
 * Everything one bubblewrap invocation needs, decided by the caller (a pure plan: building the
 * arguments does no I/O, so the tests can check them line by line).
 */
export interface BubblewrapPlan {
  /**
   * 'root': bwrap runs as real root without a user namespace and `setpriv` drops the command to
   * `uid` (a host uid of its own, so RLIMIT_NPROC counts only the sandbox's processes and binds
   * nothing). 'user': bwrap runs as an ordinary user inside a new user namespace.
   */
  mode: 'root' | 'user';
  uid: number;
  gid: number;
  systemEntries: readonly SystemEntry[];
  /** Host files under /etc bound read-only when present (ld.so.cache, alternatives, ...). */
  etcFiles: readonly string[];
  /** Generated /etc files (passwd, group, hosts). */
  dataFiles: readonly DataFile[];
  /** Host directories bound read-only at the same path (the Python environment, Node). */
  interpreterDirs: readonly string[];
  taskDir?: string | undefined;
  workspaceDir: string;
  binds: readonly SandboxBind[];
  env: Readonly<Record<string, string>>;
  cwd: string;
  seccompFd?: number | undefined;
  setpriv: string;
  prlimit: string;
  /** bash, to close file descriptors the host process inherited from its own parent; none when absent. */
  bash?: string | undefined;
  limits: SandboxLimits;
  command: readonly string[];
}

/** Paths of the sandbox that caller binds may not cover or sit inside. */
const RESERVED_TARGETS = ['/proc', '/dev', '/usr', '/etc', '/bin', '/sbin', '/lib', '/lib64', '/lib32', '/libx32', '/task', '/workspace', '/tmp'];

export function checkBind(bind: SandboxBind): void {
  const fail = (why: string) => {
    throw new FtdojoError('INVALID_INPUT', `cannot bind ${bind.source} at ${bind.target} in the sandbox: ${why}`, {
      hint: 'bind absolute host paths at a fresh absolute path such as /run/gateway or /mnt/models',
    });
  };
  if (!isAbsolute(bind.source) || !isAbsolute(bind.target)) fail('both paths must be absolute');
  if (bind.target === '/') fail('the target cannot be the root');
  if (normalize(bind.target) !== bind.target || bind.target.endsWith('/')) fail('the target must be a normalized path');
  const reserved = RESERVED_TARGETS.find((path) => isWithin(bind.target, path) || isWithin(path, bind.target));
  if (reserved) fail(`it would cover or sit inside ${reserved}, which the sandbox manages`);
}

/** bash (unlike dash) accepts descriptors above 9 in redirections. */
export const CLOSE_INHERITED_FDS = 'for fd in /proc/self/fd/*; do fd=${fd##*/}; if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi; done; exec "$@"';

function ancestors(path: string): string[] {
  const result: string[] = [];
  for (let dir = dirname(path); dir !== '/'; dir = dirname(dir)) result.unshift(dir);
  return result;
}

/**
 * bubblewrap's arguments, in order. Options are meant to travel through `--args FD` (so that the
 * sandbox's /proc/1/cmdline shows no host paths) and the command after `--` on the command line.
 */
export function buildBubblewrapArgs(plan: BubblewrapPlan): { options: string[]; command: string[] } {
  const options: string[] = [];
  const add = (...args: (string | number)[]) => options.push(...args.map(String));
  // Parents of mount points that bubblewrap would otherwise create 0700 (as on the host), which
  // the unprivileged sandbox user could not walk through.
  const created = new Set<string>();
  const makeParents = (target: string) => {
    for (const dir of ancestors(target)) {
      if (created.has(dir)) continue;
      created.add(dir);
      add('--perms', '0755', '--dir', dir);
    }
  };

  // Namespaces: no network (only a private loopback), own pids, ipc, hostname, cgroup view.
  add('--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try');
  if (plan.mode === 'user') add('--unshare-user', '--uid', plan.uid, '--gid', plan.gid, '--disable-userns');
  add('--die-with-parent', '--new-session', '--hostname', 'sandbox');

  add('--clearenv');
  for (const [name, value] of Object.entries(plan.env)) add('--setenv', name, value);

  add('--ro-bind', '/usr', '/usr');
  created.add('/usr');
  for (const entry of plan.systemEntries) {
    if (entry.kind === 'symlink') add('--symlink', entry.target, entry.path);
    else add('--ro-bind', entry.path, entry.path);
    created.add(entry.path);
  }
  add('--proc', '/proc', '--dev', '/dev');
  add('--perms', '1777', '--size', plan.limits.tmpBytes, '--tmpfs', '/tmp');
  add('--perms', '1777', '--size', plan.limits.tmpBytes, '--tmpfs', '/dev/shm');

  add('--perms', '0755', '--dir', '/etc');
  created.add('/etc');
  for (const file of plan.etcFiles) add('--ro-bind-try', file, file);
  for (const file of plan.dataFiles) add('--perms', '0644', '--ro-bind-data', file.fd, file.target);

  for (const dir of plan.interpreterDirs) {
    makeParents(dir);
    add('--ro-bind', dir, dir);
    created.add(dir);
  }
  if (plan.taskDir !== undefined) add('--ro-bind', plan.taskDir, '/task');
  add('--bind', plan.workspaceDir, '/workspace');
  for (const bind of plan.binds) {
    checkBind(bind);
    makeParents(bind.target);
    add(bind.writable ? '--bind' : '--ro-bind', bind.source, bind.target);
    created.add(bind.target);
  }

  // The root and /dev are tmpfs that, in a user namespace, belong to the sandbox user: read-only,
  // or writing there would be an unbounded /tmp in memory. (Not recursive: the mounts on them,
  // /workspace, /tmp, /dev/shm, the device nodes, keep theirs.)
  add('--remount-ro', '/dev', '--remount-ro', '/');

  if (plan.seccompFd !== undefined) add('--seccomp', plan.seccompFd);
  // As real root, bubblewrap keeps what --cap-add names: just enough for setpriv to switch user,
  // after which the kernel clears every capability and setpriv empties the bounding set.
  add('--cap-drop', 'ALL');
  if (plan.mode === 'root') add('--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID', '--cap-add', 'CAP_SETPCAP');
  add('--chdir', plan.cwd);

  const dropUser =
    plan.mode === 'root'
      ? [plan.setpriv, `--reuid=${plan.uid}`, `--regid=${plan.gid}`, '--clear-groups', '--bounding-set=-all', '--inh-caps=-all', '--no-new-privs', '--']
      : [];
  const limits = plan.limits;
  const rlimits = [
    plan.prlimit,
    `--as=${Math.floor(limits.memoryBytes)}`,
    `--nproc=${Math.floor(limits.processes)}`,
    `--fsize=${Math.floor(limits.fileBytes)}`,
    // No core files in the workspace.
    '--core=0',
    '--',
  ];
  // Node passes its child every descriptor it inherited without close-on-exec (a launcher's pipe,
  // say); bubblewrap passes them on. Close all but stdin, stdout and stderr before the command.
  const closeFds = plan.bash ? [plan.bash, '-c', CLOSE_INHERITED_FDS, 'sandbox'] : [];
  return { options, command: [...dropUser, ...rlimits, ...closeFds, ...plan.command] };
}
