import { describe, expect, it } from 'vitest';
import { bootstrapInterval, mulberry32, quantile } from './bootstrap.js';
import { mean } from './scorer.js';
import { macroF1 } from './scorers/index.js';
import type { SampleOutcome } from '../core/index.js';

/** n values with a fixed share of ones, spread evenly (no randomness in the data). */
function binary(count: number, share: number): number[] {
  return Array.from({ length: count }, (_, index) => (Math.floor((index + 1) * share) > Math.floor(index * share) ? 1 : 0));
}

describe('mulberry32', () => {
  it('is deterministic per seed and in [0, 1)', () => {
    const first = mulberry32(42);
    const second = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => first());
    expect(Array.from({ length: 1000 }, () => second())).toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(values[0]);
  });

  it('is roughly uniform', () => {
    const random = mulberry32(7);
    const values = Array.from({ length: 10000 }, () => random());
    expect(mean(values)!).toBeGreaterThan(0.48);
    expect(mean(values)!).toBeLessThan(0.52);
  });
});

describe('quantile', () => {
  it('interpolates linearly', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
    expect(quantile([5], 0.975)).toBe(5);
  });
});

describe('bootstrapInterval', () => {
  const meanOf = (values: number[]): number | null => mean(values);

  it('is deterministic for a seed', () => {
    const values = binary(100, 0.6);
    expect(bootstrapInterval(values, meanOf, { seed: 3 })).toEqual(bootstrapInterval(values, meanOf, { seed: 3 }));
    expect(bootstrapInterval(values, meanOf, { seed: 3 })).not.toEqual(bootstrapInterval(values, meanOf, { seed: 4 }));
  });

  it('defaults to 1000 resamples at 95%', () => {
    expect(bootstrapInterval(binary(50, 0.5), meanOf)).toMatchObject({ level: 0.95, resamples: 1000 });
  });

  it('brackets the point estimate', () => {
    const values = binary(100, 0.6);
    const interval = bootstrapInterval(values, meanOf)!;
    expect(interval.low).toBeLessThan(0.6);
    expect(interval.high).toBeGreaterThan(0.6);
    // The binomial standard error is about 0.049, so the 95% interval is about ±0.096.
    expect(interval.high - interval.low).toBeGreaterThan(0.15);
    expect(interval.high - interval.low).toBeLessThan(0.25);
  });

  it('shrinks as n grows', () => {
    const widths = [25, 100, 400].map((count) => {
      const interval = bootstrapInterval(binary(count, 0.6), meanOf, { seed: 1 })!;
      return interval.high - interval.low;
    });
    expect(widths[1]!).toBeLessThan(widths[0]!);
    expect(widths[2]!).toBeLessThan(widths[1]!);
    // Width scales as 1/sqrt(n): quadrupling n roughly halves it.
    expect(widths[2]! / widths[1]!).toBeGreaterThan(0.35);
    expect(widths[2]! / widths[1]!).toBeLessThan(0.65);
  });

  it('works for a corpus-level statistic (macro-F1)', () => {
    const labels = ['ALLOW', '102', '103'];
    const outcomes: SampleOutcome[] = Array.from({ length: 90 }, (_, index) => {
      const gold = labels[index % 3]!;
      const predicted = index % 5 === 0 ? labels[(index + 1) % 3]! : gold;
      return { id: `s${index}`, value: predicted === gold ? 1 : 0, formatError: false, facts: { predicted, gold } };
    });
    const point = macroF1(outcomes)!;
    const interval = bootstrapInterval(outcomes, macroF1, { seed: 0 })!;
    expect(interval.low).toBeLessThan(point);
    expect(interval.high).toBeGreaterThan(point);
    expect(interval.high).toBeLessThanOrEqual(1);
  });

  it('is null without items, with zero resamples, or when the statistic never has a value', () => {
    expect(bootstrapInterval([], meanOf)).toBeNull();
    expect(bootstrapInterval([1, 2], meanOf, { resamples: 0 })).toBeNull();
    expect(bootstrapInterval([1, 2], () => null)).toBeNull();
  });

  it('is a point for constant data', () => {
    expect(bootstrapInterval([1, 1, 1], meanOf)).toMatchObject({ low: 1, high: 1 });
  });
});
