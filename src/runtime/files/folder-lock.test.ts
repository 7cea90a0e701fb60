import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withFolderLock } from './folder-lock.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-folder-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('withFolderLock', () => {
  it('lets one holder at a time write a shared folder', async () => {
    const order: string[] = [];
    const hold = (name: string) =>
      withFolderLock(
        join(root, 'shared'),
        async () => {
          order.push(`${name} in`);
          await new Promise((resolve) => setTimeout(resolve, 30));
          order.push(`${name} out`);
        },
        { pollMs: 5 },
      );
    await Promise.all([hold('a'), hold('b')]);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  it('takes over a lock left by a process of this machine that no longer runs', async () => {
    const lock = join(root, 'left.lock');
    mkdirSync(lock);
    writeFileSync(join(lock, 'holder.json'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
    await expect(withFolderLock(join(root, 'left'), async () => 'done', { pollMs: 5 })).resolves.toBe('done');
  });
});
