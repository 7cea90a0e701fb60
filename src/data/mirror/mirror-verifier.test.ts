import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FtdojoError } from '../../core/index.js';
import { parseMirrorManifest } from './mirror-manifest.js';
import { createMirrorVerifier } from './mirror-verifier.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-mirror-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'set'));
const content = '[{"a": 1}]';
writeFileSync(join(root, 'set', 'good.json'), content);
writeFileSync(join(root, 'set', 'bad.json'), '[{"a": 2}]');
writeFileSync(join(root, 'set', 'short.json'), '[]');
const sha = createHash('sha256').update(content).digest('hex');
const manifest = parseMirrorManifest(
  [
    'path\tbytes\trows\trepo\tcommit\tsource_path\tsha256',
    `set/good.json\t10\t1\to/r\tc\ts\t${sha}`,
    `set/bad.json\t10\t1\to/r\tc\ts\t${sha}`,
    `set/short.json\t10\t1\to/r\tc\ts\t${sha}`,
    `set/gone.json\t10\t1\to/r\tc\ts\t${sha}`,
  ].join('\n'),
  'MANIFEST.tsv',
);

async function failure(promise: Promise<unknown>): Promise<FtdojoError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FtdojoError);
  return error as FtdojoError;
}

describe('mirror verifier', () => {
  it('accepts a file whose size and sha256 match the manifest', async () => {
    const verifier = createMirrorVerifier(root, manifest);
    const { path, entry } = await verifier.verify('set/good.json');
    expect(path).toBe(join(root, 'set', 'good.json'));
    expect(entry.rows).toBe(1);
  });

  it('refuses a changed file, a wrong size, a missing file and an unlisted file', async () => {
    const verifier = createMirrorVerifier(root, manifest);
    expect((await failure(verifier.verify('set/bad.json'))).code).toBe('CHECKSUM_MISMATCH');
    expect((await failure(verifier.verify('set/short.json'))).message).toContain('2 bytes');
    expect((await failure(verifier.verify('set/gone.json'))).message).toContain('not there');
    expect((await failure(verifier.verify('set/other.json'))).message).toContain('does not list');
  });

  it('hashes again when the file changes', async () => {
    const verifier = createMirrorVerifier(root, manifest);
    const file = join(root, 'set', 'good.json');
    await verifier.verify('set/good.json');
    writeFileSync(file, '[{"a": 3}]');
    const past = new Date(Date.now() - 60_000);
    utimesSync(file, past, past);
    expect((await failure(verifier.verify('set/good.json'))).code).toBe('CHECKSUM_MISMATCH');
    writeFileSync(file, content);
    await verifier.verify('set/good.json');
  });
});
