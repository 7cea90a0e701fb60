import { describe, expect, it } from 'vitest';
import { FtdojoError } from '../../core/index.js';
import { parseMirrorManifest } from './mirror-manifest.js';

const HEADER = 'path\tbytes\trows\trepo\tcommit\tsource_path\tsha256';
const SHA = 'a'.repeat(64);

function failure(text: string): FtdojoError {
  try {
    parseMirrorManifest(text, '/m/MANIFEST.tsv');
  } catch (error) {
    if (error instanceof FtdojoError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('parseMirrorManifest', () => {
  it('indexes entries by path', () => {
    const manifest = parseMirrorManifest(`${HEADER}\nx/a.json\t10\t2\towner/repo\tabc\tdata/ (note)\t${SHA.toUpperCase()}\n`, '/m/MANIFEST.tsv');
    expect(manifest.get('x/a.json')).toEqual({
      path: 'x/a.json',
      bytes: 10,
      rows: 2,
      repo: 'owner/repo',
      commit: 'abc',
      sourcePath: 'data/ (note)',
      sha256: SHA,
    });
  });

  it('names the line of a malformed entry', () => {
    expect(failure(`${HEADER}\nx\t1\t1\tr\tc\ts\tnothex\n`).message).toContain('line 2');
    expect(failure(`${HEADER}\nx\t1\t1\tr\tc\t${SHA}\n`).message).toContain('6 columns');
    expect(failure(`${HEADER}\nx\t1\t1\tr\tc\ts\t${SHA}\nx\t1\t1\tr\tc\ts\t${SHA}\n`).message).toContain('line 3: x is listed twice');
    expect(failure('path\tbytes\n').message).toContain('lacks the column(s) rows');
  });
});
