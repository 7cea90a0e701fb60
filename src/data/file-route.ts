import { FtdojoError } from '../core/index.js';
import type { HubTarget } from './hub/hub-source-store.js';
import type { MirrorStore } from './mirror/mirror-store.js';
import type { DatasetFile, DatasetSource } from './types.js';

/**
 * Where one file is read from, decided per file: the mirror when one is configured and its
 * MANIFEST.tsv lists the file, else the hub at the source's pinned revision (cache first), else
 * nowhere (with the reason as the error to throw when someone asks for it).
 */
export type FileRoute =
  | { from: 'mirror'; source: DatasetSource; file: DatasetFile; mirrorPath: string }
  | { from: 'hub'; source: DatasetSource; file: DatasetFile; target: HubTarget }
  | { from: 'none'; source: DatasetSource; file: DatasetFile; status: 'mirror-only' | 'unavailable'; error: FtdojoError };

/** "source/file", the way every message names a file. */
export const fileLabel = (route: { source: DatasetSource; file: DatasetFile }): string => `${route.source.id}/${route.file.name}`;

export function hubTarget(source: DatasetSource, file: DatasetFile): HubTarget | null {
  return source.hub !== null && file.hubPath !== null ? { source, pin: source.hub, file: { ...file, hubPath: file.hubPath } } : null;
}

function nowhere(source: DatasetSource, file: DatasetFile, mirror: MirrorStore | null): FileRoute {
  const label = `${source.id}/${file.name}`;
  if (file.mirrorPath !== null && mirror === null) {
    return {
      from: 'none',
      source,
      file,
      status: 'mirror-only',
      error: new FtdojoError('MISSING_DATA', `${label} is only in the offline mirror, and no mirror is set`, {
        hint: 'set FTDOJO_DATA_MIRROR (or --mirror) to the mirror folder, the one holding MANIFEST.tsv, to read it',
        fault: 'environment',
      }),
    };
  }
  if (file.mirrorPath !== null && mirror !== null) {
    return {
      from: 'none',
      source,
      file,
      status: 'unavailable',
      error: new FtdojoError(
        'MISSING_DATA',
        `the mirror's MANIFEST.tsv (in ${mirror.root}) does not list ${file.mirrorPath} (${label}), and the hub has no copy of it`,
        {
          hint: 'the mirror is older or newer than this catalogue: use the mirror this version of ftdojo was built against',
          fault: 'environment',
        },
      ),
    };
  }
  return {
    from: 'none',
    source,
    file,
    status: 'unavailable',
    error: new FtdojoError('INTERNAL', `${label} has neither a hub path nor a mirror path in the catalogue`, {
      hint: 'fix its entry in src/data/sources',
    }),
  };
}

/** Decides where a file comes from. Reads MANIFEST.tsv (once) but never the network. */
export function routeFile(source: DatasetSource, file: DatasetFile, mirror: MirrorStore | null): FileRoute {
  if (mirror !== null && file.mirrorPath !== null && mirror.entry(file.mirrorPath) !== undefined) {
    return { from: 'mirror', source, file, mirrorPath: file.mirrorPath };
  }
  const target = hubTarget(source, file);
  if (target !== null) return { from: 'hub', source, file, target };
  return nowhere(source, file, mirror);
}
