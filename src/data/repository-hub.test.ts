import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DataConfig } from '../config/index.js';
import { FtdojoError } from '../core/index.js';
import { startFakeHub, type FakeHub, type FakeHubFaults } from '../testing/fake-hub-server.js';
import { createDataRepository } from './repository.js';
import type { DatasetSource, DownloadProgress } from './types.js';

const COMMIT = 'fca1d9ceb6925041264d211b9ddf7264e8145248';
const train = Array.from({ length: 3_000 }, (_, index) => JSON.stringify({ problem: `${index} + 1 = ?`, answer: String(index + 1) })).join('\n') + '\n';

const source: DatasetSource = {
  id: 'toy-hub',
  title: 'toy',
  domain: 'math',
  description: 'toy',
  licence: 'MIT',
  hub: { repo: 'org/toy', repoType: 'dataset', revision: 'fca1d9c' },
  files: [
    { name: 'train', format: 'jsonl', hubPath: 'data/train.jsonl', mirrorPath: null },
    { name: 'test/经济师', format: 'csv', hubPath: 'data/test/经济师.csv', mirrorPath: null },
    { name: 'local', format: 'json', hubPath: null, mirrorPath: 'toy/local.json' },
  ],
  cotQuality: 'none',
  cotNote: 'none',
  fields: {},
};
const misdeclared: DatasetSource = {
  ...source,
  id: 'toy-wrong',
  files: [...source.files, { name: 'extra', format: 'json', hubPath: 'data/extra.json', mirrorPath: null }],
};
const mirrorOnly: DatasetSource = { ...source, id: 'toy-mirror', hub: null, files: [source.files[2]!] };

const repos = {
  'org/toy': {
    commits: [
      {
        sha: COMMIT,
        files: {
          'data/train.jsonl': { content: train, lfs: true },
          'data/test/经济师.csv': { content: ',Question,Answer\n0,问题,A\n' },
          'README.md': { content: '# toy' },
        },
      },
    ],
  },
};

const scratch = mkdtempSync(join(tmpdir(), 'ftdojo-repo-hub-'));
let hub: FakeHub | undefined;
let run = 0;
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

async function setup(faults: FakeHubFaults = {}): Promise<{ config: DataConfig; repo: ReturnType<typeof createDataRepository> }> {
  hub = await startFakeHub(repos, faults);
  const config: DataConfig = { mirror: null, hubEndpoint: hub.url, hubToken: null, cacheDir: join(scratch, `home-${(run += 1)}`), offline: null };
  return { config, repo: createDataRepository(config, { sources: [source, misdeclared, mirrorOnly], retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } }) };
}

async function failure(promise: Promise<unknown>): Promise<FtdojoError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FtdojoError);
  return error as FtdojoError;
}

describe('data repository without a mirror (hub mode)', () => {
  it('downloads on first read, then reads from the cache, also in a later process with the hub gone', async () => {
    const { config, repo } = await setup();
    expect(repo.mode).toBe('hub');
    expect(repo.cacheRoot).toBe(join(config.cacheDir, 'hub'));
    expect(repo.hasLocal('toy-hub', 'train')).toBe(false);
    const rows = await repo.readRows('toy-hub', 'train');
    expect(rows).toHaveLength(3_000);
    expect(rows[0]).toEqual({ problem: '0 + 1 = ?', answer: '1' });
    expect(repo.hasLocal('toy-hub', 'train')).toBe(true);
    expect(await repo.resolve('toy-hub', 'train')).toBe(join(config.cacheDir, 'hub', 'datasets', 'org', 'toy', COMMIT, 'data', 'train.jsonl'));

    await hub!.close();
    hub = undefined;
    const later = createDataRepository(config, { sources: [source], retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    expect(later.hasLocal('toy-hub', 'train')).toBe(true);
    expect(await later.readRows('toy-hub', 'train')).toHaveLength(3_000);
    expect((await later.provenance('toy-hub', 'train')).hub).toEqual({ repo: 'org/toy', commit: COMMIT, path: 'data/train.jsonl' });
  });

  it('pulls a source: resolves the pin once, downloads with progress, reports mirror-only files', async () => {
    const { repo } = await setup({ interrupt: { 'data/train.jsonl': { afterBytes: 20_000, times: 1 } } });
    const progress: DownloadProgress[] = [];
    const report = await repo.pull('toy-hub', { onProgress: (event) => progress.push(event) });
    expect(report.mode).toBe('hub');
    expect(report.hub).toEqual([{ sourceId: 'toy-hub', repo: 'org/toy', commit: COMMIT }]);
    expect(report.files.map((file) => [file.name, file.status])).toEqual([
      ['train', 'downloaded'],
      ['test/经济师', 'downloaded'],
      ['local', 'mirror-only'],
    ]);
    expect(report.summary).toBe(
      '0 file(s) verified in the mirror, 2 downloaded from the hub, 0 already in the hub cache, 1 not available here (see each file); hub revisions org/toy@fca1d9ceb692',
    );
    expect(progress.every((event) => event.sourceId === 'toy-hub')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ file: 'test/经济师', bytesTotal: Buffer.byteLength(',Question,Answer\n0,问题,A\n') });
    expect(progress.filter((event) => event.file === 'train').at(-1)).toMatchObject({
      bytesDone: Buffer.byteLength(train),
      bytesTotal: Buffer.byteLength(train),
    });
    expect(hub!.requests.filter((request) => request.includes('/revision/') || request.includes('/commits/'))).toHaveLength(2);
    expect(await repo.readRows('toy-hub', 'test/经济师')).toEqual([{ Question: '问题', Answer: 'A' }]);

    const again = await repo.pull('toy-hub');
    expect(again.files.filter((file) => file.status === 'cached')).toHaveLength(2);
  });

  it('refuses to pull when a declared path is missing at the revision, naming what it has, before downloading', async () => {
    const { config, repo } = await setup();
    const error = await failure(repo.pull('toy-wrong'));
    expect(error.code).toBe('MISSING_DATA');
    expect(error.message).toContain('has no data/extra.json');
    expect(error.hint).toContain('README.md, data/test/经济师.csv, data/train.jsonl');
    expect(hub!.requests.some((request) => request.includes('/resolve/'))).toBe(false);
    expect(existsSync(join(config.cacheDir, 'hub', 'datasets', 'org', 'toy', COMMIT))).toBe(false);
  });

  it('explains that a mirror-only file needs FTDOJO_DATA_MIRROR', async () => {
    const { repo } = await setup();
    const error = await failure(repo.readRows('toy-hub', 'local'));
    expect(error.code).toBe('MISSING_DATA');
    expect(error.hint).toContain('FTDOJO_DATA_MIRROR');
    const report = await repo.pull('toy-mirror');
    expect(report.files[0]).toMatchObject({ status: 'mirror-only', from: null, reason: expect.stringContaining('only in the offline mirror') });
  });

  it('says a file has not been downloaded yet when asked for its provenance', async () => {
    const { repo } = await setup();
    const error = await failure(repo.provenance('toy-hub', 'train'));
    expect(error.code).toBe('MISSING_DATA');
    expect(error.hint).toContain('ftdojo data pull toy-hub');
  });

  it("passes the hub's refusal of a pin through", async () => {
    hub = await startFakeHub({ 'org/toy': { commits: [{ sha: 'a'.repeat(40), files: {} }] } });
    const repo = createDataRepository(
      { mirror: null, hubEndpoint: hub.url, hubToken: null, cacheDir: join(scratch, 'other'), offline: null },
      { sources: [source] },
    );
    expect((await failure(repo.readRows('toy-hub', 'train'))).message).toContain('no commit starting with fca1d9c');
  });
});
