import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DataConfig } from '../config/index.js';
import { FtdojoError } from '../core/index.js';
import { startFakeHub, type FakeHub } from '../testing/fake-hub-server.js';
import { createDataRepository } from './repository.js';
import { EXTRA_COMMIT, HUB_SOURCE, SPLIT_COMMIT, SPLIT_HUB_REPOS, SPLIT_SOURCE, writeSplitMirror } from './split-sources-fixture.js';
import type { FileRequest } from './types.js';

const scratch = mkdtempSync(join(tmpdir(), 'ftdojo-repo-mixed-'));
const mirror = writeSplitMirror(join(scratch, 'mirror'));
let hub: FakeHub | undefined;
let run = 0;
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

const RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 };
const ALL: FileRequest[] = [
  ...SPLIT_SOURCE.files.map((file) => ({ sourceId: 'toy-split', fileName: file.name })),
  { sourceId: 'toy-extra', fileName: 'extra' },
];

function repository(config: Partial<DataConfig> & { hubEndpoint: string }) {
  const full: DataConfig = { mirror, hubToken: null, cacheDir: join(scratch, `home-${(run += 1)}`), offline: null, ...config };
  return createDataRepository(full, { sources: [SPLIT_SOURCE, HUB_SOURCE], retry: RETRY, probeTimeoutMs: 2_000 });
}

async function failure(promise: Promise<unknown>): Promise<FtdojoError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FtdojoError);
  return error as FtdojoError;
}

describe('data repository with a mirror and the hub (per-file resolution)', () => {
  it('reads each file from the side that holds it: the mirror when its manifest lists it, else the hub', async () => {
    hub = await startFakeHub(SPLIT_HUB_REPOS);
    const repo = repository({ hubEndpoint: hub.url });
    expect(repo.mode).toBe('mixed');
    expect(SPLIT_SOURCE.files.map((file) => repo.locate('toy-split', file.name))).toEqual([
      { sourceId: 'toy-split', name: 'bench', from: 'mirror', local: true },
      { sourceId: 'toy-split', name: 'train', from: 'hub', local: false },
      { sourceId: 'toy-split', name: 'shared', from: 'mirror', local: true },
      { sourceId: 'toy-split', name: 'stale', from: 'hub', local: false },
    ]);

    expect(await repo.readRows('toy-split', 'bench')).toHaveLength(2);
    expect(await repo.readRows('toy-split', 'train')).toHaveLength(2_000);
    expect(await repo.readRows('toy-split', 'shared')).toEqual([{ side: 'mirror' }]);
    expect(await repo.readRows('toy-split', 'stale')).toEqual([{ side: 'hub', stale: true }]);
    expect(hub.requests.filter((request) => request.includes('/resolve/'))).toEqual([
      `GET /datasets/org/toy/resolve/${SPLIT_COMMIT}/data/train.jsonl`,
      `GET /datasets/org/toy/resolve/${SPLIT_COMMIT}/data/stale.json`,
    ]);

    expect(await repo.provenance('toy-split', 'bench')).toMatchObject({
      readFrom: 'mirror',
      path: join(mirror, 'toy/bench.json'),
      rows: 2,
      origin: { repo: 'upstream/toy', sourcePath: 'toy/bench.json' },
    });
    expect(await repo.provenance('toy-split', 'train')).toMatchObject({
      readFrom: 'hub-cache',
      hub: { repo: 'org/toy', commit: SPLIT_COMMIT, path: 'data/train.jsonl' },
    });
    expect((await repo.provenance('toy-split', 'shared')).readFrom).toBe('mirror');
    expect((await repo.provenance('toy-split', 'stale')).readFrom).toBe('hub-cache');
    expect(repo.hasLocal('toy-split', 'train')).toBe(true);
  });

  it('offline, refuses a request with files missing before asking anything, naming every one and the command that fetches them', async () => {
    hub = await startFakeHub(SPLIT_HUB_REPOS);
    const repo = repository({ hubEndpoint: hub.url, offline: 'HF_HUB_OFFLINE=1' });
    expect(repo.mode).toBe('mirror');
    const error = await failure(repo.pullFiles(ALL, { fetchCommand: 'ftdojo data pull --task toy --profile paper' }));
    expect(error.code).toBe('MISSING_DATA');
    expect(error.message).toBe(
      '3 file(s) are not here: toy-split/train, toy-split/stale, toy-extra/extra. They come from the hub, and the hub is switched off (HF_HUB_OFFLINE=1)',
    );
    expect(error.hint).toContain('unset FTDOJO_DATA_OFFLINE and HF_HUB_OFFLINE');
    expect(error.hint).toContain('`ftdojo data pull --task toy --profile paper`');
    expect(hub.requests).toEqual([]);

    // A read names its file and the source's pull command; mirror files still read offline.
    const read = await failure(repo.readRows('toy-split', 'train'));
    expect(read.message).toContain('not here: toy-split/train.');
    expect(read.hint).toContain('`ftdojo data pull toy-split`');
    expect(await repo.readRows('toy-split', 'bench')).toHaveLength(2);
    expect(hub.requests).toEqual([]);
  });

  it('treats a hub that does not answer as offline, saying so', async () => {
    hub = await startFakeHub(SPLIT_HUB_REPOS);
    const deadEndpoint = hub.url;
    await hub.close();
    hub = undefined;
    const repo = repository({ hubEndpoint: deadEndpoint });
    const error = await failure(repo.pullFiles(ALL));
    expect(error.code).toBe('MISSING_DATA');
    expect(error.message).toMatch(
      new RegExp(
        `^3 file\\(s\\) are not here: toy-split/train, toy-split/stale, toy-extra/extra\\. They come from the hub, and the hub at ${deadEndpoint} does not answer \\(connect ECONNREFUSED .*\\)$`,
      ),
    );
    expect(error.hint).toContain(`check the network and HF_ENDPOINT (${deadEndpoint})`);
    expect(error.hint).toContain('`ftdojo data pull toy-split toy-extra`');
  });

  it('works with the hub down once everything is cached: mirror files verified, hub files from the cache', async () => {
    hub = await startFakeHub(SPLIT_HUB_REPOS);
    const cacheDir = join(scratch, 'shared-cache');
    const first = repository({ hubEndpoint: hub.url, cacheDir });
    const pulled = await first.pullFiles(ALL);
    expect(pulled.files.map((file) => [file.name, file.from, file.status])).toEqual([
      ['bench', 'mirror', 'verified'],
      ['train', 'hub', 'downloaded'],
      ['shared', 'mirror', 'verified'],
      ['stale', 'hub', 'downloaded'],
      ['extra', 'hub', 'downloaded'],
    ]);
    expect(pulled.hub).toEqual([
      { sourceId: 'toy-split', repo: 'org/toy', commit: SPLIT_COMMIT },
      { sourceId: 'toy-extra', repo: 'org/extra', commit: EXTRA_COMMIT },
    ]);
    const endpoint = hub.url;
    await hub.close();
    hub = undefined;

    // A later process, online by default, with the hub gone.
    const later = repository({ hubEndpoint: endpoint, cacheDir });
    expect(ALL.every((request) => later.hasLocal(request.sourceId, request.fileName))).toBe(true);
    expect(await later.readRows('toy-split', 'train')).toHaveLength(2_000);
    expect(await later.readRows('toy-extra', 'extra')).toHaveLength(3);
    expect((await later.provenance('toy-extra', 'extra')).hub).toEqual({ repo: 'org/extra', commit: EXTRA_COMMIT, path: 'extra.json' });
    const again = await later.pullFiles(ALL);
    expect(again.files.map((file) => file.status)).toEqual(['verified', 'cached', 'verified', 'cached', 'cached']);
    expect(again.summary).toBe(
      '2 file(s) verified in the mirror, 0 downloaded from the hub, 3 already in the hub cache; hub revisions org/toy@fca1d9ceb692, org/extra@0123456789ab',
    );
  });

  it('reports a file only the mirror has when no mirror is set, and pulls the rest', async () => {
    hub = await startFakeHub(SPLIT_HUB_REPOS);
    const repo = repository({ hubEndpoint: hub.url, mirror: null });
    expect(repo.mode).toBe('hub');
    const report = await repo.pull('toy-split');
    expect(report.files.map((file) => [file.name, file.status])).toEqual([
      ['bench', 'mirror-only'],
      ['train', 'downloaded'],
      ['shared', 'downloaded'],
      ['stale', 'downloaded'],
    ]);
    expect(report.files[0]!.reason).toContain('set FTDOJO_DATA_MIRROR');
    expect(await repo.readRows('toy-split', 'shared')).toEqual([{ side: 'hub' }]);
  });
});
