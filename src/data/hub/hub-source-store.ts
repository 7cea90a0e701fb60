import { existsSync } from 'node:fs';
import { FtdojoError } from '../../core/index.js';
import type { DatasetFile, DatasetSource, HubPin, ProgressListener } from '../types.js';
import type { HubClient, HubFile } from '../../hub/index.js';

/** A file of a source that the hub serves: the source's pin and the file's path in the repository. */
export interface HubTarget {
  source: DatasetSource;
  pin: HubPin;
  file: DatasetFile & { hubPath: string };
}

const LISTED_PATHS = 20;

/**
 * The hub side of the repository: files of a source at its pinned revision, cache first. The pin is
 * resolved (and the revision's file list fetched) at most once per source per process.
 */
export function createHubSourceStore(client: HubClient) {
  const commits = new Map<string, Promise<string>>();
  const listings = new Map<string, Promise<Map<string, HubFile>>>();

  const refOf = (pin: HubPin) => ({ repo: pin.repo, repoType: pin.repoType });

  function commitFor(pin: HubPin): Promise<string> {
    const key = `${pin.repoType}:${pin.repo}@${pin.revision}`;
    let pending = commits.get(key);
    if (pending === undefined) {
      pending = client.resolveRevision(refOf(pin), pin.revision).then(async (commit) => {
        await client.cache.writeRef(refOf(pin), pin.revision, commit);
        return commit;
      });
      commits.set(key, pending);
      pending.catch(() => commits.delete(key));
    }
    return pending;
  }

  function listingFor(pin: HubPin, commit: string): Promise<Map<string, HubFile>> {
    const key = `${pin.repoType}:${pin.repo}@${commit}`;
    let pending = listings.get(key);
    if (pending === undefined) {
      pending = client.listFiles(refOf(pin), commit).then((files) => new Map(files.map((file) => [file.path, file])));
      listings.set(key, pending);
      pending.catch(() => listings.delete(key));
    }
    return pending;
  }

  function missingPaths(target: { source: DatasetSource; pin: HubPin }, commit: string, missing: string[], listing: Map<string, HubFile>): FtdojoError {
    const present = [...listing.keys()].sort();
    const shown = present.slice(0, LISTED_PATHS).join(', ') + (present.length > LISTED_PATHS ? `, ... (${present.length} files)` : '');
    return new FtdojoError('MISSING_DATA', `${target.pin.repo}@${commit.slice(0, 12)} has no ${missing.join(', ')} (source ${target.source.id})`, {
      hint: `the catalogue's hub paths do not match this revision; it holds: ${shown || 'no files'}. Fix the hubPath entries in src/data/sources`,
      fault: 'internal',
    });
  }

  /**
   * The cached copy, when this pin was resolved before and the file downloaded; never asks the hub.
   * A file reaches that path only after its hash was checked (downloads are renamed into place once verified).
   */
  function localPath(target: HubTarget): { path: string; commit: string } | null {
    const commit = client.cache.readRef(refOf(target.pin), target.pin.revision);
    if (commit === null) return null;
    const path = client.cache.filePath(refOf(target.pin), commit, target.file.hubPath);
    return existsSync(path) ? { path, commit } : null;
  }

  async function checkLayout(source: DatasetSource, pin: HubPin, paths: string[]): Promise<{ commit: string; listing: Map<string, HubFile> }> {
    const commit = await commitFor(pin);
    const listing = await listingFor(pin, commit);
    const missing = paths.filter((path) => !listing.has(path));
    if (missing.length > 0) throw missingPaths({ source, pin }, commit, missing, listing);
    return { commit, listing };
  }

  return {
    localPath,

    /** Resolves the pin and checks that every given path exists at that revision, before any download. */
    checkLayout,

    /** The file from the cache, or downloaded (verified against the catalogue's or the hub's hash). */
    async fetch(target: HubTarget, onProgress?: ProgressListener): Promise<{ path: string; downloaded: boolean; commit: string }> {
      const cached = localPath(target);
      if (cached !== null) return { ...cached, downloaded: false };
      const { commit, listing } = await checkLayout(target.source, target.pin, [target.file.hubPath]);
      const entry = listing.get(target.file.hubPath)!;
      const expected = target.file.sha256 ? { algorithm: 'sha256' as const, hex: target.file.sha256 } : entry.expected;
      const path = await client.download(refOf(target.pin), commit, target.file.hubPath, {
        expected,
        size: entry.size,
        onProgress: onProgress && ((progress) => onProgress({ ...progress, sourceId: target.source.id, file: target.file.name })),
      });
      return { path, downloaded: true, commit };
    },
  };
}

export type HubSourceStore = ReturnType<typeof createHubSourceStore>;
