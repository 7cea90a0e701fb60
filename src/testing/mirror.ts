import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The offline data mirror for tests: FTDOJO_DATA_MIRROR, or ../shared/datasets beside the clone
 * (where this workplace and CI keep it). Null when neither exists, so data tests can say why
 * they are skipped instead of failing on a machine without the mirror.
 */
export function testMirror(): string | null {
  const candidates = [process.env.FTDOJO_DATA_MIRROR, resolve(process.cwd(), '../shared/datasets')].filter((value): value is string =>
    Boolean(value && value.trim()),
  );
  for (const candidate of candidates) {
    const path = resolve(candidate);
    if (existsSync(resolve(path, 'MANIFEST.tsv'))) return path;
  }
  return null;
}
