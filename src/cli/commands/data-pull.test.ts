import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DataConfig } from '../../config/index.js';
import type { ProfileSpec } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import { createDataRepository, type TaskDataSpec } from '../../data/index.js';
import { HUB_SOURCE, SPLIT_HUB_REPOS, SPLIT_SOURCE, writeSplitMirror } from '../../data/split-sources-fixture.js';
import { startFakeHub, type FakeHub, type FakeHubFaults } from '../../testing/fake-hub-server.js';
import { runDataPull, type PullTarget } from './data-pull.js';

const scratch = mkdtempSync(join(tmpdir(), 'ftdojo-data-pull-'));
const mirror = writeSplitMirror(join(scratch, 'mirror'));
let hub: FakeHub | undefined;
let run = 0;
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

function profile(dataFrom: 'hub' | 'mirror'): ProfileSpec {
  return {
    baseModel: 'toy',
    budget: { wallClockSeconds: 60, sampleCap: 10 },
    validationSize: 1,
    testSize: 1,
    maxNewTokens: 8,
    dataFrom,
    splitRule: 'toy',
    deviations: [],
  };
}

/** A task whose training source is split between the mirror and the hub and whose held-out source is hub-only. */
const TASK: TaskDataSpec = { id: 'toy-task', sources: ['toy-split'], heldOutFrom: ['toy-extra'], profiles: { paper: profile('hub'), mini: profile('mirror') } };

// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

async function setup(faults: FakeHubFaults = {}, config: Partial<DataConfig> = {}) {
  hub = await startFakeHub(SPLIT_HUB_REPOS, faults);
  const full: DataConfig = { mirror, hubEndpoint: hub.url, hubToken: null, cacheDir: join(scratch, `home-${(run += 1)}`), offline: null, ...config };
  const repo = createDataRepository(full, { sources: [SPLIT_SOURCE, HUB_SOURCE], retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 1 } });
  const pull = async (target: PullTarget, json = false) => {
    const out: string[] = [];
    const err: string[] = [];
    const output = { out: (text: string) => void out.push(plain(text)), err: (text: string) => void err.push(plain(text)) };
    const result = await runDataPull({ repo, output, target, json });
    return { ...result, out, err };
  };
  return { repo, pull };
}

describe('ftdojo data pull --task', () => {
  it("fetches a paper profile's mixed sources: mirror files verified, hub files downloaded (resuming), a line per file", async () => {
    const { pull } = await setup({ interrupt: { 'data/train.jsonl': { afterBytes: 10_000, times: 1 } } });
    const first = await pull({ kind: 'task', spec: TASK, profile: 'paper' });
    expect(first.exitCode).toBe(0);
    expect(first.out[0]).toBe('pulling 5 file(s) for toy-task (paper)');
    expect(first.out.slice(1, 6).map((line) => line.trim().split(/\s+/).slice(0, 2))).toEqual([
      ['verified', 'toy-split/bench'],
      ['downloaded', 'toy-split/train'],
      ['verified', 'toy-split/shared'],
      ['downloaded', 'toy-split/stale'],
      ['downloaded', 'toy-extra/extra'],
    ]);
    expect(first.out[6]).toMatch(/^toy-task \(paper\): 2 file\(s\) verified in the mirror, 3 downloaded from the hub, 0 already in the hub cache/);
    // The cut connection was resumed where it stopped, not started over.
    expect(hub!.requests).toContain(`GET /datasets/org/toy/resolve/fca1d9ceb6925041264d211b9ddf7264e8145248/data/train.jsonl [bytes=10000-]`);

    const again = await pull({ kind: 'task', spec: TASK, profile: 'paper' }, true);
    expect(again.exitCode).toBe(0);
    const report = JSON.parse(again.out.join('\n')) as { ok: boolean; sources: string[]; files: Array<{ name: string; from: string; status: string }> };
    expect(report.ok).toBe(true);
    expect(report.sources).toEqual(['toy-split', 'toy-extra']);
    expect(report.files.map((file) => [file.name, file.from, file.status])).toEqual([
      ['bench', 'mirror', 'verified'],
      ['train', 'hub', 'cached'],
      ['shared', 'mirror', 'verified'],
      ['stale', 'hub', 'cached'],
      ['extra', 'hub', 'cached'],
    ]);
    // With --json the per-file lines go to stderr, so stdout stays one JSON document.
    expect(again.err).toHaveLength(5);
  });

  it("fetches only the files the mirror profile reads (the mirror's, one of them served by the hub here)", async () => {
    const { pull } = await setup();
    const { report, exitCode } = await pull({ kind: 'task', spec: TASK, profile: 'mini' });
    expect(exitCode).toBe(0);
    expect(report.files.map((file) => [file.name, file.from, file.status])).toEqual([
      ['bench', 'mirror', 'verified'],
      ['shared', 'mirror', 'verified'],
      ['stale', 'hub', 'downloaded'],
    ]);
  });

  it('offline, names every missing file and the task command that fetches them', async () => {
    const { pull } = await setup({}, { offline: 'FTDOJO_DATA_OFFLINE=1' });
    const error = await pull({ kind: 'task', spec: TASK, profile: 'paper' }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FtdojoError);
    expect((error as FtdojoError).code).toBe('MISSING_DATA');
    expect((error as FtdojoError).message).toContain('not here: toy-split/train, toy-split/stale, toy-extra/extra.');
    expect((error as FtdojoError).hint).toContain('`ftdojo data pull --task toy-task --profile paper`');
    expect(hub!.requests).toEqual([]);
  });

  it('exits 1 when a file cannot be had here, saying why', async () => {
    const { pull } = await setup({}, { mirror: null });
    const { exitCode, out } = await pull({ kind: 'sources', ids: ['toy-split'] });
    expect(exitCode).toBe(1);
    expect(out.find((line) => line.includes('toy-split/bench'))).toMatch(/mirror-only\s+toy-split\/bench\s+.*set FTDOJO_DATA_MIRROR/);
    expect(out.at(-1)).toContain('1 not available here');
  });

  it('refuses to pull nothing', async () => {
    const { pull } = await setup();
    await expect(pull({ kind: 'sources', ids: [] })).rejects.toThrow('nothing to pull');
  });
});
