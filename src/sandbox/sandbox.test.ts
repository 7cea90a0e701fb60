import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_LIMITS, resolveLimits } from './sandbox.js';

describe('resolveLimits', () => {
  it('layers defaults < the sandbox < one command, ignoring undefined', () => {
    const limits = resolveLimits({ wallSeconds: 60, memoryBytes: 1024 }, { wallSeconds: 5, processes: undefined });
    expect(limits).toEqual({ ...DEFAULT_SANDBOX_LIMITS, wallSeconds: 5, memoryBytes: 1024 });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (value) => {
    expect(() => resolveLimits(undefined, { outputBytes: value })).toThrow(/outputBytes must be a positive number/);
  });
});
