import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FtdojoError } from '../core/index.js';
import { checkRelativePath, createHubCache } from './hub-cache.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ref = { repo: 'org/name', repoType: 'dataset' as const };
const commit = 'b6ae8c6' + '0'.repeat(33);

describe('hub cache', () => {
  it('lays files out by repository and full commit', () => {
    const cache = createHubCache(root);
    expect(cache.filePath(ref, commit, 'data/a.json')).toBe(join(root, 'hub', 'datasets', 'org', 'name', commit, 'data', 'a.json'));
    expect(cache.filePath({ repo: 'org/model', repoType: 'model' }, commit, 'tokenizer.json')).toContain(join('hub', 'models', 'org', 'model'));
    expect(() => cache.filePath(ref, 'b6ae8c6', 'a.json')).toThrow(FtdojoError);
  });

  it('remembers which full commit a pinned prefix resolved to', async () => {
    const cache = createHubCache(root);
    expect(cache.readRef(ref, 'b6ae8c6')).toBeNull();
    await cache.writeRef(ref, 'b6ae8c6', commit);
    expect(cache.readRef(ref, 'b6ae8c6')).toBe(commit);
    expect(cache.readRef(ref, commit)).toBe(commit);
  });

  it('refuses paths that would leave the cache', () => {
    for (const path of ['../x', '/etc/passwd', 'a//b', 'a/./b', '', 'a\\b']) expect(() => checkRelativePath(path, 'path'), path).toThrow(FtdojoError);
    expect(checkRelativePath('data/test/经济师.csv', 'path')).toBe('data/test/经济师.csv');
  });
});
