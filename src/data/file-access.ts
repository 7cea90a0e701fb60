import type { HubAvailability, HubReachability } from './hub/hub-reachability.js';
import type { HubSourceStore } from './hub/hub-source-store.js';
import type { MirrorStore } from './mirror/mirror-store.js';
import type { FileRoute } from './file-route.js';
import { offlineMissingError, type OfflineContext } from './missing-data.js';
import type { ProgressListener } from './types.js';

export interface FileAccessDeps {
  mirror: MirrorStore | null;
  hub: HubSourceStore;
  reachability: HubReachability;
  endpoint: string;
  cacheRoot: string;
}

/** A file ready to read, and how it got here. */
export interface ObtainedFile {
  path: string;
  status: 'verified' | 'cached' | 'downloaded';
  /** The hub commit, for hub files. */
  commit?: string;
}

export interface ObtainOptions {
  onProgress?: ProgressListener | undefined;
  /** The command the offline error tells the user to run; `ftdojo data pull <source>` by default. */
  fetchCommand?: string | undefined;
}

/**
 * The one code path every read and every pull goes through, whichever side serves a file: the
 * mirror's copy checked against MANIFEST.tsv, or the hub's from the cache, downloaded at the
 * pinned revision (and checked against the hub's hash) when it is not there and the hub answers.
 */
export function createFileAccess(deps: FileAccessDeps) {
  const { mirror, hub } = deps;

  function offlineContext(availability: Extract<HubAvailability, { online: false }>): OfflineContext {
    return { reason: availability.reason, configured: availability.configured, endpoint: deps.endpoint, cacheRoot: deps.cacheRoot };
  }

  return {
    offlineContext,

    availability: (): Promise<HubAvailability> => deps.reachability.check(),

    /** The cached hub copy of a hub-routed file, or null; never asks the hub. */
    hubLocal(route: Extract<FileRoute, { from: 'hub' }>): { path: string; commit: string } | null {
      return hub.localPath(route.target);
    },

    /** True when the file can be read without the network (a mirror file present, a hub file cached). */
    isLocal(route: FileRoute): boolean {
      if (route.from === 'mirror') return mirror !== null && mirror.present(route.mirrorPath);
      if (route.from === 'hub') return hub.localPath(route.target) !== null;
      return false;
    },

    async obtain(route: FileRoute, options: ObtainOptions = {}): Promise<ObtainedFile> {
      if (route.from === 'none') throw route.error;
      if (route.from === 'mirror') return { path: (await mirror!.verify(route.mirrorPath)).path, status: 'verified' };
      const cached = hub.localPath(route.target);
      if (cached !== null) return { ...cached, status: 'cached' };
      const availability = await deps.reachability.check();
      if (!availability.online) throw offlineMissingError([route], [], offlineContext(availability), options.fetchCommand);
      const fetched = await hub.fetch(route.target, options.onProgress);
      return { path: fetched.path, commit: fetched.commit, status: fetched.downloaded ? 'downloaded' : 'cached' };
    },
  };
}

export type FileAccess = ReturnType<typeof createFileAccess>;
