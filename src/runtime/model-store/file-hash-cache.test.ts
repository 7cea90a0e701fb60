import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedSha256 } from './file-hash-cache.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-hash-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('cachedSha256', () => {
  it('hashes once, then answers from the cache until size or mtime change', async () => {
    const file = join(root, 'model.gguf');
    const cache = join(root, 'cache', 'hash.json');
    writeFileSync(file, 'weights');
    const expected = createHash('sha256').update('weights').digest('hex');
    expect(await cachedSha256(file, cache)).toEqual({ sha256: expected, cached: false });
    expect(await cachedSha256(file, cache)).toEqual({ sha256: expected, cached: true });

    writeFileSync(file, 'WEIGHTS');
    utimesSync(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(await cachedSha256(file, cache)).toEqual({ sha256: createHash('sha256').update('WEIGHTS').digest('hex'), cached: false });
  });
});
