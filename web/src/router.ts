import { useEffect, useState } from 'preact/hooks';

/** The pages, from the location's hash (no server fallback needed). */
export type Route =
  | { page: 'runs' }
  | { page: 'run'; runId: string; experimentId: string | null }
  | { page: 'compare'; a: string | null; b: string | null }
  | { page: 'leaderboard' }
  | { page: 'not-found'; hash: string };

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const [path = '', query = ''] = text.split('?', 2);
  const parts = path
    .split('/')
    .filter((part) => part !== '')
    .map(decode);
  if (parts.length === 0) return { page: 'runs' };
  if (parts[0] === 'runs' && parts[1] !== undefined && parts.length <= 3) {
    return { page: 'run', runId: parts[1], experimentId: parts[2] ?? null };
  }
  if (parts[0] === 'runs' && parts.length === 1) return { page: 'runs' };
  if (parts[0] === 'compare' && parts.length === 1) {
    const params = new URLSearchParams(query);
    return { page: 'compare', a: params.get('a'), b: params.get('b') };
  }
  if (parts[0] === 'leaderboard' && parts.length === 1) return { page: 'leaderboard' };
  return { page: 'not-found', hash };
}

const enc = encodeURIComponent;

/** Hash links, built in one place. A compare ref is `<run>` or `<run>/<experiment>`: its slash stays. */
export const href = {
  runs: () => '#/',
  run: (runId: string, experimentId?: string | null) => (experimentId ? `#/runs/${enc(runId)}/${enc(experimentId)}` : `#/runs/${enc(runId)}`),
  compare: (a: string, b: string) => `#/compare?a=${a.split('/').map(enc).join('/')}&b=${b.split('/').map(enc).join('/')}`,
  leaderboard: () => '#/leaderboard',
};

export function navigate(hash: string): void {
  location.hash = hash;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
