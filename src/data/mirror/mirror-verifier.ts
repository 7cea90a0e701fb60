import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FtdojoError } from '../../core/index.js';
import { sha256File } from '../../hub/index.js';
import type { ManifestEntry, MirrorManifest } from './mirror-manifest.js';

export interface VerifiedMirrorFile {
  path: string;
  entry: ManifestEntry;
}

const REFETCH_HINT =
  "restore the file from the mirror's source (MANIFEST.tsv names the repository and commit), or unset FTDOJO_DATA_MIRROR to download from the hub";

/**
 * Checks mirror files against MANIFEST.tsv: size first (cheap), then sha256. A file is hashed
 * once per process; it is hashed again only if its size or modification time changes.
 */
export function createMirrorVerifier(mirrorRoot: string, manifest: MirrorManifest) {
  const verified = new Map<string, Promise<void>>();

  async function check(path: string, entry: ManifestEntry, size: number): Promise<void> {
    if (size !== entry.bytes) {
      throw new FtdojoError('CHECKSUM_MISMATCH', `${path} has ${size} bytes; the mirror's MANIFEST.tsv says ${entry.bytes}`, {
        hint: REFETCH_HINT,
        fault: 'environment',
      });
    }
    const actual = await sha256File(path);
    if (actual !== entry.sha256) {
      throw new FtdojoError('CHECKSUM_MISMATCH', `${path} has sha256 ${actual}; the mirror's MANIFEST.tsv says ${entry.sha256}`, {
        hint: REFETCH_HINT,
        fault: 'environment',
      });
    }
  }

  return {
    entry(relativePath: string): ManifestEntry | undefined {
      return manifest.get(relativePath);
    },
    async verify(relativePath: string): Promise<VerifiedMirrorFile> {
      const entry = manifest.get(relativePath);
      if (entry === undefined) {
        throw new FtdojoError('MISSING_DATA', `the mirror's MANIFEST.tsv (in ${mirrorRoot}) does not list ${relativePath}`, {
          hint: 'the mirror is older or newer than this catalogue: update the mirror, or unset FTDOJO_DATA_MIRROR to download from the hub',
          fault: 'environment',
        });
      }
      const path = join(mirrorRoot, relativePath);
      let info;
      try {
        info = await stat(path);
      } catch (cause) {
        throw new FtdojoError('MISSING_DATA', `${path} is listed in the mirror's MANIFEST.tsv but is not there`, {
          hint: REFETCH_HINT,
          fault: 'environment',
          cause,
        });
      }
      const key = `${path}\0${info.size}\0${info.mtimeMs}`;
      let pending = verified.get(key);
      if (pending === undefined) {
        pending = check(path, entry, info.size);
        verified.set(key, pending);
        // A failed check is not remembered: the user may fix the file and try again in the same process.
        pending.catch(() => verified.delete(key));
      }
      await pending;
      return { path, entry };
    },
  };
}

export type MirrorVerifier = ReturnType<typeof createMirrorVerifier>;
