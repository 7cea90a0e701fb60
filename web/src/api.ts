import { EXPECTED_API_VERSION } from './contract.js';

/** A failed API call as the page shows it: what went wrong and what to do about it. */
export class ApiFailure extends Error {
  readonly hint: string;
  /** The HTTP status; 0 when there was no answer. */
  readonly status: number;

  constructor(message: string, hint: string, status: number) {
    super(message);
    this.name = 'ApiFailure';
    this.hint = hint;
    this.status = status;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The payload's version against the one this page was built for; a failure when they differ. */
export function versionFailure(body: unknown): ApiFailure | null {
  const version = isRecord(body) ? body['apiVersion'] : undefined;
  if (version === EXPECTED_API_VERSION) return null;
  return new ApiFailure(
    `this page was built for dashboard API version ${EXPECTED_API_VERSION}, the server answers version ${String(version)}`,
    'the front end and the server come from different ftdojo builds: run `npm run build` in the ftdojo folder, restart `ftdojo ui` and reload the page',
    0,
  );
}

/** Paths are relative, so the page works wherever the server mounts it. */
export function apiUrl(path: string): string {
  return new URL(path, document.baseURI).toString();
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiFailure(`cannot reach the dashboard server (${location.host})`, 'is `ftdojo ui` still running? start it again, then reload this page', 0);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiFailure(
      `the server answered ${path} with ${response.status} ${response.statusText} and no JSON`,
      'restart `ftdojo ui`; if it goes on, run it with --debug and report what it prints',
      response.status,
    );
  }
  if (!response.ok) {
    if (isRecord(body) && typeof body['error'] === 'string') {
      throw new ApiFailure(body['error'], typeof body['hint'] === 'string' ? body['hint'] : '', response.status);
    }
    throw new ApiFailure(`${path} failed with ${response.status}`, 'restart `ftdojo ui` and reload the page', response.status);
  }
  const mismatch = versionFailure(body);
  if (mismatch) throw mismatch;
  return body as T;
}

const seg = encodeURIComponent;

export const api = {
  runs: () => 'api/runs',
  run: (runId: string) => `api/runs/${seg(runId)}`,
  experiment: (runId: string, experimentId: string) => `api/runs/${seg(runId)}/experiments/${seg(experimentId)}`,
  compare: (a: string, b: string) => `api/compare?a=${seg(a)}&b=${seg(b)}`,
  leaderboard: () => 'api/leaderboard',
  stream: () => 'api/stream',
};

export function asFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiFailure(message, 'reload the page; if it goes on, this is a bug in the dashboard', 0);
}
