import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isFtdojoError } from '../core/index.js';
import { createBubblewrapSandbox } from './bubblewrap-sandbox.js';
import type { BubblewrapSandboxOptions } from './bubblewrap-sandbox.js';
import type { SandboxLimits } from './sandbox.js';
import { sandboxDirs, testPython } from './sandbox-fixture.js';

const python = testPython(process.env);
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

function fresh(options: Partial<BubblewrapSandboxOptions> = {}, limits: Partial<SandboxLimits> = {}) {
  const dirs = sandboxDirs('ftdojo-bwrap-');
  cleanups.push(dirs.cleanup);
  const sandbox = createBubblewrapSandbox({
    taskDir: dirs.taskDir,
    workspaceDir: dirs.workspaceDir,
    python,
    node: process.execPath,
    hostPath: process.env.PATH,
    limits: { wallSeconds: 20, memoryBytes: 2 * 1024 ** 3, ...limits },
    ...options,
  });
  return { ...dirs, sandbox };
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; hint: string | undefined }> {
  try {
    await promise;
  } catch (error) {
    if (isFtdojoError(error)) return { code: error.code, message: error.message, hint: error.hint };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('createBubblewrapSandbox', () => {
  it('runs a Python script on the task pool and writes to the workspace; the result is versioned data', async () => {
    const { sandbox, workspaceDir } = fresh();
    writeFileSync(
      join(workspaceDir, 'prepare.py'),
      "import json\nrows = [json.loads(line) for line in open('/task/train.jsonl')]\nopen('out.jsonl', 'w').write(json.dumps(rows[0]))\nprint(len(rows), 'rows')\n",
    );
    const result = await sandbox.exec(['python3', 'prepare.py']);
    expect(result).toMatchObject({
      schemaVersion: 1,
      status: 'ok',
      exitCode: 0,
      signal: null,
      stdout: '1 rows\n',
      stderr: '',
      stdoutTruncated: false,
      provider: 'bubblewrap',
      command: ['python3', 'prepare.py'],
    });
    expect(result.limit).toBeUndefined();
    expect(JSON.parse(readFileSync(join(workspaceDir, 'out.jsonl'), 'utf8'))).toEqual({ question: '2+2', answer: '4' });
  });

  it("uses the project's Python first on PATH, and Node for JS scripts", async () => {
    const { sandbox, workspaceDir } = fresh();
    const which = await sandbox.exec(['python3', '-c', 'import sys; print(sys.prefix)']);
    expect(which.status).toBe('ok');
    // The same environment as on the host (a venv stays a venv: its prefix, not the base's).
    expect(which.stdout).toBe(execFileSync(python, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' }));
    writeFileSync(
      join(workspaceDir, 'count.mjs'),
      "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync('/task/train.jsonl', 'utf8').split('\\n').filter(Boolean).length);\n",
    );
    const node = await sandbox.exec(['node', 'count.mjs']);
    expect(node).toMatchObject({ status: 'ok', stdout: '1\n' });
  });

  it('reports a failing command as a result with its exit code, and feeds stdin', async () => {
    const { sandbox } = fresh();
    const failed = await sandbox.exec(['python3', '-c', 'import sys; print("bad row", file=sys.stderr); sys.exit(3)']);
    expect(failed).toMatchObject({ status: 'failed', exitCode: 3, signal: null, stderr: 'bad row\n' });
    const echoed = await sandbox.exec(['python3', '-c', 'import sys; print(sys.stdin.read().upper())'], { stdin: 'hello' });
    expect(echoed.stdout).toBe('HELLO\n');
  });

  it('passes explicit variables and a working directory, and refuses secret-looking names before running anything', async () => {
    const { sandbox, workspaceDir } = fresh();
    mkdirSync(join(workspaceDir, 'sub'));
    const result = await sandbox.exec(['sh', '-c', 'echo "$SPLIT $(pwd) $HOME"'], { env: { SPLIT: 'train' }, cwd: '/workspace/sub' });
    expect(result.stdout).toBe('train /workspace/sub /workspace\n');
    const refused = await rejection(sandbox.exec(['true'], { env: { OPENAI_API_KEY: 'sk-live' } }));
    expect(refused.code).toBe('INVALID_INPUT');
  });

  it('keeps the first outputBytes of each stream and flags the rest, without killing a command that finishes', async () => {
    const { sandbox } = fresh({}, { outputBytes: 1000 });
    const result = await sandbox.exec(['python3', '-c', 'import sys; print("é" * 2000); print("x" * 1500, file=sys.stderr)']);
    expect(result.status).toBe('ok');
    expect(result.stdoutTruncated).toBe(true);
    expect(result.stderrTruncated).toBe(true);
    // 1000 bytes of two-byte characters: 500 whole ones, none cut in half.
    expect(result.stdout).toBe('é'.repeat(500));
    expect(result.stderr).toBe('x'.repeat(1000));
  });

  it('takes per-command limits over the sandbox limits', async () => {
    const { sandbox } = fresh({}, { wallSeconds: 30 });
    const result = await sandbox.exec(['sleep', '5'], { limits: { wallSeconds: 0.5 } });
    expect(result).toMatchObject({ status: 'timeout', limit: { name: 'wallSeconds', value: 0.5 } });
  });

  it('stops on the caller’s abort signal: killed', async () => {
    const { sandbox } = fresh();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await sandbox.exec(['sleep', '10'], { signal: controller.signal });
    expect(result.status).toBe('killed');
  });

  it('lets a command clean up a workspace already over its size, and fails one that grows it', async () => {
    const { sandbox, workspaceDir } = fresh({}, { workspaceBytes: 1024 ** 2 });
    writeFileSync(join(workspaceDir, 'left-over.bin'), Buffer.alloc(2 * 1024 ** 2, 1));
    const grows = await sandbox.exec(['python3', '-c', "open('more.bin', 'wb').write(b'x' * 1024 * 1024)"]);
    expect(grows).toMatchObject({ status: 'disk-limit', limit: { name: 'workspaceBytes', value: 1024 ** 2 } });
    const cleans = await sandbox.exec(['sh', '-c', 'rm -f /workspace/*.bin']);
    expect(cleans.status).toBe('ok');
  });

  it('hands the workspace to the sandbox user (as root), and its files stay readable on the host', async () => {
    const { sandbox, workspaceDir } = fresh();
    writeFileSync(join(workspaceDir, 'from-host.txt'), 'host');
    const result = await sandbox.exec(['sh', '-c', 'echo more >> from-host.txt && id -u']);
    expect(result.status).toBe('ok');
    expect(readFileSync(join(workspaceDir, 'from-host.txt'), 'utf8')).toBe('hostmore\n');
    if (process.geteuid?.() === 0) {
      const uid = Number(result.stdout.trim());
      expect(uid).toBeGreaterThan(65535);
      expect(statSync(join(workspaceDir, 'from-host.txt')).uid).toBe(uid);
    }
  });

  it('binds extra host folders: read-only by default, and a unix socket there reaches a host service (the LLM gateway case)', async () => {
    const probe = fresh();
    const gatewayDir = join(probe.root, 'gateway');
    mkdirSync(gatewayDir);
    const socketPath = join(gatewayDir, 'gateway.sock');
    const server: Server = createServer((socket) => socket.end('hello from the gateway'));
    await new Promise<void>((resolvePromise) => server.listen(socketPath, resolvePromise));
    // connect() needs write permission on the socket file: the gateway opens it to the sandbox user.
    chmodSync(socketPath, 0o666);
    try {
      const sandbox = createBubblewrapSandbox({
        workspaceDir: probe.workspaceDir,
        hostPath: process.env.PATH,
        binds: [{ source: gatewayDir, target: '/run/gateway' }],
      });
      const result = await sandbox.exec([
        'python3',
        '-c',
        "import socket\ns = socket.socket(socket.AF_UNIX)\ns.connect('/run/gateway/gateway.sock')\nprint(s.recv(100).decode())\ntry:\n  open('/run/gateway/x', 'w')\nexcept OSError as e:\n  print('read-only', e.errno)",
      ]);
      expect(result.stdout, result.stderr).toBe('hello from the gateway\nread-only 30\n');
    } finally {
      await new Promise((resolvePromise) => server.close(resolvePromise));
    }
  });

  it('refuses misconfiguration with a fix: a bad bind, a missing workspace, a bad python, an empty command', async () => {
    const { workspaceDir, root } = fresh();
    expect(() => createBubblewrapSandbox({ workspaceDir, binds: [{ source: '/x', target: '/etc/x' }] })).toThrow(/\/etc/);
    const missing = await rejection(createBubblewrapSandbox({ workspaceDir: join(root, 'nope'), hostPath: process.env.PATH }).exec(['true']));
    expect(missing).toMatchObject({ code: 'INVALID_INPUT' });
    const badPython = await rejection(createBubblewrapSandbox({ workspaceDir, python: join(root, 'no-python'), hostPath: process.env.PATH }).exec(['true']));
    expect(badPython.code).toBe('PYTHON_ENV');
    expect(badPython.hint).toContain('ftdojo setup');
    const relative = await rejection(createBubblewrapSandbox({ workspaceDir, python: 'python3', hostPath: process.env.PATH }).exec(['true']));
    expect(relative.code).toBe('INVALID_INPUT');
    const empty = await rejection(createBubblewrapSandbox({ workspaceDir, hostPath: process.env.PATH }).exec([]));
    expect(empty.code).toBe('INVALID_INPUT');
    const noLimit = await rejection(createBubblewrapSandbox({ workspaceDir, hostPath: process.env.PATH }).exec(['true'], { limits: { memoryBytes: -1 } }));
    expect(noLimit.message).toContain('memoryBytes');
  });

  it('refuses to run at all without bubblewrap, saying how to install it', async () => {
    const { workspaceDir, root } = fresh();
    const emptyPath = join(root, 'empty-bin');
    mkdirSync(emptyPath);
    const refused = await rejection(createBubblewrapSandbox({ workspaceDir, hostPath: emptyPath }).exec(['true']));
    expect(refused.code).toBe('SANDBOX_UNAVAILABLE');
    expect(refused.hint).toContain('apt-get install bubblewrap');
  });
});
