import { useMemo, useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { RunsPayload, RunStatus } from '../../contract.js';
import { useLive, useNow } from '../../live.js';
import { href, navigate } from '../../router.js';
import { useApi } from '../../use-api.js';
import { ErrorBox, Loading } from '../../ui/error-box.js';
import { Problems } from '../../ui/problems.js';
import { RunsTable } from './runs-table.js';
import { DEFAULT_SORT, RUN_STATUSES, filterRuns, nextSort, sortRuns, type RunFilter, type Sort } from './runs-sort.js';

function EmptyStore({ runsDir }: { runsDir: string }) {
  return (
    <div class="empty" data-testid="empty-store">
      <p>
        No runs yet in <code>{runsDir}</code>.
      </p>
      <p>
        Start one with <code>npx ftdojo run financeiq --budget 15m</code>; it shows up here as soon as it starts.
      </p>
    </div>
  );
}

function Filters({ filter, onChange }: { filter: RunFilter; onChange: (filter: RunFilter) => void }) {
  return (
    <div class="filters">
      <input
        type="search"
        data-testid="runs-filter"
        placeholder="filter: run, task, agent, backbone"
        value={filter.text}
        onInput={(event) => onChange({ ...filter, text: event.currentTarget.value })}
      />
      <select
        data-testid="status-filter"
        value={filter.status}
        onChange={(event) => onChange({ ...filter, status: event.currentTarget.value as RunStatus | 'all' })}
      >
        <option value="all">all statuses</option>
        {RUN_STATUSES.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </select>
    </div>
  );
}

export function RunsPage() {
  const live = useLive();
  // The first list comes from /api/runs; after that every `runs` event of the stream replaces it.
  const fetched = useApi<RunsPayload>(live.runs ? null : api.runs());
  const [fetchedAt] = useState(() => Date.now());
  const payload = live.runs ?? fetched.data;
  const [filter, setFilter] = useState<RunFilter>({ text: '', status: 'all' });
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [selected, setSelected] = useState<string[]>([]);

  const anyRunning = payload?.runs.some((row) => row.status === 'running') ?? false;
  const now = useNow(anyRunning);
  const rows = useMemo(() => (payload ? sortRuns(filterRuns(payload.runs, filter), sort) : []), [payload, filter, sort]);

  const error = live.error ?? (payload ? null : fetched.error);
  if (error) return <ErrorBox error={error} />;
  if (!payload) return <Loading what="runs" />;

  const elapsed = Math.max(0, (now - (live.runs ? live.receivedAt : fetchedAt)) / 1000);
  const onSelect = (runId: string, checked: boolean) =>
    setSelected((prev) => (checked ? [...prev.filter((id) => id !== runId), runId] : prev.filter((id) => id !== runId)));
  const [first, second] = selected;

  return (
    <section class="page runs-page">
      <div class="page-head">
        <h1>Runs</h1>
        <span class="muted">
          {payload.runs.length} in <code>{payload.runsDir}</code>
        </span>
      </div>
      <Problems problems={payload.problems} what="run folders" />
      {payload.runs.length === 0 && payload.problems.length === 0 ? (
        <EmptyStore runsDir={payload.runsDir} />
      ) : (
        <>
          <div class="toolbar">
            <Filters filter={filter} onChange={setFilter} />
            {selected.length === 2 && first && second ? (
              <button type="button" data-testid="compare-runs" onClick={() => navigate(href.compare(first, second))}>
                Compare {first} ↔ {second}
              </button>
            ) : (
              <span class="muted">check two runs to compare them</span>
            )}
          </div>
          <RunsTable
            rows={rows}
            sort={sort}
            onSort={(key) => setSort((prev) => nextSort(prev, key))}
            selected={selected}
            onSelect={onSelect}
            elapsed={elapsed}
          />
        </>
      )}
    </section>
  );
}
