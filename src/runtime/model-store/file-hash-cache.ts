import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const CacheSchema = z.object({ path: z.string(), size: z.number(), mtimeMs: z.number(), sha256: z.string() });
type CacheEntry = z.infer<typeof CacheSchema>;

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function readEntry(cacheFile: string): CacheEntry | null {
  try {
    const parsed = CacheSchema.safeParse(JSON.parse(readFileSync(cacheFile, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The sha256 of a file, remembered in `cacheFile` by path, size and mtime: the 100 MB GGUF is
 * hashed once, and every later `ftdojo setup` only stats it.
 */
export async function cachedSha256(path: string, cacheFile: string): Promise<{ sha256: string; cached: boolean }> {
  const stats = statSync(path);
  const entry = readEntry(cacheFile);
  if (entry && entry.path === path && entry.size === stats.size && entry.mtimeMs === stats.mtimeMs) return { sha256: entry.sha256, cached: true };
  const sha256 = await sha256OfFile(path);
  mkdirSync(dirname(cacheFile), { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ path, size: stats.size, mtimeMs: stats.mtimeMs, sha256 } satisfies CacheEntry)}\n`);
  renameSync(temporary, cacheFile);
  return { sha256, cached: false };
}
