import type { Interval } from '../core/index.js';
import { seededRandom } from '../core/index.js';

export interface BootstrapOptions {
  /** Number of resamples; 0 skips the interval. Default 1000. */
  resamples?: number;
  /** Seed of the resampling; the same seed gives the same interval. Default 0. */
  seed?: number;
  /** Coverage of the interval. Default 0.95. */
  level?: number;
}

/**
 * A seeded percentile-bootstrap interval of any statistic of a list: resample the items with
 * replacement, recompute the statistic, and take the (1 - level) / 2 and (1 + level) / 2
 * quantiles of the recomputed values. The statistic sees whole resampled lists, so corpus-level
 * metrics (macro-F1) work as well as means. Null when there is nothing to resample or no
 * resample yields a value.
 *
 * Seeded rather than Math.random: a score report must be reproducible, and two runs compared on
 * the same validation split should not differ in their intervals by chance.
 */
export function bootstrapInterval<T>(items: readonly T[], statistic: (items: T[]) => number | null, options: BootstrapOptions = {}): Interval | null {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (items.length === 0 || resamples <= 0) return null;
  const random = mulberry32(options.seed ?? 0);
  const values: number[] = [];
  const resampled = new Array<T>(items.length);
  for (let round = 0; round < resamples; round += 1) {
    for (let index = 0; index < items.length; index += 1) resampled[index] = items[Math.floor(random() * items.length)]!;
    const value = statistic(resampled);
    if (value !== null && Number.isFinite(value)) values.push(value);
  }
  if (values.length === 0) return null;
  values.sort((left, right) => left - right);
  const tail = (1 - level) / 2;
  return { low: quantile(values, tail), high: quantile(values, 1 - tail), level, resamples };
}

/** The q-quantile of sorted values, interpolating linearly between order statistics (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** The seeded generator resampling draws from (core's mulberry32). */
export const mulberry32 = seededRandom;
