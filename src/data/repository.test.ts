import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../config/index.js';
import { FtdojoError } from '../core/index.js';
import { testMirror } from '../testing/mirror.js';
import { readMirrorManifest } from './mirror/mirror-manifest.js';
import { createDataRepository } from './repository.js';
import type { DatasetSource } from './types.js';

const mirror = testMirror();
const scratch = mkdtempSync(join(tmpdir(), 'ftdojo-repo-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<FtdojoError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FtdojoError);
  return error as FtdojoError;
}

describe.skipIf(!mirror)('data repository on the real offline mirror', () => {
  // Offline: these tests must never reach the real hub, whatever network the machine has.
  const repo = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror!, FTDOJO_HOME: join(scratch, 'home'), HF_HUB_OFFLINE: '1' }));

  it('is in mirror mode offline, and mixed (per file: mirror, else hub) online', () => {
    expect(repo.mode).toBe('mirror');
    expect(repo.mirror).toBe(mirror);
    expect(repo.offline).toBe('HF_HUB_OFFLINE=1');
    const online = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror!, FTDOJO_HOME: join(scratch, 'home') }));
    expect(online.mode).toBe('mixed');
    expect(online.locate('deepscaler', 'train/aime')).toEqual({ sourceId: 'deepscaler', name: 'train/aime', from: 'mirror', local: true });
    expect(online.locate('deepscaler', 'train/deepscaler')).toEqual({ sourceId: 'deepscaler', name: 'train/deepscaler', from: 'hub', local: false });
  });

  it('reads every mirror file of the catalogue with the row count MANIFEST.tsv gives', async () => {
    const manifest = await readMirrorManifest(mirror!);
    for (const source of repo.sources()) {
      for (const file of source.files) {
        if (file.mirrorPath === null) continue;
        expect(repo.hasLocal(source.id, file.name), `${source.id}/${file.name}`).toBe(true);
        const rows = await repo.readRows(source.id, file.name);
        expect(rows.length, `${source.id}/${file.name}`).toBe(manifest.get(file.mirrorPath)!.rows);
      }
    }
  });

  it('reads FinanceIQ CSVs without their index column, and keeps answers as letters', async () => {
    const rows = await repo.readRows('financeiq', 'test/经济师');
    expect(Object.keys(rows[0]!)).toEqual(['Question', 'A', 'B', 'C', 'D', 'Answer']);
    expect(rows.every((row) => /^[A-D]$/.test(String(row.Answer)))).toBe(true);
  });

  it('reads one-record PANORAMA files as one row', async () => {
    const rows = await repo.readRows('panorama', 'benchmark/par4pc/par4pc_r00011_14704145_cl1');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.gold_answers).toEqual(['A', 'G']);
  });

  it('says where a mirror file came from', async () => {
    const provenance = await repo.provenance('deepscaler', 'train_subset_meta_reason/deepscaler');
    expect(provenance).toMatchObject({
      readFrom: 'mirror',
      path: join(mirror!, 'deepscaler/train_subset_meta_reason/deepscaler.json'),
      rows: 803,
      origin: { repo: 'scharry30/Meta-Reason', commit: '1d2c01099b307407aa734d911814312bbec6e059' },
    });
  });

  it('refuses a hub file that is not here, offline, with how to get it', async () => {
    expect(repo.hasLocal('deepscaler', 'train/deepscaler')).toBe(false);
    const error = await failure(repo.readRows('deepscaler', 'train/deepscaler'));
    expect(error.code).toBe('MISSING_DATA');
    expect(error.message).toBe('1 file(s) are not here: deepscaler/train/deepscaler. They come from the hub, and the hub is switched off (HF_HUB_OFFLINE=1)');
    expect(error.hint).toContain('unset FTDOJO_DATA_OFFLINE and HF_HUB_OFFLINE');
    expect(error.hint).toContain('`ftdojo data pull deepscaler`');
  });

  it('pulls mirror files by verifying them, and refuses a pull that needs the hub offline before checking anything', async () => {
    const mirrorFiles = repo
      .source('deepscaler')
      .files.filter((file) => file.mirrorPath !== null)
      .map((file) => ({ sourceId: 'deepscaler', fileName: file.name }));
    const report = await repo.pullFiles(mirrorFiles);
    expect(report.mode).toBe('mirror');
    expect(report.files.map((file) => [file.from, file.status])).toEqual(mirrorFiles.map(() => ['mirror', 'verified']));
    expect(report.summary).toBe('8 file(s) verified in the mirror, 0 downloaded from the hub, 0 already in the hub cache');
    const error = await failure(repo.pull('deepscaler'));
    expect(error.code).toBe('MISSING_DATA');
    expect(error.message).toContain('not here: deepscaler/train/deepscaler.');
  });

  it('names unknown sources and files', async () => {
    expect((await failure(repo.readRows('nope', 'x'))).code).toBe('UNKNOWN_DATASET');
    const error = await failure(repo.readRows('gsm8k', 'validation'));
    expect(error.code).toBe('UNKNOWN_DATASET');
    expect(error.hint).toContain('train, test');
  });
});

describe('data repository on a damaged mirror', () => {
  const root = join(scratch, 'mirror');
  mkdirSync(join(root, 'set'), { recursive: true });
  const good = '[{"q": "1+1", "a": "2"}]\n';
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  writeFileSync(join(root, 'set', 'good.json'), good);
  writeFileSync(join(root, 'set', 'tampered.json'), '[{"q": "1+1", "a": "3"}]\n');
  writeFileSync(join(root, 'set', 'broken.json'), '[{"q": "1+1", "a": }]\n');
  const broken = '[{"q": "1+1", "a": }]\n';
  writeFileSync(
    join(root, 'MANIFEST.tsv'),
    [
      'path\tbytes\trows\trepo\tcommit\tsource_path\tsha256',
      `set/good.json\t${good.length}\t1\to/r\tc\tgood.json\t${sha(good)}`,
      `set/tampered.json\t${good.length}\t1\to/r\tc\tgood.json\t${sha(good)}`,
      `set/broken.json\t${broken.length}\t1\to/r\tc\tbroken.json\t${sha(broken)}`,
      `set/gone.json\t10\t1\to/r\tc\tgone.json\t${sha('x')}`,
    ].join('\n'),
  );
  const source: DatasetSource = {
    id: 'toy',
    title: 'toy',
    domain: 'math',
    description: 'toy',
    licence: 'MIT',
    hub: null,
    files: ['good', 'tampered', 'broken', 'gone', 'unlisted'].map((name) => ({ name, format: 'json' as const, hubPath: null, mirrorPath: `set/${name}.json` })),
    cotQuality: 'none',
    cotNote: 'none',
    fields: { q: 'question', a: 'answer' },
  };
  const repo = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: root, FTDOJO_HOME: join(scratch, 'home2') }), { sources: [source] });

  it('reads a file that matches the manifest', async () => {
    expect(await repo.readRows('toy', 'good')).toEqual([{ q: '1+1', a: '2' }]);
  });

  it('refuses a file whose checksum does not match MANIFEST.tsv', async () => {
    const error = await failure(repo.readRows('toy', 'tampered'));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('MANIFEST.tsv');
  });

  it('reports a malformed file that the manifest vouches for as CORRUPT_DATA with its line', async () => {
    const error = await failure(repo.readRows('toy', 'broken'));
    expect(error.code).toBe('CORRUPT_DATA');
    expect(error.message).toContain('broken.json:line 1:column');
  });

  it('says MISSING_DATA for a listed file that is gone and for one the manifest does not list', async () => {
    expect((await failure(repo.readRows('toy', 'gone'))).message).toContain('not there');
    expect((await failure(repo.readRows('toy', 'unlisted'))).message).toContain('does not list');
    expect(repo.hasLocal('toy', 'gone')).toBe(false);
  });

  it('fails a pull on the first bad file', async () => {
    expect((await failure(repo.pull('toy'))).code).toBe('CHECKSUM_MISMATCH');
  });
});
