import type { PoolRow } from '../../core/index.js';

/** A training pool and what building it left out, for the split notes. */
export interface PoolBuild {
  rows: PoolRow[];
  notes: string[];
}

/**
 * Every pool row must carry a training target: a row without one gives the agent nothing to train
 * on. Rows with an empty target are dropped and counted in a note that says why they had none.
 */
export function dropUntargeted(rows: readonly PoolRow[], why: string): PoolBuild {
  const kept = rows.filter((row) => row.target.trim() !== '');
  const dropped = rows.length - kept.length;
  return { rows: kept, notes: dropped > 0 ? [`${dropped} of ${rows.length} pool row(s) dropped: no training target (${why})`] : [] };
}

/** Counts reasons rows were left out while a pool was built, and turns them into notes. */
export function createDropTally(what: string) {
  const counts = new Map<string, number>();
  let seen = 0;
  return {
    seen(): void {
      seen += 1;
    },
    drop(reason: string): void {
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    },
    notes(): string[] {
      return [...counts].map(([reason, count]) => `${count} of ${seen} ${what} row(s) left out of the pool: ${reason}`);
    },
  };
}
