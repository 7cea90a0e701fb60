import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContainerRunPlan } from './container-sandbox.js';
import { buildContainerArgs, createContainerSandbox } from './container-sandbox.js';
import { DEFAULT_SANDBOX_LIMITS } from './sandbox.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-container-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function plan(overrides: Partial<ContainerRunPlan> = {}): ContainerRunPlan {
  return {
    name: 'ftdojo-sandbox-abc',
    image: 'python:3.11-slim',
    taskDir: '/data/task/pool',
    workspaceDir: '/data/run/workspace',
    binds: [{ source: '/run/ftdojo/gw', target: '/run/gateway' }],
    env: { PATH: '/usr/bin', HOME: '/workspace' },
    cwd: '/workspace',
    uid: 65534,
    limits: { ...DEFAULT_SANDBOX_LIMITS, memoryBytes: 512 * 1024 ** 2, processes: 64, fileBytes: 1024 ** 2, tmpBytes: 64 * 1024 ** 2 },
    stdin: false,
    command: ['python', 'prepare.py'],
    ...overrides,
  };
}

function pairs(args: string[], flag: string): string[] {
  return args.flatMap((arg, index) => (arg === flag ? [args[index + 1]!] : []));
}

describe('buildContainerArgs', () => {
  it('runs without network, capabilities, new privileges, or a writable root, under cgroup limits', () => {
    const args = buildContainerArgs(plan());
    expect(args.slice(0, 4)).toEqual(['run', '--rm', '--name', 'ftdojo-sandbox-abc']);
    expect(args).toEqual(expect.arrayContaining(['--read-only', '--init', '--pull=never', '--log-driver=none']));
    expect(pairs(args, '--network')).toEqual(['none']);
    expect(pairs(args, '--cap-drop')).toEqual(['ALL']);
    expect(pairs(args, '--security-opt')).toEqual(['no-new-privileges']);
    expect(pairs(args, '--pids-limit')).toEqual(['64']);
    expect(pairs(args, '--memory')).toEqual([String(512 * 1024 ** 2)]);
    expect(pairs(args, '--memory-swap')).toEqual([String(512 * 1024 ** 2)]);
    expect(pairs(args, '--ulimit')).toEqual([`fsize=${1024 ** 2}`, 'core=0']);
    expect(pairs(args, '--user')).toEqual(['65534:65534']);
    expect(pairs(args, '--tmpfs')).toEqual([`/tmp:rw,nosuid,nodev,size=${64 * 1024 ** 2},mode=1777`]);
    expect(args).not.toContain('--interactive');
  });

  it('mounts the task read-only and the workspace read-write, passes exactly the given environment, ends with image and command', () => {
    const args = buildContainerArgs(plan({ stdin: true }));
    expect(pairs(args, '--mount')).toEqual([
      'type=bind,source=/data/task/pool,target=/task,readonly',
      'type=bind,source=/data/run/workspace,target=/workspace',
      'type=bind,source=/run/ftdojo/gw,target=/run/gateway,readonly',
    ]);
    expect(pairs(args, '--env')).toEqual(['PATH=/usr/bin', 'HOME=/workspace']);
    expect(pairs(args, '--workdir')).toEqual(['/workspace']);
    expect(args).toContain('--interactive');
    expect(args.slice(-3)).toEqual(['python:3.11-slim', 'python', 'prepare.py']);
  });

  it('refuses paths --mount cannot express and binds over what the sandbox manages', () => {
    expect(() => buildContainerArgs(plan({ workspaceDir: '/data/a,b' }))).toThrow(/comma/);
    expect(() => buildContainerArgs(plan({ binds: [{ source: '/x', target: '/workspace/x' }] }))).toThrow(/\/workspace/);
  });
});

describe('createContainerSandbox', () => {
  it('runs the engine client with the built arguments, and removes the container when it kills it', async () => {
    // A stand-in client: records its arguments, then hangs like a container that runs too long.
    const bin = join(root, 'bin');
    const workspaceDir = join(root, 'workspace');
    mkdirSync(bin);
    mkdirSync(workspaceDir);
    const log = join(root, 'calls.log');
    writeFileSync(join(bin, 'podman'), `#!/bin/sh\necho "$*" >> "${log}"\n[ "$1" = rm ] && exit 0\nsleep 5\n`, { mode: 0o755 });
    const sandbox = createContainerSandbox({
      engine: 'podman',
      image: 'localhost/ftdojo-sandbox',
      workspaceDir,
      hostPath: `${bin}:/usr/bin:/bin`,
      limits: { wallSeconds: 0.5 },
    });
    expect(sandbox.provider).toBe('podman');
    const result = await sandbox.exec(['python', '-c', 'print(1)'], { env: { SPLIT: 'train' } });
    expect(result).toMatchObject({ status: 'timeout', provider: 'podman', command: ['python', '-c', 'print(1)'] });
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 200));
    const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(calls[0]).toMatch(/^run --rm --name (ftdojo-sandbox-[0-9a-f]{12}) .* --env SPLIT=train localhost\/ftdojo-sandbox python -c print\(1\)$/);
    const name = /--name (\S+)/.exec(calls[0]!)![1];
    expect(calls).toContain(`rm --force ${name}`);
  });

  it('refuses secret-looking variables and a missing client', async () => {
    const sandbox = createContainerSandbox({ engine: 'docker', image: 'x', workspaceDir: root, hostPath: join(root, 'nothing') });
    await expect(sandbox.exec(['true'])).rejects.toMatchObject({ code: 'SANDBOX_UNAVAILABLE' });
    const withClient = createContainerSandbox({ engine: 'podman', image: 'x', workspaceDir: root, hostPath: join(root, 'bin') });
    await expect(withClient.exec(['true'], { env: { HF_TOKEN: 'hf_x' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
