import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestFile, sha256File } from './file-digest.js';

const dir = mkdtempSync(join(tmpdir(), 'ftdojo-digest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('digestFile', () => {
  it('computes sha256 and the git blob sha1 git itself would give', async () => {
    const path = join(dir, 'hello.txt');
    writeFileSync(path, 'hello\n');
    expect(await sha256File(path)).toBe(createHash('sha256').update('hello\n').digest('hex'));
    // `echo hello | git hash-object --stdin`
    expect(await digestFile(path, 'git-blob-sha1')).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });
});
