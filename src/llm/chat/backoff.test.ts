import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterMs, seededRandom } from './backoff.js';

describe('backoff', () => {
  it('doubles the wait per retry, between half and all of it, up to the ceiling', () => {
    expect([1, 2, 3].map((retry) => backoffDelay(retry, { baseDelayMs: 100 }, () => 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((retry) => backoffDelay(retry, { baseDelayMs: 100 }, () => 0.999999))).toEqual([100, 200, 400]);
    expect(backoffDelay(20, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 1)).toBe(1000);
  });

  it('reads retry-after-ms, Retry-After seconds and dates, capped', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), {})).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '2' }), {})).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '3600' }), { maxRetryAfterMs: 5000 })).toBe(5000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }), {}, now)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), {})).toBeNull();
    expect(retryAfterMs(new Headers(), {})).toBeNull();
  });

  it('gives the same jitter for the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const drawn = Array.from({ length: 5 }, () => a());
    expect(drawn).toEqual(Array.from({ length: 5 }, () => b()));
    expect(drawn.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(seededRandom(8)()).not.toBe(drawn[0]);
  });
});
