import type { DatasetFile, FileFormat, TextFields } from '../types.js';

/** A file only the offline mirror has (copied from a public repository that is not on the hub). */
export function mirrorFile(name: string, format: FileFormat, mirrorPath: string, text?: TextFields): DatasetFile {
  return { name, format, hubPath: null, mirrorPath, ...(text ? { text } : {}) };
}

/** A file only the hub has at the pinned revision. */
export function hubFile(name: string, format: FileFormat, hubPath: string, text?: TextFields): DatasetFile {
  return { name, format, hubPath, mirrorPath: null, ...(text ? { text } : {}) };
}

/** A file both serve; the mirror's copy is checked against MANIFEST.tsv, the hub's against its LFS hash. */
export function sharedFile(name: string, format: FileFormat, hubPath: string, mirrorPath: string, text?: TextFields): DatasetFile {
  return { name, format, hubPath, mirrorPath, ...(text ? { text } : {}) };
}

/** The note every prefix pin carries: how a short pin becomes a checked full commit. */
export const PREFIX_PIN_NOTE =
  'a revision prefix: at pull time the hub resolves it to the full commit, which must start with this prefix (else the pull is refused); the full hash is then recorded in the cache';
