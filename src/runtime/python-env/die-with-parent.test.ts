import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dieWithParent } from './die-with-parent.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('dieWithParent', () => {
  it('prefixes setpriv --pdeathsig when there is one, and leaves the command alone otherwise', () => {
    expect(dieWithParent('python', ['-c', 'pass'], '/usr/bin/setpriv')).toEqual(
      process.platform === 'linux'
        ? { command: '/usr/bin/setpriv', args: ['--pdeathsig', 'KILL', '--', 'python', '-c', 'pass'] }
        : { command: 'python', args: ['-c', 'pass'] },
    );
    expect(dieWithParent('python', ['-c', 'pass'], null)).toEqual({ command: 'python', args: ['-c', 'pass'] });
  });

  it.skipIf(process.platform !== 'linux' || !existsSync('/usr/bin/setpriv'))('a child of a parent killed with SIGKILL dies too', async () => {
    // A parent (sh) starts the guarded sleep, prints its pid and waits; the test kills the parent with -9.
    const guarded = dieWithParent('sleep', ['60']);
    const quoted = [guarded.command, ...guarded.args].map((word) => `'${word}'`).join(' ');
    const parent = spawn('sh', ['-c', `${quoted} & echo $!; wait`], { stdio: ['ignore', 'pipe', 'ignore'] });
    const childPid = await new Promise<number>((resolvePromise) =>
      parent.stdout.once('data', (chunk: Buffer) => resolvePromise(Number(chunk.toString().trim()))),
    );
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 200));
    expect(alive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + 5000;
    while (alive(childPid) && Date.now() < deadline) await new Promise((resolvePromise) => setTimeout(resolvePromise, 50));
    expect(alive(childPid)).toBe(false);
  });
});
