import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { sha256OfFile } from './file-hash-cache.js';

/** Where weight hashes are remembered (by path, size and mtime): hashing 500 MB costs seconds. */
export function hashCachePath(config: RuntimeConfig): string {
  return join(config.home, 'cache', 'weight-sha256.json');
}

/** What python/ftdojo_runtime/weight_hashes.py counts as weights. */
const WEIGHT_SUFFIXES = ['.safetensors', '.bin', '.pt', '.pth', '.gguf'];

function readCache(cacheFile: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(readFileSync(cacheFile, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * The sha256 of a model folder's weights exactly as weight_hashes.py computes it for evaluation
 * fingerprints (one file: its hash; shards: the hash of their sorted "name sha256" lines), and
 * sharing its cache file (keys "realpath|size|mtime_ns"): a model evaluation hashed is not hashed
 * again here, and the other way round. Null for a folder without weight files.
 */
export async function modelWeightsSha256(folder: string, cacheFile: string): Promise<string | null> {
  let names: string[];
  try {
    names = readdirSync(folder)
      .filter((name) => WEIGHT_SUFFIXES.some((suffix) => name.endsWith(suffix)) && !name.startsWith('training_args'))
      .filter((name) => statSync(join(folder, name)).isFile())
      .sort();
  } catch {
    return null;
  }
  if (!names.length) return null;
  const cache = readCache(cacheFile);
  let changed = false;
  const hashes: Array<[string, string]> = [];
  for (const name of names) {
    const real = realpathSync(join(folder, name));
    const stats = statSync(real, { bigint: true });
    const key = `${real}|${stats.size}|${stats.mtimeNs}`;
    let value = cache[key];
    if (typeof value !== 'string') {
      value = await sha256OfFile(real);
      cache[key] = value;
      changed = true;
    }
    hashes.push([name, value]);
  }
  if (changed) {
    // Re-read just before writing: an evaluation may have added entries meanwhile (a lost one is only hashed again).
    const merged = { ...readCache(cacheFile), ...cache };
    mkdirSync(dirname(cacheFile), { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(merged, Object.keys(merged).sort(), 1));
    renameSync(temporary, cacheFile);
  }
  if (hashes.length === 1) return hashes[0]![1];
  return createHash('sha256')
    .update(hashes.map(([name, value]) => `${name} ${value}\n`).join(''))
    .digest('hex');
}
