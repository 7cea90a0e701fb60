import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError, isFtdojoError } from '../../core/index.js';
import type { HubFile, HubRepoRef, RetryOptions } from '../../hub/index.js';
import { createHubClient, isFullSha } from '../../hub/index.js';
import { writeFileAtomically, writeJsonAtomically } from '../files/write-atomically.js';
import { acquireSetupLock } from '../python-env/index.js';
import { hasModelWeights, selectModelFiles } from './model-files.js';

/** A Hugging Face model at a revision: a branch or tag (`main` when absent), or a commit (a full hash or a prefix). */
export interface HubModelRef {
  id: string;
  revision?: string | undefined;
}

/** Written into a commit's folder once every file is downloaded and verified: its presence means "complete". */
export const HUB_MODEL_RECORD = 'ftdojo-hub-model.json';

export const HubModelRecordSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('ftdojo-hub-model'),
  id: z.string(),
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  /** The revision asked for (a branch, tag or commit prefix), or null for the default branch. */
  revision: z.string().nullable(),
  endpoint: z.string(),
  /** Every file kept, with the checksum it was verified against (the hub's listing). */
  files: z.array(z.object({ path: z.string(), size: z.number(), algorithm: z.enum(['sha256', 'git-blob-sha1']), hex: z.string() })),
  bytes: z.number(),
  downloadedAt: z.string(),
  seconds: z.number(),
});
export type HubModelRecord = z.infer<typeof HubModelRecordSchema>;

/** A hub model's download, summed over its files, for a progress bar. */
export interface ModelDownloadProgress {
  model: string;
  file: string;
  filesDone: number;
  files: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface EnsureHubModelOptions {
  onProgress?: ((progress: ModelDownloadProgress) => void) | undefined;
  /** Plain messages worth showing (which commit a revision resolved to, what is downloaded). */
  log?: ((line: string) => void) | undefined;
  /** Replaced in tests; the global fetch otherwise. */
  fetch?: typeof fetch | undefined;
  retry?: RetryOptions | undefined;
  /** Longest wait for an answer, or between two chunks of a download. */
  timeoutMs?: number | undefined;
}

export interface HubModelResult {
  /** The local folder every job loads: <modelsDir>/hub/<org>--<name>/<commit>. */
  path: string;
  commit: string;
  /** True when this call downloaded files. */
  downloaded: boolean;
  record: HubModelRecord;
}

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

function checkId(id: string): string {
  if (!HUB_ID.test(id) || id.includes('..')) {
    throw new FtdojoError('INVALID_INPUT', `${JSON.stringify(id)} is not a Hugging Face model id`, {
      hint: 'a model id is "org/name", e.g. Qwen/Qwen2.5-0.5B-Instruct; pin a revision with org/name@revision',
      fault: 'user',
    });
  }
  return id;
}

/** <modelsDir>/hub/<org>--<name>: the model's commits and the refs that named them. */
export function hubModelRoot(config: RuntimeConfig, id: string): string {
  return join(config.modelsDir, 'hub', checkId(id).replace('/', '--'));
}

export function hubModelDir(config: RuntimeConfig, id: string, commit: string): string {
  if (!isFullSha(commit)) throw new FtdojoError('INTERNAL', `a stored model's folder needs a full commit, got ${commit}`);
  return join(hubModelRoot(config, id), commit);
}

/** A revision as one file name (tags and branches may hold slashes: refs/pr/1). */
function refFile(config: RuntimeConfig, id: string, revision: string): string {
  return join(hubModelRoot(config, id), 'refs', encodeURIComponent(revision));
}

/** The record of a complete download in `folder`, or null when there is none (or it is unreadable). */
export function readHubModelRecord(folder: string): HubModelRecord | null {
  try {
    const parsed = HubModelRecordSchema.safeParse(JSON.parse(readFileSync(join(folder, HUB_MODEL_RECORD), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The commit a revision named when it was downloaded here (a full hash names itself), or null. */
function knownCommit(config: RuntimeConfig, model: HubModelRef): string | null {
  const revision = model.revision ?? 'main';
  if (isFullSha(revision)) return revision;
  const file = refFile(config, model.id, revision);
  if (!existsSync(file)) return null;
  const commit = readFileSync(file, 'utf8').trim();
  return isFullSha(commit) ? commit : null;
}

/**
 * The stored copy of a hub model, without asking the hub: the commit its revision resolved to
 * when it was downloaded, if that download finished. What every job loads, so Python runs offline.
 */
export function storedHubModel(config: RuntimeConfig, model: HubModelRef): { path: string; commit: string; record: HubModelRecord } | null {
  const commit = knownCommit(config, model);
  if (commit === null) return null;
  const path = hubModelDir(config, model.id, commit);
  const record = readHubModelRecord(path);
  return record === null ? null : { path, commit, record };
}

export function describeHubModel(model: HubModelRef): string {
  return model.revision ? `${model.id}@${model.revision}` : model.id;
}

const pending = new Map<string, Promise<HubModelResult>>();

/**
 * Makes sure a hub model is in the store and returns its folder. A model stored before is found
 * without the network. Otherwise the revision is resolved to a commit (recorded under refs/, so
 * later runs stay offline), the top-level files a model folder needs are downloaded into
 * <modelsDir>/hub/<org>--<name>/<commit>/ through HF_ENDPOINT with HF_TOKEN — each verified
 * against the hub's listing (sha256 for LFS files, the git blob sha for the rest) before it is put
 * in place, and resumed from where it stopped — and the folder is marked complete last.
 * Calls for the same model in one process share one download; another process is kept out by a lock.
 */
export function ensureHubModel(config: RuntimeConfig, model: HubModelRef, options: EnsureHubModelOptions = {}): Promise<HubModelResult> {
  const key = `${config.modelsDir}\0${model.id}\0${model.revision ?? ''}`;
  let download = pending.get(key);
  if (download === undefined) {
    download = downloadHubModel(config, model, options).finally(() => pending.delete(key));
    pending.set(key, download);
  }
  return download;
}

async function downloadHubModel(config: RuntimeConfig, model: HubModelRef, options: EnsureHubModelOptions): Promise<HubModelResult> {
  checkId(model.id);
  const stored = storedHubModel(config, model);
  if (stored !== null) return { ...stored, downloaded: false };
  const name = describeHubModel(model);
  if (config.hub.offline !== null) {
    throw new FtdojoError(
      'MISSING_MODEL',
      `${name} is not in the model store (${hubModelRoot(config, model.id)}) and ${config.hub.offline} keeps ftdojo off the hub`,
      {
        hint: `unset ${config.hub.offline.split('=')[0]} once so the model is downloaded, or pass a local model folder instead`,
        fault: 'environment',
      },
    );
  }
  const started = Date.now();
  const ref: HubRepoRef = { repo: model.id, repoType: 'model' };
  const client = createHubClient({
    endpoint: config.hub.endpoint,
    token: config.hub.token,
    cacheDir: config.modelsDir,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const revision = model.revision ?? 'main';
  const commit = await client.resolveRevision(ref, revision);
  const folder = hubModelDir(config, model.id, commit);
  await mkdir(join(hubModelRoot(config, model.id), 'refs'), { recursive: true });
  if (!isFullSha(revision)) await writeFileAtomically(refFile(config, model.id, revision), `${commit}\n`);
  const already = readHubModelRecord(folder);
  if (already !== null) return { path: folder, commit, downloaded: false, record: already };

  const release = lockModel(config, model.id);
  try {
    const listing = await client.listFiles(ref, commit);
    const files = selectModelFiles(listing);
    checkListing(name, commit, listing, files);
    const bytesTotal = files.reduce((sum, file) => sum + file.size, 0);
    options.log?.(`downloading ${name} (commit ${commit.slice(0, 12)}): ${files.length} files, ${formatBytes(bytesTotal)} → ${folder}`);
    let bytesBefore = 0;
    for (const [index, file] of files.entries()) {
      const report = (bytesDone: number) =>
        options.onProgress?.({ model: model.id, file: file.path, filesDone: index, files: files.length, bytesDone: bytesBefore + bytesDone, bytesTotal });
      report(0);
      await client.download(ref, commit, file.path, {
        destination: join(folder, file.path),
        expected: file.expected,
        size: file.size,
        onProgress: (progress) => report(progress.bytesDone),
      });
      bytesBefore += file.size;
    }
    options.onProgress?.({ model: model.id, file: '', filesDone: files.length, files: files.length, bytesDone: bytesTotal, bytesTotal });
    const record: HubModelRecord = {
      schemaVersion: 1,
      kind: 'ftdojo-hub-model',
      id: model.id,
      commit,
      revision: model.revision ?? null,
      endpoint: config.hub.endpoint,
      files: files.map((file) => ({ path: file.path, size: file.size, algorithm: file.expected.algorithm, hex: file.expected.hex })),
      bytes: bytesTotal,
      downloadedAt: new Date().toISOString(),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    await writeJsonAtomically(join(folder, HUB_MODEL_RECORD), record);
    return { path: folder, commit, downloaded: true, record };
  } finally {
    release();
  }
}

function checkListing(name: string, commit: string, listing: HubFile[], files: HubFile[]): void {
  const shown = listing
    .map((file) => file.path)
    .slice(0, 12)
    .join(', ');
  if (!files.some((file) => file.path === 'config.json') || !hasModelWeights(listing)) {
    throw new FtdojoError(
      'UNSUPPORTED',
      `${name} (commit ${commit.slice(0, 12)}) is not a transformers model: it needs config.json and safetensors or pytorch_model*.bin weights at its top level`,
      {
        hint: `it holds ${shown || 'no files'}; pick a repository with transformers weights (not GGUF or ONNX only), or pass a local model folder`,
        fault: 'user',
      },
    );
  }
}

function lockModel(config: RuntimeConfig, id: string): () => void {
  try {
    return acquireSetupLock(join(hubModelRoot(config, id), '.download.lock'), `the model ${id}`, 'MISSING_MODEL');
  } catch (error) {
    if (!isFtdojoError(error) || !error.retryable) throw error;
    throw new FtdojoError('MISSING_MODEL', `${error.message} (downloading it)`, {
      hint: 'wait for that download to finish, then run the command again: the model is then taken from the store',
      retryable: true,
      fault: 'environment',
    });
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}
