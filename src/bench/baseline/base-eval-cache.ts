import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Sample } from '../../core/index.js';

/**
 * The base model's generations do not change between baseline runs of the same task, profile and
 * split: same weights, same prompts, greedy decoding. They are kept under
 * <home>/cache/baseline-base-eval/<key>/generation and copied into a new run's evaluation folder,
 * where the local backend resumes from them (it checks that its settings match, and generates
 * anything missing). The key covers the prompts and the weights file's size and time, so a
 * changed task or a re-converted model misses the cache.
 */
export function baseEvalCacheDir(
  home: string,
  parts: { task: string; profile: string; split: string; limit: number | null; modelPath: string; samples: readonly Sample[] },
): string {
  const hash = createHash('sha256');
  for (const sample of parts.samples) hash.update(`${sample.id}\u0000${sample.prompt}\u0000`);
  const weights = join(parts.modelPath, 'model.safetensors');
  const stamp = existsSync(weights) ? `${statSync(weights).size}:${statSync(weights).mtimeMs}` : parts.modelPath;
  hash.update(`${parts.modelPath}\u0000${stamp}\u0000${parts.limit ?? 'all'}`);
  return join(home, 'cache', 'baseline-base-eval', `${parts.task}-${parts.profile}-${parts.split}-${hash.digest('hex').slice(0, 16)}`);
}

/** Copies cached generations into an evaluation folder; true when there were any. */
export async function restoreBaseGenerations(cacheDir: string, outDir: string): Promise<boolean> {
  const source = join(cacheDir, 'generation');
  if (!existsSync(join(source, 'generations.jsonl'))) return false;
  await mkdir(outDir, { recursive: true });
  await cp(source, join(outDir, 'generation'), { recursive: true });
  return true;
}

/** Keeps an evaluation folder's generations for the next run (replaced whole, never half-written). */
export async function storeBaseGenerations(cacheDir: string, outDir: string): Promise<void> {
  const source = join(outDir, 'generation');
  if (!existsSync(join(source, 'generations.jsonl'))) return;
  const staging = `${cacheDir}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(dirname(cacheDir), { recursive: true });
  await cp(source, join(staging, 'generation'), { recursive: true });
  await rm(cacheDir, { recursive: true, force: true });
  await rename(staging, cacheDir);
}
