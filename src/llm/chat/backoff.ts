import { seededRandom } from '../../core/index.js';
export interface BackoffOptions {
  /** The wait before the first retry, doubled for each one after (default 500 ms). */
  baseDelayMs?: number | undefined;
  /** The longest computed wait (default 30 s). */
  maxDelayMs?: number | undefined;
  /** The longest wait a Retry-After header may ask for (default 60 s). */
  maxRetryAfterMs?: number | undefined;
}

/**
 * The wait before retry number `retry` (1 for the first): exponential, with "equal jitter"
 * (half fixed, half random) so that clients that failed together do not retry together.
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs ?? 30_000, (options.baseDelayMs ?? 500) * 2 ** (retry - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * How long the provider asked to wait: OpenAI's retry-after-ms, else Retry-After in seconds or
 * as an HTTP date; capped, and null when the response says nothing usable.
 */
export function retryAfterMs(headers: Headers, options: BackoffOptions, now: number = Date.now()): number | null {
  const cap = options.maxRetryAfterMs ?? 60_000;
  const milliseconds = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.min(milliseconds, cap);
  const header = headers.get('retry-after')?.trim();
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, cap);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.min(Math.max(date - now, 0), cap);
}

/** A seeded generator, so a run's jitter can be reproduced. */
export { seededRandom };
