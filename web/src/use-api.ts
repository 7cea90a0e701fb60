import { useEffect, useState } from 'preact/hooks';
import { asFailure, getJson, type ApiFailure } from './api.js';

export interface ApiState<T> {
  data: T | null;
  error: ApiFailure | null;
  loading: boolean;
}

interface Held<T> {
  path: string | null;
  data: T | null;
  error: ApiFailure | null;
  loading: boolean;
}

/**
 * GETs `path` (null: nothing). A new `reload` refetches the same path and keeps showing the data
 * it has meanwhile, so a live page does not flicker; a new path starts empty.
 */
export function useApi<T>(path: string | null, reload = 0): ApiState<T> {
  const [held, setHeld] = useState<Held<T>>({ path: null, data: null, error: null, loading: path !== null });

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setHeld((prev) => (prev.path === path ? { ...prev, loading: true } : { path, data: null, error: null, loading: true }));
    getJson<T>(path, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setHeld({ path, data, error: null, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setHeld((prev) => ({ path, data: prev.path === path ? prev.data : null, error: asFailure(error), loading: false }));
      },
    );
    return () => controller.abort();
  }, [path, reload]);

  if (path === null) return { data: null, error: null, loading: false };
  if (held.path !== path) return { data: null, error: null, loading: true };
  return { data: held.data, error: held.error, loading: held.loading };
}
