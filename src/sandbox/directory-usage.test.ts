import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { directoryUsage } from './directory-usage.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-usage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('directoryUsage', () => {
  it('sums what files occupy, in subfolders too, without following symlinks out', async () => {
    const dir = join(root, 'tree');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'a.bin'), Buffer.alloc(256 * 1024, 1));
    writeFileSync(join(dir, 'sub', 'b.bin'), Buffer.alloc(256 * 1024, 1));
    symlinkSync('/usr', join(dir, 'usr-link'));
    const bytes = await directoryUsage(dir);
    expect(bytes).toBeGreaterThanOrEqual(512 * 1024);
    expect(bytes).toBeLessThan(1024 * 1024);
  });

  it('stops early once past a bound, and is 0 for a missing folder', async () => {
    const dir = join(root, 'many');
    mkdirSync(dir);
    for (let index = 0; index < 20; index++) writeFileSync(join(dir, `f${index}`), Buffer.alloc(64 * 1024, 1));
    expect(await directoryUsage(dir, 100 * 1024)).toBeGreaterThan(100 * 1024);
    expect(await directoryUsage(join(root, 'missing'))).toBe(0);
  });
});
