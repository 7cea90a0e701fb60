import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Bytes a directory tree occupies on disk (allocated blocks, so a sparse file counts what it
 * really uses), without following symlinks. Stops counting once past `stopAbove`: the caller only
 * needs to know the limit is exceeded. Entries that vanish during the walk are skipped.
 */
export async function directoryUsage(root: string, stopAbove = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  const pending = [root];
  while (pending.length > 0 && total <= stopAbove) {
    const dir = pending.pop()!;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      try {
        const stat = await lstat(path);
        total += stat.blocks * 512;
        if (stat.isDirectory()) pending.push(path);
      } catch {
        // removed meanwhile
      }
      if (total > stopAbove) break;
    }
  }
  return total;
}
