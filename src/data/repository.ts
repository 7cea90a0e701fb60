import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataConfig } from '../config/index.js';
import { FtdojoError } from '../core/index.js';
import { sha256File } from './file-digest.js';
import { createHubClient } from './hub/hub-client.js';
import { createHubSourceStore, type HubSourceStore } from './hub/hub-source-store.js';
import type { RetryOptions } from './hub/with-retry.js';
import { readMirrorManifest } from './mirror/mirror-manifest.js';
import { createMirrorVerifier, type MirrorVerifier } from './mirror/mirror-verifier.js';
import { readRows } from './readers/read-rows.js';
import { DATASET_SOURCES, findSource } from './sources/catalogue.js';
import type { DataRepository, DatasetFile, DatasetSource, FileProvenance, HubPin, ProgressListener, PullFileResult, PullReport } from './types.js';

export interface DataRepositoryOptions {
  /** The catalogue; the built-in one by default (tests pass their own). */
  sources?: readonly DatasetSource[];
  fetch?: typeof fetch;
  retry?: RetryOptions;
  timeoutMs?: number;
}

type HubTarget = { source: DatasetSource; pin: HubPin; file: DatasetFile & { hubPath: string } };

function findFile(source: DatasetSource, name: string): DatasetFile {
  const file = source.files.find((candidate) => candidate.name === name);
  if (file === undefined) {
    throw new FtdojoError('UNKNOWN_DATASET', `source ${source.id} has no file "${name}"`, {
      hint: `its files: ${source.files.map((candidate) => candidate.name).join(', ')}`,
    });
  }
  return file;
}

function hubOnlyError(source: DatasetSource, file: DatasetFile, mirror: string): FtdojoError {
  return new FtdojoError('MISSING_DATA', `${source.id}/${file.name} is hub-only: the offline mirror (${mirror}) does not have it`, {
    hint: `to get it, unset FTDOJO_DATA_MIRROR and run \`ftdojo data pull ${source.id}\` with network access (gated datasets also need HF_TOKEN)`,
    fault: 'environment',
  });
}

function mirrorOnlyError(source: DatasetSource, file: DatasetFile): FtdojoError {
  return new FtdojoError('MISSING_DATA', `${source.id}/${file.name} is only in the offline mirror: the hub copy is not part of the catalogue`, {
    hint: 'set FTDOJO_DATA_MIRROR to the mirror folder (the one holding MANIFEST.tsv) to read it',
    fault: 'environment',
  });
}

function hubTarget(source: DatasetSource, file: DatasetFile): HubTarget | null {
  return source.hub !== null && file.hubPath !== null ? { source, pin: source.hub, file: { ...file, hubPath: file.hubPath } } : null;
}

/**
 * The raw-data repository. With `config.mirror` set it reads the offline mirror, checking every
 * file against the mirror's MANIFEST.tsv; otherwise it reads pinned hub revisions through the
 * cache, downloading what is missing. One catalogue and one reader serve both.
 */
export function createDataRepository(config: DataConfig, options: DataRepositoryOptions = {}): DataRepository {
  const sources = options.sources ?? DATASET_SOURCES;
  const mirror = config.mirror;
  const client = createHubClient({
    endpoint: config.hubEndpoint,
    token: config.hubToken,
    cacheDir: config.cacheDir,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const hub: HubSourceStore = createHubSourceStore(client);
  let verifier: Promise<MirrorVerifier> | undefined;

  function mirrorVerifier(root: string): Promise<MirrorVerifier> {
    if (verifier === undefined) {
      verifier = readMirrorManifest(root).then((manifest) => createMirrorVerifier(root, manifest));
      // A manifest that failed to load is read again next time (the user may have fixed it).
      verifier.catch(() => (verifier = undefined));
    }
    return verifier;
  }

  function locate(sourceId: string, fileName: string): { source: DatasetSource; file: DatasetFile } {
    const source = findSource(sources, sourceId);
    return { source, file: findFile(source, fileName) };
  }

  async function resolveFile(source: DatasetSource, file: DatasetFile): Promise<string> {
    if (mirror !== null) {
      if (file.mirrorPath === null) throw hubOnlyError(source, file, mirror);
      return (await (await mirrorVerifier(mirror)).verify(file.mirrorPath)).path;
    }
    const target = hubTarget(source, file);
    if (target === null) throw mirrorOnlyError(source, file);
    return (await hub.fetch(target)).path;
  }

  async function pullMirror(source: DatasetSource, root: string): Promise<PullReport> {
    const check = await mirrorVerifier(root);
    const files: PullFileResult[] = [];
    for (const file of source.files) {
      if (file.mirrorPath === null) {
        files.push({ name: file.name, status: 'hub-only', reason: hubOnlyError(source, file, root).message });
        continue;
      }
      files.push({ name: file.name, status: 'verified', path: (await check.verify(file.mirrorPath)).path });
    }
    const verified = files.filter((file) => file.status === 'verified').length;
    const hubOnly = files.length - verified;
    const summary =
      `mirror mode: verified ${verified} file(s) of ${source.id} against MANIFEST.tsv in ${root}; nothing was downloaded` +
      (hubOnly > 0 ? `. ${hubOnly} file(s) are hub-only: unset FTDOJO_DATA_MIRROR and run \`ftdojo data pull ${source.id}\` online to fetch them` : '');
    return { sourceId: source.id, mode: 'mirror', files, summary };
  }

  async function pullHub(source: DatasetSource, onProgress?: ProgressListener): Promise<PullReport> {
    const targets = source.files.map((file) => ({ file, target: hubTarget(source, file) }));
    const wanted = targets.flatMap(({ target }) => (target === null ? [] : [target]));
    let hubCommit: string | undefined;
    // Check the whole layout before downloading anything, unless every file is already cached.
    if (source.hub !== null && wanted.some((target) => hub.localPath(target) === null)) {
      hubCommit = (
        await hub.checkLayout(
          source,
          source.hub,
          wanted.map((target) => target.file.hubPath),
        )
      ).commit;
    }
    const files: PullFileResult[] = [];
    for (const { file, target } of targets) {
      if (target === null) {
        files.push({ name: file.name, status: 'mirror-only', reason: mirrorOnlyError(source, file).message });
        continue;
      }
      const result = await hub.fetch(target, onProgress);
      hubCommit ??= result.commit;
      files.push({ name: file.name, status: result.downloaded ? 'downloaded' : 'cached', path: result.path });
    }
    const count = (status: PullFileResult['status']) => files.filter((file) => file.status === status).length;
    const summary =
      source.hub === null
        ? `${source.id} is only in the offline mirror: set FTDOJO_DATA_MIRROR to read it; nothing was downloaded`
        : `hub mode: ${source.hub.repo}@${hubCommit?.slice(0, 12) ?? source.hub.revision}: ${count('downloaded')} file(s) downloaded, ` +
          `${count('cached')} already cached` +
          (count('mirror-only') > 0 ? `, ${count('mirror-only')} only in the offline mirror (set FTDOJO_DATA_MIRROR to read them)` : '');
    return { sourceId: source.id, mode: 'hub', ...(hubCommit ? { hubCommit } : {}), files, summary };
  }

  return {
    mode: mirror !== null ? 'mirror' : 'hub',
    root: mirror ?? client.cache.root,
    sources: () => [...sources],
    source: (id) => findSource(sources, id),

    hasLocal(sourceId, fileName) {
      const { source, file } = locate(sourceId, fileName);
      if (mirror !== null) return file.mirrorPath !== null && existsSync(join(mirror, file.mirrorPath));
      const target = hubTarget(source, file);
      return target !== null && hub.localPath(target) !== null;
    },

    async resolve(sourceId, fileName) {
      const { source, file } = locate(sourceId, fileName);
      return resolveFile(source, file);
    },

    async readRows(sourceId, fileName) {
      const { source, file } = locate(sourceId, fileName);
      return readRows(await resolveFile(source, file), file.format);
    },

    async provenance(sourceId, fileName): Promise<FileProvenance> {
      const { source, file } = locate(sourceId, fileName);
      if (mirror !== null) {
        if (file.mirrorPath === null) throw hubOnlyError(source, file, mirror);
        const { path, entry } = await (await mirrorVerifier(mirror)).verify(file.mirrorPath);
        return {
          readFrom: 'mirror',
          path,
          bytes: entry.bytes,
          sha256: entry.sha256,
          rows: entry.rows,
          origin: { repo: entry.repo, commit: entry.commit, sourcePath: entry.sourcePath },
        };
      }
      const target = hubTarget(source, file);
      if (target === null) throw mirrorOnlyError(source, file);
      const local = hub.localPath(target);
      if (local === null) {
        throw new FtdojoError('MISSING_DATA', `${source.id}/${file.name} has not been downloaded yet`, {
          hint: `run \`ftdojo data pull ${source.id}\``,
          fault: 'user',
        });
      }
      return {
        readFrom: 'hub-cache',
        path: local.path,
        bytes: (await stat(local.path)).size,
        sha256: await sha256File(local.path),
        hub: { repo: target.pin.repo, commit: local.commit, path: target.file.hubPath },
      };
    },

    async pull(sourceId, pullOptions = {}) {
      const source = findSource(sources, sourceId);
      return mirror !== null ? pullMirror(source, mirror) : pullHub(source, pullOptions.onProgress);
    },
  };
}
