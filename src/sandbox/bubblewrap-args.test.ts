import { describe, expect, it } from 'vitest';
import type { BubblewrapPlan } from './bubblewrap-args.js';
import { buildBubblewrapArgs, checkBind, CLOSE_INHERITED_FDS } from './bubblewrap-args.js';
import { DEFAULT_SANDBOX_LIMITS } from './sandbox.js';

function plan(overrides: Partial<BubblewrapPlan> = {}): BubblewrapPlan {
  return {
    mode: 'root',
    uid: 1500000123,
    gid: 1500000123,
    systemEntries: [
      { path: '/bin', kind: 'symlink', target: 'usr/bin' },
      { path: '/lib64', kind: 'dir' },
    ],
    etcFiles: ['/etc/ld.so.cache'],
    dataFiles: [{ fd: 5, target: '/etc/passwd' }],
    interpreterDirs: ['/root/.pyenv/versions/3.11.7', '/root/.cache/ftdojo/python/venv'],
    taskDir: '/data/tasks/gsm8k/pool',
    workspaceDir: '/data/runs/1/workspace',
    binds: [{ source: '/run/ftdojo/gateway-1', target: '/run/gateway' }],
    env: { PATH: '/usr/bin', HOME: '/workspace' },
    cwd: '/workspace',
    seccompFd: 4,
    setpriv: '/usr/bin/setpriv',
    prlimit: '/usr/bin/prlimit',
    bash: '/usr/bin/bash',
    limits: { ...DEFAULT_SANDBOX_LIMITS, memoryBytes: 256 * 1024 ** 2, processes: 32, fileBytes: 1024, tmpBytes: 4096 },
    command: ['python', 'prepare.py'],
    ...overrides,
  };
}

/** The value that follows `flag` (each occurrence). */
function valuesOf(args: string[], flag: string, width = 1): string[][] {
  const found: string[][] = [];
  args.forEach((arg, index) => {
    if (arg === flag) found.push(args.slice(index + 1, index + 1 + width));
  });
  return found;
}

describe('buildBubblewrapArgs', () => {
  it('unshares every namespace but the user one as root, and dies with its parent in a session of its own', () => {
    const { options } = buildBubblewrapArgs(plan());
    expect(options).toEqual(
      expect.arrayContaining([
        '--unshare-net',
        '--unshare-pid',
        '--unshare-ipc',
        '--unshare-uts',
        '--unshare-cgroup-try',
        '--die-with-parent',
        '--new-session',
      ]),
    );
    expect(options).not.toContain('--unshare-user');
    expect(options).not.toContain('--unshare-all');
    expect(options).not.toContain('--share-net');
  });

  it('mounts the task read-only at /task, the workspace read-write at /workspace, interpreters read-only where they live', () => {
    const { options } = buildBubblewrapArgs(plan());
    const readOnly = valuesOf(options, '--ro-bind', 2);
    expect(readOnly).toContainEqual(['/data/tasks/gsm8k/pool', '/task']);
    expect(readOnly).toContainEqual(['/usr', '/usr']);
    expect(readOnly).toContainEqual(['/lib64', '/lib64']);
    expect(readOnly).toContainEqual(['/root/.pyenv/versions/3.11.7', '/root/.pyenv/versions/3.11.7']);
    expect(readOnly).toContainEqual(['/run/ftdojo/gateway-1', '/run/gateway']);
    expect(valuesOf(options, '--bind', 2)).toEqual([['/data/runs/1/workspace', '/workspace']]);
    expect(valuesOf(options, '--symlink', 2)).toContainEqual(['usr/bin', '/bin']);
    expect(valuesOf(options, '--ro-bind-try', 2)).toEqual([['/etc/ld.so.cache', '/etc/ld.so.cache']]);
    expect(valuesOf(options, '--ro-bind-data', 2)).toEqual([['5', '/etc/passwd']]);
    // Nothing of the host's root, home or repository as a whole.
    const sources = [...readOnly, ...valuesOf(options, '--bind', 2)].map(([source]) => source);
    for (const forbidden of ['/', '/root', '/home', '/work', '/tmp', '/etc']) expect(sources).not.toContain(forbidden);
  });

  it('creates the parents of mount points walkable (0755), once each', () => {
    const { options } = buildBubblewrapArgs(plan());
    const dirs = valuesOf(options, '--dir').map(([dir]) => dir);
    expect(dirs).toEqual([
      '/etc',
      '/root',
      '/root/.pyenv',
      '/root/.pyenv/versions',
      '/root/.cache',
      '/root/.cache/ftdojo',
      '/root/.cache/ftdojo/python',
      '/run',
    ]);
    expect(options[options.indexOf('/root') - 2]).toBe('0755');
  });

  it('makes the root read-only once everything is mounted', () => {
    const { options } = buildBubblewrapArgs(plan());
    expect(options.indexOf('--remount-ro')).toBeGreaterThan(options.lastIndexOf('--bind'));
    expect(valuesOf(options, '--remount-ro')).toEqual([['/dev'], ['/']]);
  });

  it('gives /tmp and /dev/shm a size, fresh /proc and /dev', () => {
    const { options } = buildBubblewrapArgs(plan());
    expect(options.join(' ')).toContain('--perms 1777 --size 4096 --tmpfs /tmp');
    expect(options.join(' ')).toContain('--perms 1777 --size 4096 --tmpfs /dev/shm');
    expect(options.join(' ')).toContain('--proc /proc --dev /dev');
  });

  it('clears the environment, then sets exactly the given variables', () => {
    const { options } = buildBubblewrapArgs(plan());
    expect(options.indexOf('--clearenv')).toBeLessThan(options.indexOf('--setenv'));
    expect(valuesOf(options, '--setenv', 2)).toEqual([
      ['PATH', '/usr/bin'],
      ['HOME', '/workspace'],
    ]);
  });

  it('as root: keeps only what setpriv needs, which then drops to the sandbox uid with nothing left', () => {
    const { options, command } = buildBubblewrapArgs(plan());
    expect(options.join(' ')).toContain('--cap-drop ALL --cap-add CAP_SETUID --cap-add CAP_SETGID --cap-add CAP_SETPCAP');
    expect(valuesOf(options, '--seccomp')).toEqual([['4']]);
    expect(command).toEqual([
      '/usr/bin/setpriv',
      '--reuid=1500000123',
      '--regid=1500000123',
      '--clear-groups',
      '--bounding-set=-all',
      '--inh-caps=-all',
      '--no-new-privs',
      '--',
      '/usr/bin/prlimit',
      `--as=${256 * 1024 ** 2}`,
      '--nproc=32',
      '--fsize=1024',
      '--core=0',
      '--',
      '/usr/bin/bash',
      '-c',
      CLOSE_INHERITED_FDS,
      'sandbox',
      'python',
      'prepare.py',
    ]);
  });

  it('as an ordinary user: a user namespace with uid 65534, no capabilities, no setpriv', () => {
    const { options, command } = buildBubblewrapArgs(plan({ mode: 'user', uid: 65534, gid: 65534, setpriv: '' }));
    expect(options.join(' ')).toContain('--unshare-user --uid 65534 --gid 65534 --disable-userns');
    expect(options).not.toContain('--cap-add');
    expect(command[0]).toBe('/usr/bin/prlimit');
  });

  it('works without seccomp (other CPUs) and without bash', () => {
    const { options, command } = buildBubblewrapArgs(plan({ seccompFd: undefined, bash: undefined }));
    expect(options).not.toContain('--seccomp');
    expect(command.slice(-3)).toEqual(['--', 'python', 'prepare.py']);
  });
});

describe('checkBind', () => {
  it.each([
    [{ source: 'relative', target: '/run/x' }, 'absolute'],
    [{ source: '/x', target: '/' }, 'root'],
    [{ source: '/x', target: '/run/../etc' }, 'normalized'],
    [{ source: '/x', target: '/etc/x' }, '/etc'],
    [{ source: '/x', target: '/workspace/gateway' }, '/workspace'],
    [{ source: '/x', target: '/task' }, '/task'],
    [{ source: '/x', target: '/proc/1' }, '/proc'],
    [{ source: '/x', target: '/usr' }, '/usr'],
  ])('refuses %j', (bind, why) => {
    expect(() => checkBind(bind)).toThrow(why);
  });

  it('accepts a fresh path', () => {
    expect(() => checkBind({ source: '/run/ftdojo/gw', target: '/run/gateway', writable: true })).not.toThrow();
  });
});
