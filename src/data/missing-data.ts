import { FtdojoError } from '../core/index.js';
import { fileLabel, type FileRoute } from './file-route.js';

/** The command that fetches every file of these sources (what the error's hint tells the user to run). */
export function pullCommandFor(routes: readonly FileRoute[]): string {
  return `ftdojo data pull ${[...new Set(routes.map((route) => route.source.id))].join(' ')}`;
}

export interface OfflineContext {
  /** Why the hub cannot be asked: "the hub is switched off (HF_HUB_OFFLINE=1)" or "the hub at ... does not answer: ...". */
  reason: string;
  /** True when a setting switched the hub off; false when it did not answer. */
  configured: boolean;
  endpoint: string;
  cacheRoot: string;
}

/**
 * MISSING_DATA for a request whose files are not all here while the hub cannot be asked. It names
 * every missing file of the request, not just the first, and the one command that fetches them.
 */
export function offlineMissingError(
  missing: readonly FileRoute[],
  unavailable: readonly FileRoute[],
  context: OfflineContext,
  fetchCommand: string = pullCommandFor([...missing, ...unavailable]),
): FtdojoError {
  const parts = [`${missing.length} file(s) are not here: ${missing.map(fileLabel).join(', ')}. They come from the hub, and ${context.reason}`];
  if (unavailable.length > 0) {
    parts.push(
      `Also not readable here: ${unavailable.map((route) => `${fileLabel(route)} (${route.from === 'none' ? route.error.message : 'missing'})`).join('; ')}`,
    );
  }
  const how = context.configured
    ? `switch the hub on (unset FTDOJO_DATA_OFFLINE and HF_HUB_OFFLINE) and run \`${fetchCommand}\``
    : `check the network and HF_ENDPOINT (${context.endpoint}), then run \`${fetchCommand}\``;
  return new FtdojoError('MISSING_DATA', parts.join('. '), {
    hint: `${how}: it downloads them at their pinned revisions into ${context.cacheRoot} (resuming partial files), after which they are read offline`,
    fault: 'environment',
  });
}
