import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { baseEvalCacheDir, restoreBaseGenerations, storeBaseGenerations } from './base-eval-cache.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-base-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const samples: Sample[] = [{ id: 'a', prompt: 'Q1', reference: 'A', target: 'A', meta: {} }];
const key = { task: 'financeiq', profile: 'mini', split: 'validation', limit: null, modelPath: join(root, 'model'), samples };

describe('base evaluation cache', () => {
  it('keys on the prompts, the limit and the split', () => {
    const dir = baseEvalCacheDir(root, key);
    expect(dir.startsWith(join(root, 'cache', 'baseline-base-eval', 'financeiq-mini-validation-'))).toBe(true);
    expect(baseEvalCacheDir(root, key)).toBe(dir);
    expect(baseEvalCacheDir(root, { ...key, samples: [{ ...samples[0]!, prompt: 'Q1 changed' }] })).not.toBe(dir);
    expect(baseEvalCacheDir(root, { ...key, limit: 10 })).not.toBe(dir);
    expect(baseEvalCacheDir(root, { ...key, split: 'test' })).not.toBe(dir);
  });

  it("stores a run's generations and restores them into the next run", async () => {
    const dir = baseEvalCacheDir(root, key);
    const first = join(root, 'run-1', 'eval', 'base', 'validation');
    expect(await restoreBaseGenerations(dir, first)).toBe(false);
    mkdirSync(join(first, 'generation'), { recursive: true });
    writeFileSync(join(first, 'generation', 'generations.jsonl'), '{"id":"a","output":"A"}\n');
    await storeBaseGenerations(dir, first);
    const second = join(root, 'run-2', 'eval', 'base', 'validation');
    expect(await restoreBaseGenerations(dir, second)).toBe(true);
    expect(readFileSync(join(second, 'generation', 'generations.jsonl'), 'utf8')).toBe('{"id":"a","output":"A"}\n');
    expect(existsSync(`${dir}.staging-${process.pid}`)).toBe(false);
  });
});
