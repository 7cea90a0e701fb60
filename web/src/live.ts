import { useEffect, useState } from 'preact/hooks';
import { api, apiUrl, versionFailure, type ApiFailure } from './api.js';
import type { RunsPayload } from './contract.js';

/** The runs list as the server streams it (`/api/stream`, event `runs`), shared by every page. */
export interface LiveState {
  /** True while the EventSource is open. */
  connected: boolean;
  /** The latest list; null until the first event. */
  runs: RunsPayload | null;
  /** When `runs` arrived (ms since the epoch): running runs' clocks tick from it. */
  receivedAt: number;
  error: ApiFailure | null;
}

type Listener = (state: LiveState) => void;

let state: LiveState = { connected: false, runs: null, receivedAt: 0, error: null };
const listeners = new Set<Listener>();
let source: EventSource | null = null;
let retryTimer: number | undefined;

function publish(next: Partial<LiveState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener(state);
}

function onRuns(event: MessageEvent<string>): void {
  let body: unknown;
  try {
    body = JSON.parse(event.data);
  } catch {
    return;
  }
  const mismatch = versionFailure(body);
  if (mismatch) publish({ error: mismatch });
  else publish({ runs: body as RunsPayload, receivedAt: Date.now(), error: null });
}

function connect(): void {
  source = new EventSource(apiUrl(api.stream()));
  source.onopen = () => publish({ connected: true });
  source.addEventListener('runs', onRuns);
  source.onerror = () => {
    publish({ connected: false });
    // The browser retries by itself unless the server refused outright; then retry here.
    if (source?.readyState === EventSource.CLOSED) {
      source = null;
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(() => {
        retryTimer = undefined;
        connect();
      }, 3000);
    }
  };
}

/** Opens the one stream of the app (idempotent). */
export function startLive(): void {
  if (source === null && retryTimer === undefined) connect();
}

export function useLive(): LiveState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    startLive();
    listeners.add(setCurrent);
    setCurrent(state);
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);
  return current;
}

/** A clock that ticks every `ms` while `active`: for times that move on the page itself. */
export function useNow(active: boolean, ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [active, ms]);
  return now;
}
