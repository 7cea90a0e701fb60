import { timeoutSignal } from '../../core/index.js';

/** Whether the hub may be asked for files now, and if not, why (for the error that names the missing files). */
export type HubAvailability = { online: true } | { online: false; reason: string; configured: boolean };

export interface HubReachabilityOptions {
  endpoint: string;
  /** The setting that switched the hub off (e.g. "HF_HUB_OFFLINE=1"), or null. */
  offline: string | null;
  fetch?: typeof fetch;
  /** Longest wait for the hub's answer to the probe. */
  timeoutMs?: number;
  /** After an unanswered probe, how long to believe the hub is down before asking again. */
  recheckAfterMs?: number;
  now?: () => number;
}

export interface HubReachability {
  check(): Promise<HubAvailability>;
}

function describeFailure(cause: unknown): string {
  if (cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) return 'no answer in time';
  // fetch wraps the socket's error ("getaddrinfo ENOTFOUND ...", "connect ECONNREFUSED ...") in a bare "fetch failed".
  const inner = cause instanceof Error ? cause.cause : undefined;
  if (inner instanceof Error && inner.message !== '') return inner.message;
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * "Online" means the hub answers: one request to the endpoint, with any HTTP status counting as an
 * answer. Asked only when a file is not local, so reading local files never touches the network.
 * A positive answer is kept for the process; a negative one for `recheckAfterMs`, so a long-lived
 * server notices when the network comes back.
 */
export function createHubReachability(options: HubReachabilityOptions): HubReachability {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const recheckAfterMs = options.recheckAfterMs ?? 60_000;
  const now = options.now ?? Date.now;
  let answer: { at: number; pending: Promise<HubAvailability> } | undefined;

  async function probe(): Promise<HubAvailability> {
    try {
      const response = await doFetch(`${options.endpoint}/`, { method: 'HEAD', redirect: 'manual', signal: timeoutSignal(timeoutMs).signal });
      await response.body?.cancel();
      return { online: true };
    } catch (cause) {
      return { online: false, reason: `the hub at ${options.endpoint} does not answer (${describeFailure(cause)})`, configured: false };
    }
  }

  return {
    async check() {
      if (options.offline !== null) return { online: false, reason: `the hub is switched off (${options.offline})`, configured: true };
      if (answer !== undefined) {
        const known = await answer.pending;
        if (known.online || now() - answer.at < recheckAfterMs) return known;
      }
      answer = { at: now(), pending: probe() };
      return answer.pending;
    },
  };
}
