/**
 * The escape suite: scripts that try to get out of the bubblewrap sandbox, each of which must be
 * blocked and reported. Real bubblewrap, real Python (the project's venv when there is one, else
 * the system python3) and Node; no mocks. Each attempt prints "BLOCKED <name>: <error>" when the
 * system refused it and "ESCAPED <name>" when it got through; every test asserts the first and
 * not the second, and that nothing of the host's leaks into the output.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBubblewrapSandbox } from './bubblewrap-sandbox.js';
import { directoryUsage } from './directory-usage.js';
import type { SandboxExecResult, SandboxLimits } from './sandbox.js';
import { sandboxDirs, testPython } from './sandbox-fixture.js';

const python = testPython(process.env);
const secret = `escape-secret-${randomBytes(8).toString('hex')}`;
const homeFile = join(homedir(), `.ftdojo-escape-test-${randomBytes(4).toString('hex')}`);
const repoFile = join(process.cwd(), 'package.json');
const folders: (() => void)[] = [];
let server: Server;
let serverPort = 0;

const SMALL: Partial<SandboxLimits> = {
  wallSeconds: 5,
  memoryBytes: 256 * 1024 ** 2,
  processes: 32,
  outputBytes: 64 * 1024,
  fileBytes: 4 * 1024 ** 2,
  workspaceBytes: 16 * 1024 ** 2,
  tmpBytes: 8 * 1024 ** 2,
};
/** Node reserves about 1 GiB of address space to start. */
const FOR_NODE: Partial<SandboxLimits> = { memoryBytes: 2 * 1024 ** 3 };

function newSandbox(limits: Partial<SandboxLimits> = {}) {
  const dirs = sandboxDirs('ftdojo-escape-');
  folders.push(dirs.cleanup);
  const sandbox = createBubblewrapSandbox({
    taskDir: dirs.taskDir,
    workspaceDir: dirs.workspaceDir,
    python,
    node: process.execPath,
    hostPath: process.env.PATH,
    limits: { ...SMALL, ...limits },
  });
  return { ...dirs, sandbox };
}

const PYTHON_PRELUDE = `
import os, sys, socket, ctypes, signal, time
libc = ctypes.CDLL(None, use_errno=True)
def check(result):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))
    return result
def attempt(name, fn):
    try:
        print(f"ESCAPED {name}: {fn()!r}"[:300], flush=True)
    except BaseException as error:
        print(f"BLOCKED {name}: {type(error).__name__}: {error}", flush=True)
`;

async function runPython(code: string, limits: Partial<SandboxLimits> = {}): Promise<SandboxExecResult & { dirs: ReturnType<typeof newSandbox> }> {
  const dirs = newSandbox(limits);
  const result = await dirs.sandbox.exec([python, '-c', `${PYTHON_PRELUDE}\n${code}`]);
  return { ...result, dirs };
}

const NODE_PRELUDE = `
const fs = require('fs');
function attempt(name, fn) {
  return Promise.resolve().then(fn).then(
    (value) => console.log('ESCAPED ' + name + ': ' + String(value).slice(0, 200)),
    (error) => console.log('BLOCKED ' + name + ': ' + (error && (error.code || error.message))),
  );
}
`;

async function runNode(code: string): Promise<SandboxExecResult> {
  const { sandbox } = newSandbox(FOR_NODE);
  return sandbox.exec(['node', '-e', `${NODE_PRELUDE}\n(async () => {\n${code}\n})();`]);
}

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** Every named attempt was refused, none got through, and no host secret shows. */
function expectBlocked(result: SandboxExecResult, names: string[]): void {
  expect(result.stdout, result.stderr).not.toContain('ESCAPED');
  for (const name of names) expect(result.stdout, result.stderr).toContain(`BLOCKED ${name}:`);
  expect(result.stdout).not.toContain('HELDOUT-ANSWER');
  expect(result.stdout).not.toContain(secret);
}

beforeAll(async () => {
  process.env.FTDOJO_ESCAPE_TEST_SECRET = secret;
  writeFileSync(homeFile, `host home ${secret}\n`);
  server = createServer((_request, response) => response.end(`host service ${secret}`));
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  serverPort = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  delete process.env.FTDOJO_ESCAPE_TEST_SECRET;
  rmSync(homeFile, { force: true });
  await new Promise((resolvePromise) => server.close(resolvePromise));
  for (const cleanup of folders) cleanup();
});

describe('escape suite: reading what the sandbox must not see', () => {
  it('1. the held-out split by its absolute host path (Python)', async () => {
    const probe = newSandbox();
    const result = await probe.sandbox.exec([
      python,
      '-c',
      `${PYTHON_PRELUDE}\nattempt('absolute', lambda: open(${JSON.stringify(probe.heldOutFile)}).read())`,
    ]);
    expectBlocked(result, ['absolute']);
    expect(result.status).toBe('ok');
  });

  it('2. the held-out split by `..` from the workspace and from /task', async () => {
    const probe = newSandbox();
    const relative = probe.heldOutFile.slice(probe.root.length); // /task/heldout/test.jsonl on the host
    const result = await probe.sandbox.exec([
      python,
      '-c',
      `${PYTHON_PRELUDE}
attempt('dotdot-workspace', lambda: open('/workspace/..${relative}').read())
attempt('dotdot-task', lambda: open('/task/../heldout/test.jsonl').read())
attempt('dotdot-deep', lambda: open('../' * 12 + ${JSON.stringify(probe.heldOutFile.slice(1))}).read())`,
    ]);
    expectBlocked(result, ['dotdot-workspace', 'dotdot-task', 'dotdot-deep']);
  });

  it('3. a symlink planted in the workspace pointing outside it, and a hard link', async () => {
    const probe = newSandbox();
    const target = JSON.stringify(probe.heldOutFile);
    const result = await probe.sandbox.exec([
      python,
      '-c',
      `${PYTHON_PRELUDE}
os.symlink(${target}, '/workspace/planted')
attempt('symlink', lambda: open('/workspace/planted').read())
attempt('hardlink', lambda: os.link(${target}, '/workspace/hard'))
attempt('symlink-proc-root', lambda: (os.symlink('/proc/1/root' + ${target}, '/workspace/p2'), open('/workspace/p2').read()))`,
    ]);
    expectBlocked(result, ['symlink', 'hardlink', 'symlink-proc-root']);
  });

  it('4. /proc/1/root and the environment and command line of the parent (bwrap, root)', async () => {
    const probe = newSandbox();
    const result = await probe.sandbox.exec([
      python,
      '-c',
      `${PYTHON_PRELUDE}
attempt('proc1-root', lambda: os.listdir('/proc/1/root'))
attempt('proc1-root-file', lambda: open('/proc/1/root' + ${JSON.stringify(probe.heldOutFile)}).read())
attempt('parent-environ', lambda: open(f'/proc/{os.getppid()}/environ').read())
attempt('parent-mem', lambda: open(f'/proc/{os.getppid()}/mem', 'rb').read(16))
words = open('/proc/1/cmdline').read().split('\\0')
print('BWRAP', words[:words.index('--')])`,
    ]);
    expectBlocked(result, ['proc1-root', 'proc1-root-file', 'parent-environ', 'parent-mem']);
    // bwrap's options came through a pipe: its command line names no host path (no mount source).
    expect(result.stdout).toMatch(/^BWRAP \['\/usr\/bin\/bwrap', '--args', '3'\]$/m);
  });

  it('5. /proc/self/mounts and mountinfo: the held-out folder is nowhere', async () => {
    const probe = newSandbox();
    const result = await probe.sandbox.exec(['sh', '-c', 'cat /proc/self/mounts /proc/self/mountinfo; ls /proc']);
    expect(result.status).toBe('ok');
    expect(result.stdout).not.toContain('heldout');
    // Nor the held-out folder's host path. (mountinfo's fourth field names each bind's source
    // inside its filesystem, so the host paths of the task pool and the workspace do show there;
    // the kernel gives a mount namespace no way to hide them, and they lead nowhere from inside.)
    expect(result.stdout).not.toContain(dirname(probe.heldOutFile));
    // Only the sandbox's own processes: bwrap's pid 1, the shell, ls.
    const pids = result.stdout.split('\n').filter((line) => /^\d+$/.test(line));
    expect(pids.length).toBeLessThan(6);
  });

  it("6. the host's environment: the test process's secret variable is not there", async () => {
    const result = await runPython(`
print(sorted(os.environ))
for pid in [p for p in os.listdir('/proc') if p.isdigit() and int(p) != os.getpid()]:
    attempt(f'environ-{pid}', lambda: open(f'/proc/{pid}/environ').read())
attempt('getenv', lambda: os.environ['FTDOJO_ESCAPE_TEST_SECRET'])`);
    expect(result.stdout).not.toContain(secret);
    expect(result.stdout).not.toContain('ESCAPED');
    expect(result.stdout).toContain('BLOCKED getenv: KeyError');
    // The allow-list (NODE_OPTIONS for Node under the memory limit), plus what the shell that
    // closes inherited descriptors sets (PWD, SHLVL, _).
    const names = JSON.parse(result.stdout.split('\n')[0]!.replaceAll("'", '"')) as string[];
    const allowed = ['HOME', 'LANG', 'PATH', 'PYTHONDONTWRITEBYTECODE', 'PYTHONHASHSEED', 'TMPDIR', 'NODE_OPTIONS', 'PWD', 'SHLVL', '_', 'OLDPWD'];
    expect(names.filter((name) => !allowed.includes(name))).toEqual([]);
  });

  it("7. the host's home, the repository, /etc/shadow, /sys", async () => {
    const result = await runPython(`
attempt('home-file', lambda: open(${JSON.stringify(homeFile)}).read())
attempt('repo-file', lambda: open(${JSON.stringify(repoFile)}).read())
attempt('repo-dir', lambda: os.listdir('/work'))
attempt('shadow', lambda: open('/etc/shadow').read())
attempt('sys', lambda: os.listdir('/sys/fs/cgroup'))
print('ROOT', sorted(os.listdir('/')))
print('PASSWD', open('/etc/passwd').read().count('\\n'))`);
    expectBlocked(result, ['home-file', 'repo-file', 'repo-dir', 'shadow', 'sys']);
    expect(result.stdout).not.toMatch(/ROOT .*'(home|work|boot|var|srv|opt)'/);
    expect(result.stdout).toContain('PASSWD 3');
  });

  it('8. descriptors inherited from the host process are closed', async () => {
    const result = await runPython(`print('FDS', sorted(int(fd) for fd in os.listdir('/proc/self/fd')))`);
    // 0, 1, 2 and the descriptor of the listing itself.
    expect(result.stdout).toMatch(/FDS \[0, 1, 2, \d\]/);
  });
});

/** The held-out path of a throwaway layout (for attempts that only need to know where it is). */
function newSandboxPaths() {
  const dirs = sandboxDirs('ftdojo-escape-paths-');
  folders.push(dirs.cleanup);
  return { dirs };
}

describe('escape suite: writing outside the workspace', () => {
  it('9. /task, /usr, /etc, /dev, the Python environment, / (Python)', async () => {
    const probe = newSandbox();
    const result = await probe.sandbox.exec([
      python,
      '-c',
      `${PYTHON_PRELUDE}
attempt('task', lambda: open('/task/train.jsonl', 'a').write('x'))
attempt('task-new', lambda: open('/task/new.txt', 'w').write('x'))
attempt('usr', lambda: open('/usr/bin/evil', 'w').write('x'))
attempt('etc', lambda: open('/etc/passwd', 'a').write('x'))
attempt('venv', lambda: open(os.path.join(sys.prefix, 'evil.pth'), 'w').write('x'))
attempt('base-python', lambda: open(os.path.join(sys.base_prefix, 'evil.pth'), 'w').write('x'))
attempt('etc-new', lambda: open('/etc/evil', 'w').write('x'))
attempt('dev', lambda: open('/dev/evil', 'w').write('x'))
attempt('root', lambda: open('/evil', 'w').write('x'))
open('/workspace/ok.txt', 'w').write('fine')`,
    ]);
    expectBlocked(result, ['task', 'task-new', 'usr', 'etc', 'etc-new', 'dev', 'venv', 'base-python', 'root']);
    expect(readFileSync(join(probe.taskDir, 'train.jsonl'), 'utf8')).not.toContain('x\n{');
    expect(existsSync(join(probe.taskDir, 'new.txt'))).toBe(false);
    expect(readFileSync(join(probe.workspaceDir, 'ok.txt'), 'utf8')).toBe('fine');
  });

  it('10. the same from Node, and the held-out file', async () => {
    const probe = newSandboxPaths();
    const result = await runNode(`
await attempt('node-heldout', () => fs.readFileSync(${JSON.stringify(probe.dirs.heldOutFile)}, 'utf8'));
await attempt('node-task', () => fs.writeFileSync('/task/evil.txt', 'x'));
await attempt('node-usr', () => fs.writeFileSync('/usr/evil.txt', 'x'));
await attempt('node-home', () => fs.readFileSync(${JSON.stringify(homeFile)}, 'utf8'));`);
    expectBlocked(result, ['node-heldout', 'node-task', 'node-usr', 'node-home']);
  });
});

describe('escape suite: the network', () => {
  it('11. DNS and a public IP address', async () => {
    const result = await runPython(`
attempt('dns', lambda: socket.getaddrinfo('example.com', 443))
attempt('public-ip', lambda: socket.create_connection(('1.1.1.1', 80), timeout=2))
attempt('public-ip6', lambda: socket.create_connection(('2606:4700:4700::1111', 80), timeout=2))`);
    expectBlocked(result, ['dns', 'public-ip', 'public-ip6']);
  });

  it("12. a service on the host's loopback (a real HTTP server of this test), from Python and Node", async () => {
    const fromPython = await runPython(`
import urllib.request
attempt('loopback', lambda: urllib.request.urlopen('http://127.0.0.1:${serverPort}/', timeout=2).read())
attempt('localhost', lambda: urllib.request.urlopen('http://localhost:${serverPort}/', timeout=2).read())`);
    expectBlocked(fromPython, ['loopback', 'localhost']);
    const fromNode = await runNode(`await attempt('node-loopback', () => fetch('http://127.0.0.1:${serverPort}/').then((response) => response.text()));`);
    expectBlocked(fromNode, ['node-loopback']);
    // fetch() runs WebAssembly, which the memory limit allows (NODE_OPTIONS=--disable-wasm-trap-handler).
    expect(fromNode.status, fromNode.stderr).toBe('ok');
  });
});

describe('escape suite: exhausting resources', () => {
  it('13. a fork bomb (Python) is stopped: process-limit', async () => {
    const result = await runPython(`
while True:
    try:
        os.fork()
    except OSError:
        pass`);
    expect(result.status).toBe('process-limit');
    expect(result.limit).toEqual({ name: 'processes', value: 32 });
  });

  it('14. a fork bomb (shell) is stopped: process-limit', async () => {
    const { sandbox } = newSandbox();
    const result = await sandbox.exec(['sh', '-c', 'bomb() { bomb | bomb; }; bomb']);
    expect(result.status).toBe('process-limit');
  });

  it('15. filling the workspace with many small files: disk-limit, and the run is stopped', async () => {
    const result = await runPython(`
i = 0
while True:
    with open(f'/workspace/fill-{i}', 'wb') as f:
        f.write(b'x' * (1024 ** 2))
    i += 1`);
    expect(result.status).toBe('disk-limit');
    expect(result.limit).toEqual({ name: 'workspaceBytes', value: 16 * 1024 ** 2 });
    expect(await directoryUsage(result.dirs.workspaceDir)).toBeLessThan(1024 ** 3);
  });

  it('16. one file over the file-size limit: disk-limit (RLIMIT_FSIZE)', async () => {
    const result = await runPython(`open('/workspace/big', 'wb').write(b'x' * (64 * 1024 ** 2))`);
    expect(result.status).toBe('disk-limit');
    expect(result.limit?.name).toBe('fileBytes');
    expect(statSync(join(result.dirs.workspaceDir, 'big')).size).toBeLessThanOrEqual(4 * 1024 ** 2);
  });

  it('17. filling /tmp and /dev/shm: disk-limit (their tmpfs is full)', async () => {
    for (const dir of ['/tmp', '/dev/shm']) {
      const result = await runPython(`
i = 0
while True:
    with open(f'${dir}/fill-{i}', 'wb') as f:
        f.write(b'x' * (1024 ** 2))
    i += 1`);
      expect(result.status, dir).toBe('disk-limit');
      expect(result.limit?.name, dir).toBe('tmpBytes');
    }
  });

  it('18. exceeding memory (Python, 256 MB): memory-limit', async () => {
    const result = await runPython(`
blocks = []
while True:
    blocks.append(bytearray(16 * 1024 ** 2))`);
    expect(result.status).toBe('memory-limit');
    expect(result.limit).toEqual({ name: 'memoryBytes', value: 256 * 1024 ** 2 });
  });

  it('19. exceeding memory (Node, shared mappings included): memory-limit', async () => {
    const { sandbox } = newSandbox({ memoryBytes: 1024 ** 3 });
    const result = await sandbox.exec(['node', '-e', 'const blocks = []; while (true) blocks.push(Buffer.alloc(64 * 1024 ** 2, 1));']);
    expect(result.status).toBe('memory-limit');
    // Anonymous shared memory counts against RLIMIT_AS too (it would not against RLIMIT_DATA).
    const shared = await runPython(`
import mmap
maps = []
while True:
    m = mmap.mmap(-1, 32 * 1024 ** 2)
    m.write(b'x' * (32 * 1024 ** 2))
    maps.append(m)`);
    expect(shared.status).toBe('memory-limit');
  });

  it('20. running past the deadline: timeout, and a daemonized child ignoring SIGTERM dies too', async () => {
    const result = await runPython(
      `
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while True:
            with open('/workspace/heartbeat', 'a') as f:
                f.write('x')
            time.sleep(0.02)
    os._exit(0)
while not os.path.exists('/workspace/heartbeat'):
    time.sleep(0.01)
while True:
    pass`,
      { wallSeconds: 1 },
    );
    expect(result.status).toBe('timeout');
    expect(result.limit).toEqual({ name: 'wallSeconds', value: 1 });
    const heartbeat = join(result.dirs.workspaceDir, 'heartbeat');
    const before = sizeOf(heartbeat);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 300));
    expect(sizeOf(heartbeat)).toBe(before);
  });

  it('21. a background process left behind by a command that exits dies with it', async () => {
    const result = await runPython(`
if os.fork() == 0:
    os.setsid()
    while True:
        with open('/workspace/heartbeat', 'a') as f:
            f.write('x')
        time.sleep(0.02)
while not os.path.exists('/workspace/heartbeat'):
    time.sleep(0.01)`);
    expect(result.status).toBe('ok');
    const heartbeat = join(result.dirs.workspaceDir, 'heartbeat');
    const before = sizeOf(heartbeat);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 300));
    expect(sizeOf(heartbeat)).toBe(before);
  });

  it('22. flooding stdout: output-limit, the first bytes kept and flagged', async () => {
    const result = await runPython(`
while True:
    sys.stdout.write('flood ' * 10000)`);
    expect(result.status).toBe('output-limit');
    expect(result.stdoutTruncated).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBeLessThanOrEqual(64 * 1024);
    expect(result.stdout.startsWith('flood flood')).toBe(true);
  });
});

describe('escape suite: privileges and other processes', () => {
  it('23. setuid(0), chroot, mount, unshare (a user namespace included), setns: all refused', async () => {
    const result = await runPython(`
attempt('setuid', lambda: os.setuid(0))
attempt('setgid', lambda: os.setgid(0))
attempt('chroot', lambda: os.chroot('/tmp'))
attempt('mount', lambda: check(libc.mount(b'none', b'/tmp', b'tmpfs', 0, None)))
attempt('unshare-user', lambda: check(libc.unshare(0x10000000)))
attempt('unshare-mount', lambda: check(libc.unshare(0x00020000)))
attempt('setns', lambda: check(libc.setns(os.open('/proc/1/ns/mnt', os.O_RDONLY), 0)))
status = open('/proc/self/status').read()
print([line for line in status.splitlines() if line.startswith(('Uid', 'CapEff', 'CapBnd', 'NoNewPrivs', 'Seccomp:'))])`);
    expectBlocked(result, ['setuid', 'setgid', 'chroot', 'mount', 'unshare-user', 'unshare-mount', 'setns']);
    expect(result.stdout).toContain("'CapEff:\\t0000000000000000'");
    expect(result.stdout).toContain("'CapBnd:\\t0000000000000000'");
    expect(result.stdout).toContain("'NoNewPrivs:\\t1'");
    expect(result.stdout).not.toMatch(/'Uid:\t0\t/);
  });

  it("24. util-linux's unshare and a setuid binary do not give root", async () => {
    const { sandbox } = newSandbox();
    const result = await sandbox.exec([
      'sh',
      '-c',
      'unshare -r id; unshare -m true; for b in /usr/bin/su /usr/bin/passwd /usr/bin/mount; do [ -u "$b" ] && "$b" --help >/dev/null 2>&1; done; id -u',
    ]);
    expect(result.stderr).toContain('unshare failed: Operation not permitted');
    expect(result.stdout).not.toMatch(/uid=0\(/);
    expect(result.stdout.trim()).not.toBe('0');
  });

  it('25. ptrace of the parent (and of itself), reading its memory', async () => {
    const result = await runPython(`
attempt('ptrace-attach-parent', lambda: check(libc.ptrace(16, os.getppid(), 0, 0)))
attempt('ptrace-traceme', lambda: check(libc.ptrace(0, 0, 0, 0)))
attempt('process-vm-readv', lambda: check(libc.process_vm_readv(os.getppid(), 0, 0, 0, 0, 0)))`);
    expectBlocked(result, ['ptrace-attach-parent', 'ptrace-traceme', 'process-vm-readv']);
  });

  it('26. killing host processes: the test process and a helper cannot be reached', async () => {
    const helper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const result = await runPython(`
attempt('kill-host-test', lambda: os.kill(${process.pid}, 0))
attempt('kill-helper', lambda: os.kill(${helper.pid}, signal.SIGKILL))
attempt('kill-pid1', lambda: os.kill(1, signal.SIGKILL))
attempt('kill-everything', lambda: os.kill(-1, signal.SIGKILL))`);
      expectBlocked(result, ['kill-host-test', 'kill-helper', 'kill-pid1', 'kill-everything']);
      expect(result.status).toBe('ok');
      // The pids may exist inside the sandbox's own namespace; either way the host processes live.
      expect(() => process.kill(helper.pid!, 0)).not.toThrow();
      expect(helper.exitCode).toBeNull();
    } finally {
      helper.kill('SIGKILL');
    }
  });
});
