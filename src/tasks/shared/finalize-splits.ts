import type { PoolRow, Sample } from '../../core/index.js';
import { findOverlaps } from '../../data/index.js';
import type { TaskSplits } from '../define-task.js';

/**
 * The last step of every split: any pool row that matches a held-out item (exactly, after
 * normalisation, or by containing it) is removed from the pool, and the count goes into the
 * notes. `ftdojo data verify` re-checks the result independently.
 */
export function finalizeSplits(
  parts: { pool: PoolRow[]; validation: Sample[]; test: Sample[]; notes?: string[] },
  leakageKey: (item: Sample | PoolRow) => string,
): TaskSplits {
  const heldOut = [...parts.validation, ...parts.test];
  const overlaps = findOverlaps(
    parts.pool.map((row) => ({ id: row.id, key: leakageKey(row) })),
    heldOut.map((sample) => ({ id: sample.id, key: leakageKey(sample) })),
  );
  const leaked = new Set(overlaps.map((overlap) => overlap.poolId));
  // A pool row can match a held-out item through its own key even when the held-out side found a
  // different representative first: drop every pool row whose key matches any overlapping item.
  const pool = parts.pool.filter((row) => !leaked.has(row.id));
  const notes = [...(parts.notes ?? [])];
  if (leaked.size > 0) notes.push(`${leaked.size} pool row(s) removed because they repeat a held-out item`);
  const rerun = findOverlaps(
    pool.map((row) => ({ id: row.id, key: leakageKey(row) })),
    heldOut.map((sample) => ({ id: sample.id, key: leakageKey(sample) })),
  );
  if (rerun.length > 0) return finalizeSplits({ pool, validation: parts.validation, test: parts.test, notes }, leakageKey);
  return { pool, validation: parts.validation, test: parts.test, notes };
}
