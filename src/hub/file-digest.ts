import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/**
 * What a file is checked against. The hub gives a sha256 for LFS files and a git blob sha1
 * (sha1 of "blob <size>\0" + bytes) for small files kept in git; the mirror's MANIFEST gives sha256.
 */
export type ExpectedDigest = { algorithm: 'sha256'; hex: string } | { algorithm: 'git-blob-sha1'; hex: string };

/** Hex digest of a file, streamed so that large files do not sit in memory. */
export async function digestFile(path: string, algorithm: ExpectedDigest['algorithm']): Promise<string> {
  const hash = createHash(algorithm === 'sha256' ? 'sha256' : 'sha1');
  if (algorithm === 'git-blob-sha1') hash.update(`blob ${(await stat(path)).size}\0`);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256File(path: string): Promise<string> {
  return digestFile(path, 'sha256');
}

export function describeDigest(expected: ExpectedDigest): string {
  return `${expected.algorithm} ${expected.hex}`;
}
