import { describe, expect, it } from 'vitest';
import { FtdojoError } from '../core/index.js';
import { withRetry } from './with-retry.js';

const options = (delays: number[]) => ({ attempts: 4, baseDelayMs: 100, maxDelayMs: 250, sleep: async (ms: number) => void delays.push(ms) });

describe('withRetry', () => {
  it('retries retryable errors with growing, capped, jittered pauses', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(async () => {
      calls += 1;
      if (calls < 4) throw new FtdojoError('NETWORK', 'busy', { retryable: true });
      return 'done';
    }, options(delays));
    expect(result).toBe('done');
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[1]).toBeGreaterThanOrEqual(100);
    expect(delays[2]).toBeLessThanOrEqual(250);
  });

  it('gives up after the last attempt, and at once on an error that is not retryable', async () => {
    let calls = 0;
    const always = withRetry(async () => {
      calls += 1;
      throw new FtdojoError('NETWORK', 'down', { retryable: true });
    }, options([]));
    await expect(always).rejects.toThrow('down');
    expect(calls).toBe(4);

    calls = 0;
    const fatal = withRetry(async () => {
      calls += 1;
      throw new FtdojoError('MISSING_DATA', '404');
    }, options([]));
    await expect(fatal).rejects.toThrow('404');
    expect(calls).toBe(1);
  });
});
