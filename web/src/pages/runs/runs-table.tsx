import type { RunRow } from '../../contract.js';
import { fmt3, fmtDuration, fmtTime } from '../../format.js';
import { href } from '../../router.js';
import { Badge } from '../../ui/status-badge.js';
import { LiveSummary } from './live-cell.js';
import type { Sort, SortKey } from './runs-sort.js';

interface Props {
  rows: RunRow[];
  sort: Sort;
  onSort: (key: SortKey) => void;
  selected: string[];
  onSelect: (runId: string, checked: boolean) => void;
  /** Seconds to add to a running run's time used: the clock since the list arrived. */
  elapsed: number;
}

function SortHeader({ label, sortKey, sort, onSort }: { label: string; sortKey: SortKey; sort: Sort; onSort: (key: SortKey) => void }) {
  const active = sort.key === sortKey;
  return (
    <th
      data-sort={sortKey}
      class={`sortable ${active ? 'sorted' : ''}`}
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      tabIndex={0}
      onClick={() => onSort(sortKey)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSort(sortKey);
        }
      }}
    >
      {label}
      <span class="sort-mark">{active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}</span>
    </th>
  );
}

function Budget({ row, elapsed }: { row: RunRow; elapsed: number }) {
  const used = row.secondsUsed + (row.status === 'running' ? elapsed : 0);
  const over = row.budgetSeconds !== null && used > row.budgetSeconds;
  return (
    <span class={over ? 'over-budget' : ''}>
      {fmtDuration(used)}
      {row.budgetSeconds !== null && <span class="muted"> / {fmtDuration(row.budgetSeconds)}</span>}
    </span>
  );
}

function Row({ row, checked, onSelect, elapsed }: { row: RunRow; checked: boolean; onSelect: Props['onSelect']; elapsed: number }) {
  return (
    <tr data-run-id={row.runId} data-status={row.status}>
      <td class="check">
        <input
          type="checkbox"
          data-compare-run={row.runId}
          checked={checked}
          aria-label={`compare ${row.runId}`}
          onChange={(event) => onSelect(row.runId, event.currentTarget.checked)}
        />
      </td>
      <td data-col="run" class="run-id">
        <a href={href.run(row.runId)}>{row.runId}</a>
      </td>
      <td data-col="started" class="nowrap" title={fmtTime(row.startedAt)}>
        {fmtTime(row.startedAt).slice(5)}
      </td>
      <td data-col="task">{row.task}</td>
      <td data-col="agent">
        {row.agent}
        <span class="muted sub"> / {row.planner}</span>
      </td>
      <td data-col="backbone">{row.backbone ?? <span class="muted">—</span>}</td>
      <td data-col="status">
        <Badge value={row.status} />
      </td>
      <td data-col="budget" class="nowrap">
        <Budget row={row} elapsed={elapsed} />
      </td>
      <td data-col="iterations" class="num">
        {row.iterations}
      </td>
      <td data-col="best-validation" class="num" title={row.metric ?? undefined}>
        {fmt3(row.bestValidation)}
      </td>
      <td data-col="test" class="num">
        <span data-field="test">{fmt3(row.test)}</span>
        {row.baseTest !== null && (
          <span class="muted" title="the base model's held-out test score">
            {' '}
            base <span data-field="base-test">{fmt3(row.baseTest)}</span>
          </span>
        )}
      </td>
      <td data-col="live">
        {row.live ? <LiveSummary live={row.live} testId={`live-${row.runId}`} /> : row.status === 'running' ? <span class="muted">starting…</span> : null}
      </td>
    </tr>
  );
}

export function RunsTable({ rows, sort, onSort, selected, onSelect, elapsed }: Props) {
  const header = (label: string, key: SortKey) => <SortHeader label={label} sortKey={key} sort={sort} onSort={onSort} />;
  return (
    <div class="table-scroll">
      <table class="grid runs" data-testid="runs-table">
        <thead>
          <tr>
            <th class="check" />
            <th>run</th>
            {header('started', 'started')}
            {header('task', 'task')}
            <th>agent</th>
            <th>backbone</th>
            {header('status', 'status')}
            <th>time / budget</th>
            <th class="num">iter.</th>
            {header('best val.', 'best-validation')}
            {header('test', 'test')}
            <th>live</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row key={row.runId} row={row} checked={selected.includes(row.runId)} onSelect={onSelect} elapsed={elapsed} />
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={12} class="muted empty-row">
                No runs match the filter.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
