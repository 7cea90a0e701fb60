import { seededOrder } from './seeded-order.js';

export interface SplitSizes {
  validation: number;
  test: number;
}

export interface ThreeWaySplit<T> {
  pool: T[];
  validation: T[];
  test: T[];
}

/**
 * Splits items into validation, test and pool, stratified by a stratum (a subtask): each stratum
 * gives validation and test a share proportional to its size (largest-remainder rounding, so the
 * totals are exact), ordered by `seededOrder`. What is not drawn for validation or test goes to
 * the pool unless `restToPool` is false (the paper's protocol keeps benchmark rows out of training).
 */
export function stratifiedSplit<T>(
  items: readonly T[],
  options: { seed: string; key: (item: T) => string; stratum: (item: T) => string; sizes: SplitSizes; restToPool: boolean },
): ThreeWaySplit<T> {
  const strata = new Map<string, T[]>();
  for (const item of items) {
    const name = options.stratum(item);
    const list = strata.get(name);
    if (list) list.push(item);
    else strata.set(name, [item]);
  }
  const names = [...strata.keys()].sort();
  const total = items.length;
  const want = Math.min(total, options.sizes.validation + options.sizes.test);
  const quotas = allocate(
    names.map((name) => strata.get(name)!.length),
    want,
  );
  const result: ThreeWaySplit<T> = { pool: [], validation: [], test: [] };
  // Validation and test alternate inside each stratum so both get the same subtask mix.
  const validationShare = want === 0 ? 0 : options.sizes.validation / want;
  const validationQuotas = allocate(quotas, Math.round(want * validationShare));
  names.forEach((name, index) => {
    const ordered = seededOrder(strata.get(name)!, `${options.seed}:${name}`, options.key);
    const heldOut = quotas[index]!;
    const validationCount = Math.min(validationQuotas[index]!, heldOut);
    result.validation.push(...ordered.slice(0, validationCount));
    result.test.push(...ordered.slice(validationCount, heldOut));
    if (options.restToPool) result.pool.push(...ordered.slice(heldOut));
  });
  return result;
}

/** Largest-remainder apportionment of `want` over buckets of the given capacities. */
export function allocate(capacities: readonly number[], want: number): number[] {
  const total = capacities.reduce((sum, value) => sum + value, 0);
  if (total === 0 || want <= 0) return capacities.map(() => 0);
  const target = Math.min(want, total);
  const exact = capacities.map((capacity) => (capacity * target) / total);
  const result = exact.map((value, index) => Math.min(capacities[index]!, Math.floor(value)));
  let left = target - result.reduce((sum, value) => sum + value, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  while (left > 0) {
    let progressed = false;
    for (const { index } of order) {
      if (left === 0) break;
      if (result[index]! < capacities[index]!) {
        result[index]! += 1;
        left -= 1;
        progressed = true;
      }
    }
    if (!progressed) break;
  }
  return result;
}
