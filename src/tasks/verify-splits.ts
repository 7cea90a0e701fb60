import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PoolRow, ProfileName, Sample } from '../core/index.js';
import { isFtdojoError } from '../core/index.js';
import type { DataRepository, Overlap } from '../data/index.js';
import { findOverlaps } from '../data/index.js';
import type { TaskDefinition } from './define-task.js';
import { taskLayout } from './materialize.js';

export interface SplitVerification {
  task: string;
  profile: ProfileName;
  status: 'ok' | 'leak' | 'skipped';
  /** Why it was skipped (profile not buildable here). */
  reason?: string;
  sizes?: { pool: number; validation: number; test: number };
  /** Held-out items found in the pool, by kind. Must all be zero. */
  overlaps: { exact: number; normalised: number; contained: number };
  /** Items shared by validation and test (a split bug, not agent leakage). */
  validationTestShared: number;
  /** Problems found in a materialised copy (agent side carrying held-out items or files). */
  materialized: string[];
  examples: Overlap[];
}

function keyed(items: readonly (Sample | PoolRow)[], key: (item: Sample | PoolRow) => string) {
  return items.map((item) => ({ id: item.id, key: key(item) }));
}

/**
 * Re-checks a task's split isolation from scratch: the pool against validation + test with the
 * leakage rules (exact, normalised, contained), ids shared between sides, and, when the task was
 * materialised under `home`, that the agent side carries no held-out file, id or question.
 */
export async function verifySplits(task: TaskDefinition, profile: ProfileName, repo: DataRepository, home?: string): Promise<SplitVerification> {
  const base = { task: task.spec.id, profile, overlaps: { exact: 0, normalised: 0, contained: 0 }, validationTestShared: 0, materialized: [], examples: [] };
  let splits;
  try {
    splits = await task.buildSplits(repo, profile);
  } catch (error) {
    if (isFtdojoError(error) && (error.code === 'UNSUPPORTED' || error.code === 'MISSING_DATA')) return { ...base, status: 'skipped', reason: error.message };
    throw error;
  }
  const heldOut = [...splits.validation, ...splits.test];
  const overlaps = findOverlaps(keyed(splits.pool, task.leakageKey), keyed(heldOut, task.leakageKey));
  const poolIds = new Set(splits.pool.map((row) => row.id));
  const idClashes = heldOut.filter((sample) => poolIds.has(sample.id)).map((sample): Overlap => ({ heldOutId: sample.id, poolId: sample.id, kind: 'exact' }));
  const all = [...overlaps, ...idClashes];
  const count = (kind: Overlap['kind']) => all.filter((overlap) => overlap.kind === kind).length;
  const shared = findOverlaps(keyed(splits.validation, task.leakageKey), keyed(splits.test, task.leakageKey)).length;
  const materialized = home ? checkMaterialized(task, profile, home, heldOut) : [];
  const leak = all.length > 0 || shared > 0 || materialized.length > 0;
  return {
    ...base,
    status: leak ? 'leak' : 'ok',
    sizes: { pool: splits.pool.length, validation: splits.validation.length, test: splits.test.length },
    overlaps: { exact: count('exact'), normalised: count('normalised'), contained: count('contained') },
    validationTestShared: shared,
    materialized,
    examples: all.slice(0, 5),
  };
}

function checkMaterialized(task: TaskDefinition, profile: ProfileName, home: string, heldOut: readonly Sample[]): string[] {
  const layout = taskLayout(home, task.spec.id, profile);
  if (!existsSync(layout.agentDir)) return [];
  const problems: string[] = [];
  for (const name of ['validation.jsonl', 'test.jsonl']) {
    if (existsSync(join(layout.agentDir, name))) problems.push(`agent side holds ${name}`);
  }
  const poolPath = join(layout.agentDir, 'pool.jsonl');
  if (existsSync(poolPath)) {
    const pool = readFileSync(poolPath, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as PoolRow);
    const found = findOverlaps(keyed(pool, task.leakageKey), keyed(heldOut, task.leakageKey));
    if (found.length > 0) problems.push(`materialised pool holds ${found.length} held-out item(s), e.g. ${found[0]!.heldOutId}`);
    const heldOutIds = new Set(heldOut.map((sample) => sample.id));
    const idHits = pool.filter((row) => heldOutIds.has(row.id)).length;
    if (idHits > 0) problems.push(`materialised pool holds ${idHits} held-out id(s)`);
  }
  return problems;
}
