import type { FileAccess } from './file-access.js';
import { fileLabel, type FileRoute } from './file-route.js';
import type { HubSourceStore } from './hub/hub-source-store.js';
import { offlineMissingError } from './missing-data.js';
import type { PullFileResult, PullOptions, PullReport, RepositoryMode } from './types.js';

type HubRoute = Extract<FileRoute, { from: 'hub' }>;

function countLine(files: readonly PullFileResult[]): string {
  const count = (status: PullFileResult['status']) => files.filter((file) => file.status === status).length;
  const parts = [
    `${count('verified')} file(s) verified in the mirror`,
    `${count('downloaded')} downloaded from the hub`,
    `${count('cached')} already in the hub cache`,
  ];
  const missing = count('mirror-only') + count('unavailable');
  if (missing > 0) parts.push(`${missing} not available here (see each file)`);
  return parts.join(', ');
}

function summarise(files: readonly PullFileResult[], hub: PullReport['hub']): string {
  const pins = hub.map((entry) => `${entry.repo}@${entry.commit.slice(0, 12)}`);
  return countLine(files) + (pins.length > 0 ? `; hub revisions ${pins.join(', ')}` : '');
}

function skipped(route: Extract<FileRoute, { from: 'none' }>): PullFileResult {
  return {
    sourceId: route.source.id,
    name: route.file.name,
    from: null,
    status: route.status,
    reason: `${route.error.message}: ${route.error.hint ?? ''}`.trim(),
  };
}

/**
 * Pulls routed files: a pure plan first (what is local, what must come from the hub), then the
 * checks that can fail before any byte moves (offline with files missing; the hub's listing lacks
 * a declared path), then each file in request order through the same access code reads use.
 */
export async function pullRoutes(
  routes: readonly FileRoute[],
  access: FileAccess,
  hub: HubSourceStore,
  mode: RepositoryMode,
  options: PullOptions = {},
): Promise<PullReport> {
  const toDownload = routes.filter((route): route is HubRoute => route.from === 'hub' && access.hubLocal(route) === null);
  const commits = new Map<string, { sourceId: string; repo: string; commit: string }>();
  if (toDownload.length > 0) {
    const availability = await access.availability();
    if (!availability.online) {
      const unavailable = routes.filter((route) => route.from === 'none');
      throw offlineMissingError(toDownload, unavailable, access.offlineContext(availability), options.fetchCommand);
    }
    // One listing per source: every declared path must exist at the revision before anything downloads.
    const bySource = new Map<string, HubRoute[]>();
    for (const route of toDownload) bySource.set(route.source.id, [...(bySource.get(route.source.id) ?? []), route]);
    for (const [sourceId, group] of bySource) {
      const { source, target } = group[0]!;
      const { commit } = await hub.checkLayout(
        source,
        target.pin,
        group.map((route) => route.target.file.hubPath),
      );
      commits.set(sourceId, { sourceId, repo: target.pin.repo, commit });
    }
  }

  const files: PullFileResult[] = [];
  for (const route of routes) {
    let result: PullFileResult;
    if (route.from === 'none') {
      result = skipped(route);
    } else {
      const obtained = await access.obtain(route, { onProgress: options.onProgress, fetchCommand: options.fetchCommand });
      result = { sourceId: route.source.id, name: route.file.name, from: route.from, status: obtained.status, path: obtained.path };
      if (route.from === 'hub' && obtained.commit !== undefined && !commits.has(route.source.id)) {
        commits.set(route.source.id, { sourceId: route.source.id, repo: route.target.pin.repo, commit: obtained.commit });
      }
    }
    files.push(result);
    options.onFile?.(result);
  }
  const hubCommits = [...commits.values()];
  return { sources: [...new Set(routes.map((route) => route.source.id))], mode, hub: hubCommits, files, summary: summarise(files, hubCommits) };
}

/** Files named twice in one request are pulled once. */
export function uniqueRoutes(routes: readonly FileRoute[]): FileRoute[] {
  const seen = new Set<string>();
  return routes.filter((route) => {
    const key = fileLabel(route);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
