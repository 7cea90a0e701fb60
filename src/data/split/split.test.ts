import { describe, expect, it } from 'vitest';
import { allocate, seededOrder, stratifiedSplit, tailPerGroup } from './index.js';

describe('seededOrder', () => {
  it('is deterministic and independent of input order', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    const first = seededOrder(items, 's', (x) => x);
    expect(seededOrder([...items].reverse(), 's', (x) => x)).toEqual(first);
    expect(seededOrder(items, 'other', (x) => x)).not.toEqual(first);
  });
});

describe('tailPerGroup (FinanceIQ rule)', () => {
  it('holds out the last min(ceil(n/2), 100) rows of each group in file order', () => {
    const rows = [...Array.from({ length: 7 }, (_, i) => ({ g: 'small', i })), ...Array.from({ length: 300 }, (_, i) => ({ g: 'large', i }))];
    const [large, small] = tailPerGroup(rows, (row) => row.g);
    expect(small!.heldOut.map((row) => row.i)).toEqual([3, 4, 5, 6]);
    expect(small!.pool.map((row) => row.i)).toEqual([0, 1, 2]);
    expect(large!.heldOut).toHaveLength(100);
    expect(large!.heldOut[0]!.i).toBe(200);
    expect(large!.pool).toHaveLength(200);
  });
});

describe('allocate', () => {
  it('apportions exactly and respects capacities', () => {
    expect(allocate([10, 10, 10], 10)).toEqual([4, 3, 3]);
    expect(allocate([1, 100], 50)).toEqual([0, 50]);
    expect(allocate([2, 2], 10)).toEqual([2, 2]);
    expect(allocate([5, 5], 0)).toEqual([0, 0]);
  });
});

describe('stratifiedSplit', () => {
  const items = [...Array.from({ length: 60 }, (_, i) => ({ id: `a${i}`, s: 'a' })), ...Array.from({ length: 40 }, (_, i) => ({ id: `b${i}`, s: 'b' }))];
  const options = { seed: 'x', key: (item: { id: string }) => item.id, stratum: (item: { s: string }) => item.s, sizes: { validation: 10, test: 10 } };

  it('gives exact sizes, keeps strata proportions and never shares an item', () => {
    const split = stratifiedSplit(items, { ...options, restToPool: true });
    expect(split.validation).toHaveLength(10);
    expect(split.test).toHaveLength(10);
    expect(split.pool).toHaveLength(80);
    expect(split.validation.filter((item) => item.s === 'a')).toHaveLength(6);
    const ids = [...split.pool, ...split.validation, ...split.test].map((item) => item.id);
    expect(new Set(ids).size).toBe(100);
  });

  it('keeps the rest out of the pool when asked', () => {
    expect(stratifiedSplit(items, { ...options, restToPool: false }).pool).toHaveLength(0);
  });

  it('is reproducible', () => {
    expect(stratifiedSplit(items, { ...options, restToPool: true })).toEqual(stratifiedSplit(items, { ...options, restToPool: true }));
  });
});
