import { isFtdojoError } from '../core/index.js';

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Replaced in tests so that backoff costs no time. */
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000 };

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` again after an exponentially growing, jittered pause while it fails with a retryable error. */
export async function withRetry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions = DEFAULT_RETRY): Promise<T> {
  const sleep = options.sleep ?? wait;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt);
    } catch (error) {
      const retryable = isFtdojoError(error) && error.retryable;
      if (!retryable || attempt >= options.attempts) throw error;
      // Jitter keeps many clients that failed together from retrying together.
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(ceiling * (0.5 + Math.random() / 2));
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}
