import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FtdojoError } from '../core/index.js';
import type { DownloadProgress } from './download-progress.js';
import { startFakeHub, type FakeHub, type FakeHubFaults, type FakeHubRepo } from '../testing/fake-hub-server.js';
import { createHubClient, isCommitPin, type HubClient } from './hub-client.js';

const COMMIT = 'b6ae8c6a1b2c3d4e5f60718293a4b5c6d7e8f901';
const OLDER = '0123456789abcdef0123456789abcdef01234567';
const OTHER = 'ffffffffffffffffffffffffffffffffffffffff';
const big = Buffer.from(Array.from({ length: 20_000 }, (_, index) => `row ${index}\n`).join(''));
const dataset = { repo: 'org/data', repoType: 'dataset' as const };
const gated = { repo: 'org/gated', repoType: 'dataset' as const };

const repos: Record<string, FakeHubRepo> = {
  'org/data': {
    commits: [
      {
        sha: COMMIT,
        files: {
          'train.jsonl': { content: big, lfs: true },
          'small.json': { content: '[{"a": 1}]' },
          'data/test/经济师.csv': { content: 'x\n1\n', lfs: true },
        },
      },
      { sha: OLDER, files: {} },
    ],
    refs: { main: COMMIT, f00dfee: OTHER },
  },
  'org/gated': { commits: [{ sha: COMMIT, files: { 'a.json': { content: '[]' } } }], token: 'hf_good' },
};

const cacheRoot = mkdtempSync(join(tmpdir(), 'ftdojo-hub-'));
let hub: FakeHub;
let cacheDir: string;
let run = 0;
afterAll(() => rmSync(cacheRoot, { recursive: true, force: true }));
afterEach(async () => hub?.close());

async function start(faults: FakeHubFaults = {}, token: string | null = null): Promise<HubClient> {
  hub = await startFakeHub(repos, faults);
  cacheDir = join(cacheRoot, `run-${(run += 1)}`);
  return createHubClient({
    endpoint: hub.url,
    token,
    cacheDir,
    timeoutMs: 2_000,
    retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
  });
}

async function failure(promise: Promise<unknown>): Promise<FtdojoError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FtdojoError);
  return error as FtdojoError;
}

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

describe('hub client: revisions', () => {
  it('accepts a full pinned commit the hub confirms', async () => {
    const client = await start();
    expect(await client.resolveRevision(dataset, COMMIT)).toBe(COMMIT);
  });

  it('finds a pinned prefix in the branch history when the revision endpoint does not take it (paginated)', async () => {
    const client = await start({ pageSize: 1 });
    expect(await client.resolveRevision(dataset, 'b6ae8c6')).toBe(COMMIT);
    expect(await client.resolveRevision(dataset, '0123456')).toBe(OLDER);
    expect(hub.requests.some((request) => request.includes('/commits/main?p=1'))).toBe(true);
  });

  it('refuses a revision whose commit does not match the pin', async () => {
    const client = await start();
    const error = await failure(client.resolveRevision(dataset, 'f00dfee'));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain(OTHER);
    expect(error.message).toContain('not the pinned revision');
  });

  it('says MISSING_DATA for a prefix no commit has', async () => {
    const client = await start();
    expect((await failure(client.resolveRevision(dataset, 'deadbee'))).code).toBe('MISSING_DATA');
  });

  it('resolves a branch or tag name to wherever it points, with no prefix to match', async () => {
    const client = await start();
    expect(isCommitPin('main')).toBe(false);
    expect(isCommitPin('b6ae8c6')).toBe(true);
    expect(await client.resolveRevision(dataset, 'main')).toBe(COMMIT);
    expect(hub.requests.some((request) => request.includes('/commits/'))).toBe(false);
    expect((await failure(client.resolveRevision(dataset, 'no-such-branch'))).message).toContain('404');
  });
});

describe('hub client: listing', () => {
  it('lists files with the LFS sha256 or the git blob sha1, across pages', async () => {
    const client = await start({ pageSize: 2 });
    const files = await client.listFiles(dataset, COMMIT);
    expect(files.map((file) => file.path).sort()).toEqual(['data/test/经济师.csv', 'small.json', 'train.jsonl']);
    const train = files.find((file) => file.path === 'train.jsonl')!;
    expect(train).toEqual({ path: 'train.jsonl', size: big.length, expected: { algorithm: 'sha256', hex: sha256(big) } });
    expect(files.find((file) => file.path === 'small.json')!.expected.algorithm).toBe('git-blob-sha1');
  });
});

describe('hub client: downloads', () => {
  it('downloads into <cache>/hub/datasets/<repo>/<commit>/<path>, verified, with progress', async () => {
    const client = await start();
    const [file] = (await client.listFiles(dataset, COMMIT)).filter((entry) => entry.path === 'data/test/经济师.csv');
    const progress: DownloadProgress[] = [];
    const path = await client.download(dataset, COMMIT, file!.path, {
      expected: file!.expected,
      size: file!.size,
      onProgress: (event) => progress.push(event),
    });
    expect(path).toBe(join(cacheDir, 'hub', 'datasets', 'org', 'data', COMMIT, 'data', 'test', '经济师.csv'));
    expect(readFileSync(path, 'utf8')).toBe('x\n1\n');
    expect(progress.at(-1)).toEqual({ file: 'data/test/经济师.csv', bytesDone: 4, bytesTotal: 4 });
  });

  it('verifies small files against their git blob sha1', async () => {
    const client = await start();
    const files = await client.listFiles(dataset, COMMIT);
    const small = files.find((entry) => entry.path === 'small.json')!;
    const path = await client.download(dataset, COMMIT, 'small.json', { expected: small.expected, size: small.size });
    expect(readFileSync(path, 'utf8')).toBe('[{"a": 1}]');
  });

  it('resumes an interrupted download with a Range request', async () => {
    const client = await start({ interrupt: { 'train.jsonl': { afterBytes: 50_000, times: 1 } } });
    const progress: DownloadProgress[] = [];
    const path = await client.download(dataset, COMMIT, 'train.jsonl', {
      expected: { algorithm: 'sha256', hex: sha256(big) },
      size: big.length,
      onProgress: (event) => progress.push(event),
    });
    expect(readFileSync(path).equals(big)).toBe(true);
    expect(existsSync(`${path}.incomplete`)).toBe(false);
    const downloads = hub.requests.filter((request) => request.includes('/resolve/'));
    expect(downloads).toHaveLength(2);
    expect(downloads[0]).not.toContain('Range');
    expect(downloads[1]).toMatch(/\[bytes=\d+-\]$/);
    const resumedAt = Number(/bytes=(\d+)-/.exec(downloads[1]!)![1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(progress.some((event) => event.bytesDone === resumedAt && event.bytesTotal === big.length)).toBe(true);
    expect(progress.at(-1)!.bytesDone).toBe(big.length);
  });

  it('times out a stalled transfer and resumes it', async () => {
    hub = await startFakeHub(repos, { stall: { 'train.jsonl': { afterBytes: 1_000, times: 1 } } });
    const client = createHubClient({
      endpoint: hub.url,
      token: null,
      cacheDir: join(cacheRoot, 'stall'),
      timeoutMs: 200,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const path = await client.download(dataset, COMMIT, 'train.jsonl', { expected: { algorithm: 'sha256', hex: sha256(big) } });
    expect(readFileSync(path).equals(big)).toBe(true);
    expect(hub.requests.filter((request) => request.includes('/resolve/')).at(-1)).toContain('[bytes=1000-]');
  });

  it('retries a 503 and then succeeds', async () => {
    const client = await start({ unavailable: { 'small.json': 2 } });
    const path = await client.download(dataset, COMMIT, 'small.json');
    expect(readFileSync(path, 'utf8')).toBe('[{"a": 1}]');
    expect(hub.requests.filter((request) => request.includes('/resolve/'))).toHaveLength(3);
  });

  it('refuses a download whose checksum does not match, and leaves no file behind', async () => {
    const client = await start({ corrupt: { 'small.json': '[{"a": 2}]' } });
    const expected = { algorithm: 'sha256' as const, hex: sha256('[{"a": 1}]') };
    const error = await failure(client.download(dataset, COMMIT, 'small.json', { expected, size: 10 }));
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.hint).toMatch(/deleted/);
    const destination = client.cache.filePath(dataset, COMMIT, 'small.json');
    expect(existsSync(destination)).toBe(false);
    expect(existsSync(`${destination}.incomplete`)).toBe(false);
  });

  it('says MISSING_DATA for a path the revision lacks (404), without retrying', async () => {
    const client = await start();
    const error = await failure(client.download(dataset, COMMIT, 'nope.json'));
    expect(error.code).toBe('MISSING_DATA');
    expect(error.message).toContain('404');
    expect(hub.requests.filter((request) => request.includes('/resolve/'))).toHaveLength(1);
  });

  it('explains a gated dataset: set HF_TOKEN and accept the terms', async () => {
    let client = await start();
    const anonymous = await failure(client.resolveRevision(gated, COMMIT));
    expect(anonymous.code).toBe('NETWORK');
    expect(anonymous.message).toContain('401');
    expect(anonymous.hint).toContain('set HF_TOKEN');
    expect(anonymous.hint).toContain('/datasets/org/gated');
    await hub.close();

    client = await start({}, 'hf_bad');
    const refused = await failure(client.download(gated, COMMIT, 'a.json'));
    expect(refused.message).toContain('403');
    expect(refused.hint).toContain('accept');
    await hub.close();

    client = await start({}, 'hf_good');
    expect(readFileSync(await client.download(gated, COMMIT, 'a.json'), 'utf8')).toBe('[]');
  });

  it('gives a retryable NETWORK error when the hub cannot be reached', async () => {
    const client = createHubClient({
      endpoint: 'http://127.0.0.1:9',
      token: null,
      cacheDir: join(cacheRoot, 'unreachable'),
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await failure(client.resolveRevision(dataset, COMMIT));
    expect(error.code).toBe('NETWORK');
    expect(error.retryable).toBe(true);
  });

  it('returns a file already in the cache without asking the hub', async () => {
    const client = await start();
    await client.download(dataset, COMMIT, 'small.json');
    const before = hub.requests.length;
    await client.download(dataset, COMMIT, 'small.json');
    expect(hub.requests.length).toBe(before);
  });
});
