import { stat } from 'node:fs/promises';
import type { DataConfig } from '../config/index.js';
import { FtdojoError } from '../core/index.js';
import { createHubClient, sha256File, type RetryOptions } from '../hub/index.js';
import { createFileAccess } from './file-access.js';
import { routeFile, type FileRoute } from './file-route.js';
import { createHubReachability } from './hub/hub-reachability.js';
import { createHubSourceStore } from './hub/hub-source-store.js';
import { createMirrorStore } from './mirror/mirror-store.js';
import { pullRoutes, uniqueRoutes } from './pull-files.js';
import { readRows } from './readers/read-rows.js';
import { DATASET_SOURCES, findSource } from './sources/catalogue.js';
import type { DataRepository, DatasetFile, DatasetSource, FileLocation, FileProvenance, RepositoryMode } from './types.js';

export interface DataRepositoryOptions {
  /** The catalogue; the built-in one by default (tests pass their own). */
  sources?: readonly DatasetSource[];
  fetch?: typeof fetch;
  retry?: RetryOptions;
  timeoutMs?: number;
  /** Longest wait for the hub to answer the "are you there?" probe made before the first download. */
  probeTimeoutMs?: number;
}

function findFile(source: DatasetSource, name: string): DatasetFile {
  const file = source.files.find((candidate) => candidate.name === name);
  if (file === undefined) {
    throw new FtdojoError('UNKNOWN_DATASET', `source ${source.id} has no file "${name}"`, {
      hint: `its files: ${source.files.map((candidate) => candidate.name).join(', ')}`,
    });
  }
  return file;
}

function modeOf(config: DataConfig): RepositoryMode {
  if (config.mirror === null) return 'hub';
  return config.offline === null ? 'mixed' : 'mirror';
}

/**
 * The raw-data repository. Each file is read from the offline mirror when one is configured and
 * its MANIFEST.tsv lists the file (checked against the manifest's sha256), and from the hub
 * otherwise: the cache first, then a download at the pinned revision checked against the hub's
 * hash, when the hub answers. One catalogue, one access path and one reader serve both.
 */
export function createDataRepository(config: DataConfig, options: DataRepositoryOptions = {}): DataRepository {
  const sources = options.sources ?? DATASET_SOURCES;
  const mode = modeOf(config);
  const mirror = config.mirror === null ? null : createMirrorStore(config.mirror);
  const client = createHubClient({
    endpoint: config.hubEndpoint,
    token: config.hubToken,
    cacheDir: config.cacheDir,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const hub = createHubSourceStore(client);
  const reachability = createHubReachability({
    endpoint: config.hubEndpoint,
    offline: config.offline,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.probeTimeoutMs ? { timeoutMs: options.probeTimeoutMs } : {}),
  });
  const access = createFileAccess({ mirror, hub, reachability, endpoint: config.hubEndpoint, cacheRoot: client.cache.root });

  function route(sourceId: string, fileName: string): FileRoute {
    const source = findSource(sources, sourceId);
    return routeFile(source, findFile(source, fileName), mirror);
  }

  async function resolve(sourceId: string, fileName: string): Promise<string> {
    return (await access.obtain(route(sourceId, fileName))).path;
  }

  async function provenance(sourceId: string, fileName: string): Promise<FileProvenance> {
    const routed = route(sourceId, fileName);
    if (routed.from === 'none') throw routed.error;
    if (routed.from === 'mirror') {
      const { path, entry } = await mirror!.verify(routed.mirrorPath);
      return {
        readFrom: 'mirror',
        path,
        bytes: entry.bytes,
        sha256: entry.sha256,
        rows: entry.rows,
        origin: { repo: entry.repo, commit: entry.commit, sourcePath: entry.sourcePath },
      };
    }
    const local = access.hubLocal(routed);
    if (local === null) {
      throw new FtdojoError('MISSING_DATA', `${sourceId}/${fileName} comes from the hub and has not been downloaded yet`, {
        hint: `run \`ftdojo data pull ${sourceId}\``,
        fault: 'user',
      });
    }
    return {
      readFrom: 'hub-cache',
      path: local.path,
      bytes: (await stat(local.path)).size,
      sha256: await sha256File(local.path),
      hub: { repo: routed.target.pin.repo, commit: local.commit, path: routed.target.file.hubPath },
    };
  }

  return {
    mode,
    mirror: config.mirror,
    cacheRoot: client.cache.root,
    hubEndpoint: config.hubEndpoint,
    offline: config.offline,
    sources: () => [...sources],
    source: (id) => findSource(sources, id),

    locate(sourceId, fileName): FileLocation {
      const routed = route(sourceId, fileName);
      const base = { sourceId, name: fileName };
      if (routed.from === 'none') return { ...base, from: null, local: false, reason: `${routed.error.message}: ${routed.error.hint ?? ''}`.trim() };
      return { ...base, from: routed.from, local: access.isLocal(routed) };
    },

    hasLocal: (sourceId, fileName) => access.isLocal(route(sourceId, fileName)),
    resolve,
    provenance,

    async readRows(sourceId, fileName) {
      const routed = route(sourceId, fileName);
      return readRows((await access.obtain(routed)).path, routed.file.format);
    },

    async pull(sourceId, pullOptions = {}) {
      const source = findSource(sources, sourceId);
      return pullRoutes(
        source.files.map((file) => routeFile(source, file, mirror)),
        access,
        hub,
        mode,
        pullOptions,
      );
    },

    async pullFiles(requests, pullOptions = {}) {
      const routes = uniqueRoutes(requests.map((request) => route(request.sourceId, request.fileName)));
      return pullRoutes(routes, access, hub, mode, pullOptions);
    },
  };
}
