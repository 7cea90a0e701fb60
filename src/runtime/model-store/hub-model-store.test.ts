import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../config/index.js';
import { resolveRuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { startFakeHub, type FakeHub, type FakeHubFaults, type FakeHubRepo } from '../../testing/fake-hub-server.js';
import { rejectionOf, refusal } from '../../testing/refusal.js';
import { tinyModelFiles, tinyModelRepo } from '../../testing/tiny-model.js';
import { localModelPaths } from '../inference/model-paths.js';
import type { ModelDownloadProgress } from './hub-model-store.js';
import { ensureHubModel, HUB_MODEL_RECORD, hubModelDir, readHubModelRecord, storedHubModel } from './hub-model-store.js';
import { ensureModel, resolveModelPath } from './resolve-model-path.js';

const COMMIT = 'c0ffee00112233445566778899aabbccddeeff00';
const ID = 'ftdojo-test/tiny-smollm2';
const WEIGHTS = tinyModelFiles()['model.safetensors'] as Buffer;

const repos: Record<string, FakeHubRepo> = {
  [ID]: tinyModelRepo(COMMIT, {
    // What the store leaves on the hub: sub-folders, other weight formats, git metadata.
    extraFiles: {
      'original/consolidated.00.pth': { content: 'pickle', lfs: true },
      'onnx/model.onnx': { content: 'onnx', lfs: true },
      'tiny.Q4_0.gguf': { content: 'gguf', lfs: true },
      'pytorch_model.bin': { content: 'pickle', lfs: true },
      '.gitattributes': { content: '*.safetensors filter=lfs' },
      'README.md': { content: '# tiny' },
    },
  }),
  'ftdojo-test/gated-tiny': tinyModelRepo(COMMIT, { token: 'hf_good' }),
  'ftdojo-test/gguf-only': {
    repoType: 'model',
    commits: [{ sha: COMMIT, files: { 'config.json': { content: '{}' }, 'tiny.gguf': { content: 'x', lfs: true } } }],
    refs: { main: COMMIT },
  },
};

const root = mkdtempSync(join(tmpdir(), 'ftdojo-hub-models-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let hub: FakeHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

let homes = 0;
const quick = { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 }, timeoutMs: 2_000 };

async function setup(faults: FakeHubFaults = {}, env: Record<string, string> = {}): Promise<{ config: RuntimeConfig; hub: FakeHub }> {
  hub = await startFakeHub(repos, faults);
  // How a test (or the lead's end-to-end test) points the model store at a hub: HF_ENDPOINT.
  const config = resolveRuntimeConfig({ FTDOJO_HOME: join(root, `home-${(homes += 1)}`), HF_ENDPOINT: hub.url, ...env });
  return { config, hub };
}

const resolves = (served: FakeHub) => served.requests.filter((request) => request.includes('/resolve/'));

describe('ensureHubModel', () => {
  it('downloads a model by id once, verified, into <models>/hub/<org>--<name>/<commit>, and then finds it offline', async () => {
    const { config, hub: served } = await setup();
    const progress: ModelDownloadProgress[] = [];
    const result = await ensureHubModel(config, { id: ID }, { ...quick, onProgress: (event) => progress.push(event) });
    expect(result).toMatchObject({ commit: COMMIT, downloaded: true, path: join(config.modelsDir, 'hub', 'ftdojo-test--tiny-smollm2', COMMIT) });
    expect(readdirSync(result.path).sort()).toEqual([
      'README.md',
      'config.json',
      'ftdojo-hub-model.json',
      'generation_config.json',
      'model.safetensors',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    expect(readFileSync(join(result.path, 'model.safetensors')).equals(WEIGHTS)).toBe(true);
    // Checked against the listing: sha256 for the LFS weights, the git blob sha for small files.
    const record = readHubModelRecord(result.path)!;
    expect(record.files.find((file) => file.path === 'model.safetensors')).toEqual({
      path: 'model.safetensors',
      size: WEIGHTS.length,
      algorithm: 'sha256',
      hex: createHash('sha256').update(WEIGHTS).digest('hex'),
    });
    expect(record.files.find((file) => file.path === 'config.json')?.algorithm).toBe('git-blob-sha1');
    expect(record).toMatchObject({ id: ID, commit: COMMIT, revision: null, endpoint: served.url });
    expect(progress.at(-1)).toMatchObject({ model: ID, filesDone: 7, files: 7, bytesDone: record.bytes, bytesTotal: record.bytes });
    expect(progress.every((event, index) => index === 0 || event.bytesDone >= progress[index - 1]!.bytesDone)).toBe(true);

    // Found again without the hub, by the branch it was asked for and by its commit.
    const asked = served.requests.length;
    expect(await ensureHubModel(config, { id: ID }, quick)).toMatchObject({ downloaded: false, path: result.path });
    expect(storedHubModel(config, { id: ID, revision: COMMIT })?.path).toBe(result.path);
    expect(resolveModelPath(config, { kind: 'hub', id: ID })).toBe(result.path);
    expect(localModelPaths(config, { kind: 'hub', id: ID })).toEqual({ modelPath: result.path, adapterPath: null });
    expect(served.requests.length).toBe(asked);
  });

  it('resolves a pinned commit prefix, records it, and refuses a revision the hub does not have', async () => {
    const { config } = await setup();
    const pinned = await ensureHubModel(config, { id: ID, revision: COMMIT.slice(0, 7) }, quick);
    expect(pinned.commit).toBe(COMMIT);
    expect(readFileSync(join(config.modelsDir, 'hub', 'ftdojo-test--tiny-smollm2', 'refs', COMMIT.slice(0, 7)), 'utf8').trim()).toBe(COMMIT);
    const missing = await rejectionOf(ensureHubModel(config, { id: ID, revision: 'no-such-branch' }, quick), FtdojoError);
    expect(missing.code).toBe('MISSING_MODEL');
    expect(missing.hint).toContain('--base-model org/name@revision');
    const unknown = await rejectionOf(ensureHubModel(config, { id: 'ftdojo-test/nothing-here' }, quick), FtdojoError);
    expect(unknown.message).toContain('ftdojo-test/nothing-here');
  });

  it('refuses a corrupt file, keeps nothing of it, and downloads it whole once the hub serves it right', async () => {
    const corrupt = Buffer.from(WEIGHTS);
    corrupt[100] = corrupt[100]! ^ 0xff;
    const { config } = await setup({ corrupt: { 'model.safetensors': corrupt } });
    const error = await rejectionOf(ensureHubModel(config, { id: ID }, quick), FtdojoError);
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain('model.safetensors');
    const folder = hubModelDir(config, ID, COMMIT);
    expect(existsSync(join(folder, 'model.safetensors'))).toBe(false);
    expect(readdirSync(folder).some((name) => name.endsWith('.incomplete'))).toBe(false);
    expect(existsSync(join(folder, HUB_MODEL_RECORD))).toBe(false);
    expect(refusal(() => resolveModelPath(config, { kind: 'hub', id: ID })).code).toBe('MISSING_MODEL');

    await hub!.close();
    hub = await startFakeHub(repos);
    const fixed = await ensureHubModel({ ...config, hub: { ...config.hub, endpoint: hub.url } }, { id: ID }, quick);
    expect(fixed.downloaded).toBe(true);
    expect(readFileSync(join(fixed.path, 'model.safetensors')).equals(WEIGHTS)).toBe(true);
  });

  it('resumes an interrupted download where it stopped, in the same call and in the next one', async () => {
    // Cut once: the retry asks for the rest with a Range request.
    const { config, hub: served } = await setup({ interrupt: { 'model.safetensors': { afterBytes: 10_000, times: 1 } } });
    const first = await ensureHubModel(config, { id: ID }, quick);
    expect(readFileSync(join(first.path, 'model.safetensors')).equals(WEIGHTS)).toBe(true);
    expect(resolves(served).filter((request) => request.includes('model.safetensors'))).toEqual([
      `GET /${ID}/resolve/${COMMIT}/model.safetensors`,
      `GET /${ID}/resolve/${COMMIT}/model.safetensors [bytes=10000-]`,
    ]);
    await served.close();

    // Cut with no retry left: the run fails, the partial file stays, and the next run goes on from it.
    const second = await setup({ interrupt: { 'model.safetensors': { afterBytes: 12_000, times: 1 } } });
    const stopped = await rejectionOf(ensureHubModel(second.config, { id: ID }, { ...quick, retry: { ...quick.retry, attempts: 1 } }), FtdojoError);
    expect(stopped).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(existsSync(join(hubModelDir(second.config, ID, COMMIT), 'model.safetensors.incomplete'))).toBe(true);
    const resumed = await ensureHubModel(second.config, { id: ID }, quick);
    expect(readFileSync(join(resumed.path, 'model.safetensors')).equals(WEIGHTS)).toBe(true);
    expect(resolves(second.hub).at(-1)).toBe(`GET /${ID}/resolve/${COMMIT}/model.safetensors [bytes=12000-]`);
  });

  it('sends HF_TOKEN for a gated model and says what to do without one', async () => {
    const { config } = await setup();
    const refused = await rejectionOf(ensureHubModel(config, { id: 'ftdojo-test/gated-tiny' }, quick), FtdojoError);
    expect(refused.message).toContain('401');
    expect(refused.hint).toContain('set HF_TOKEN');
    const withToken = resolveRuntimeConfig({ FTDOJO_HOME: config.home, HF_ENDPOINT: config.hub.endpoint, HF_TOKEN: 'hf_good' });
    expect((await ensureHubModel(withToken, { id: 'ftdojo-test/gated-tiny' }, quick)).downloaded).toBe(true);
  });

  it('stays off the hub with HF_HUB_OFFLINE=1 and refuses a repository without transformers weights', async () => {
    const { config, hub: served } = await setup({}, { HF_HUB_OFFLINE: '1' });
    const offline = await rejectionOf(ensureHubModel(config, { id: ID }, quick), FtdojoError);
    expect(offline.message).toContain('HF_HUB_OFFLINE=1');
    expect(served.requests).toEqual([]);
    const online = { ...config, hub: { ...config.hub, offline: null } };
    const gguf = await rejectionOf(ensureHubModel(online, { id: 'ftdojo-test/gguf-only' }, quick), FtdojoError);
    expect(gguf.code).toBe('UNSUPPORTED');
    expect(gguf.hint).toContain('tiny.gguf');
  });

  it('ensureModel downloads the hub base of an adapter, then resolves both folders', async () => {
    const { config } = await setup();
    const adapter = join(root, 'adapter');
    const paths = await ensureModel(config, { kind: 'adapter', base: { kind: 'hub', id: ID, revision: 'main' }, path: adapter }, quick).catch(
      (error: unknown) => error,
    );
    // The adapter folder does not exist: the base was downloaded first, then the adapter refused.
    expect((paths as FtdojoError).message).toContain('LoRA adapter folder');
    expect(storedHubModel(config, { id: ID, revision: 'main' })).not.toBeNull();
  });
});
