import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { countSandboxTasks } from './process-tree.js';

describe('countSandboxTasks', () => {
  it('counts the processes below a pid, leaving out those named like the sandbox launcher', async () => {
    // sh → 3 sleeps; the shell itself is left out by naming it as the launcher.
    const child = spawn('sh', ['-c', 'sleep 5 & sleep 5 & sleep 5 & wait'], { stdio: 'ignore', detached: true });
    try {
      let count: number | null = 0;
      for (let attempt = 0; attempt < 50 && count !== 3; attempt++) {
        await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
        count = await countSandboxTasks(process.pid, 'sh');
      }
      expect(count).toBe(3);
      expect(await countSandboxTasks(child.pid!, 'nothing')).toBe(3);
    } finally {
      process.kill(-child.pid!, 'SIGKILL'); // its own process group: the shell and its sleeps
    }
  });

  it('is zero for a pid with no children', async () => {
    expect(await countSandboxTasks(2 ** 22 + 7)).toBe(0);
  });
});
