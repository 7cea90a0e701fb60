import { describe, expect, it } from 'vitest';
import { summarizeLengths } from './length-stats.js';

describe('summarizeLengths', () => {
  it('gives nearest-rank percentiles, the mean to one decimal, min and max', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index); // 100..1
    expect(summarizeLengths(values)).toEqual({ count: 100, min: 1, mean: 50.5, p50: 50, p90: 90, p99: 99, max: 100 });
  });

  it('handles one value and no values', () => {
    expect(summarizeLengths([7])).toEqual({ count: 1, min: 7, mean: 7, p50: 7, p90: 7, p99: 7, max: 7 });
    expect(summarizeLengths([])).toBeNull();
  });
});
