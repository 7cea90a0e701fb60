import type { RunRow, RunStatus } from '../../contract.js';

export const RUN_STATUSES: RunStatus[] = ['running', 'completed', 'stopped', 'failed', 'interrupted'];

export type SortKey = 'started' | 'task' | 'status' | 'best-validation' | 'test';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}
export const DEFAULT_SORT: Sort = { key: 'started', dir: 'desc' };

export interface RunFilter {
  text: string;
  status: RunStatus | 'all';
}

export function filterRuns(rows: RunRow[], filter: RunFilter): RunRow[] {
  const needle = filter.text.trim().toLowerCase();
  return rows.filter((row) => {
    if (filter.status !== 'all' && row.status !== filter.status) return false;
    if (!needle) return true;
    return [row.runId, row.task, row.agent, row.planner, row.backbone ?? ''].some((field) => field.toLowerCase().includes(needle));
  });
}

function sortValue(row: RunRow, key: SortKey): string | number | null {
  switch (key) {
    case 'started':
      return Date.parse(row.startedAt);
    case 'task':
      return row.task;
    case 'status':
      return row.status;
    case 'best-validation':
      return row.bestValidation;
    case 'test':
      return row.test;
  }
}

/** Sorted by the key; runs without a value go last either way. */
export function sortRuns(rows: RunRow[], sort: Sort): RunRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((left, right) => {
    const a = sortValue(left, sort.key);
    const b = sortValue(right, sort.key);
    if (a === null || (typeof a === 'number' && Number.isNaN(a))) return b === null ? 0 : 1;
    if (b === null || (typeof b === 'number' && Number.isNaN(b))) return -1;
    const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
    return order !== 0 ? sign * order : right.startedAt.localeCompare(left.startedAt);
  });
}

export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: 'asc' };
}
