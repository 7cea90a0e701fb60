/**
 * FinanceIQ's held-out rule (the paper's reference): within each group (exam category), the last
 * `heldOutCount(n)` rows in file order are held out and the rest form the training pool.
 */
export function defaultHeldOutCount(groupSize: number): number {
  return Math.min(Math.ceil(groupSize / 2), 100);
}

export interface GroupSplit<T> {
  group: string;
  pool: T[];
  heldOut: T[];
}

export function tailPerGroup<T>(
  items: readonly T[],
  groupOf: (item: T) => string,
  heldOutCount: (groupSize: number) => number = defaultHeldOutCount,
): GroupSplit<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groupOf(item);
    const list = groups.get(group);
    if (list) list.push(item);
    else groups.set(group, [item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, rows]) => {
      const count = Math.min(rows.length, heldOutCount(rows.length));
      return { group, pool: rows.slice(0, rows.length - count), heldOut: rows.slice(rows.length - count) };
    });
}
