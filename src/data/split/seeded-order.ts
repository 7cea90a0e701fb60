import { createHash } from 'node:crypto';

/**
 * Orders items by sha256(seed:key). Unlike a seeded shuffle of the input array, the order of an
 * item depends only on its own key, so adding or removing rows upstream never moves the others
 * between splits, and the rule can be re-computed by anyone from the key and the seed alone.
 */
export function seededOrder<T>(items: readonly T[], seed: string, key: (item: T) => string): T[] {
  const ranked = items.map((item) => ({
    item,
    rank: createHash('sha256')
      .update(`${seed}:${key(item)}`)
      .digest('hex'),
  }));
  ranked.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  return ranked.map((entry) => entry.item);
}
