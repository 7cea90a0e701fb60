import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readMirrorManifestSync, type ManifestEntry, type MirrorManifest } from './mirror-manifest.js';
import { createMirrorVerifier, type MirrorVerifier, type VerifiedMirrorFile } from './mirror-verifier.js';

/** The offline mirror as the repository sees it: which files it holds, and each one checked before it is read. */
export interface MirrorStore {
  readonly root: string;
  /** The manifest's entry for a path: the mirror holds that file (at the revision the entry names), or undefined. */
  entry(relativePath: string): ManifestEntry | undefined;
  /** Listed in MANIFEST.tsv and on disk (not hashed yet: `verify` does that). */
  present(relativePath: string): boolean;
  /** The file's path once its size and sha256 match MANIFEST.tsv; MISSING_DATA or CHECKSUM_MISMATCH otherwise. */
  verify(relativePath: string): Promise<VerifiedMirrorFile>;
}

/**
 * Reads MANIFEST.tsv once, on first use. A manifest that failed to load is read again next time
 * (the user may have fixed it in the meantime).
 */
export function createMirrorStore(root: string): MirrorStore {
  let loaded: { manifest: MirrorManifest; verifier: MirrorVerifier } | undefined;

  function load(): { manifest: MirrorManifest; verifier: MirrorVerifier } {
    if (loaded === undefined) {
      const manifest = readMirrorManifestSync(root);
      loaded = { manifest, verifier: createMirrorVerifier(root, manifest) };
    }
    return loaded;
  }

  return {
    root,
    entry: (relativePath) => load().manifest.get(relativePath),
    present: (relativePath) => load().manifest.has(relativePath) && existsSync(join(root, relativePath)),
    verify: async (relativePath) => load().verifier.verify(relativePath),
  };
}
