import type { Delta, ValueChange } from '../contract.js';
import { fmt3, fmtCount, fmtCountDelta, fmtDelta, fmtJson } from '../format.js';

function NoDifferences({ testId }: { testId: string }) {
  return (
    <p class="muted" data-testid={testId}>
      No differences
    </p>
  );
}

/** Config or strategy keys that differ: before → after. */
export function ValueDiffTable({
  changes,
  testId,
  before = 'before',
  after = 'after',
}: {
  changes: ValueChange[];
  testId: string;
  before?: string;
  after?: string;
}) {
  if (changes.length === 0) return <NoDifferences testId={testId} />;
  return (
    <table class="grid diff" data-testid={testId}>
      <thead>
        <tr>
          <th>key</th>
          <th>{before}</th>
          <th />
          <th>{after}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.key} data-key={change.key}>
            <td class="key">{change.key}</td>
            <td data-col="before" class="before">
              {fmtJson(change.before)}
            </td>
            <td class="arrow">→</td>
            <td data-col="after" class="after">
              {fmtJson(change.after)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function deltaClass(delta: Delta): string {
  if (delta.better === 'b') return 'delta better';
  if (delta.better === 'a') return 'delta worse';
  if (delta.better === 'same') return 'delta same';
  return 'delta';
}

/** Numbers of two sides and b − a, colored by which side is better when the metric says. */
export function DeltaTable({ rows, testId, label }: { rows: Delta[]; testId: string; label: string }) {
  if (rows.length === 0) return <NoDifferences testId={testId} />;
  return (
    <table class="grid num" data-testid={testId}>
      <thead>
        <tr>
          <th>{label}</th>
          <th>a</th>
          <th>b</th>
          <th>b − a</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} data-name={row.name}>
            <td class="key">{row.name}</td>
            <td data-col="a">{row.count ? fmtCount(row.a) : fmt3(row.a)}</td>
            <td data-col="b">{row.count ? fmtCount(row.b) : fmt3(row.b)}</td>
            <td data-col="delta" class={deltaClass(row)} title={row.better ? `better: ${row.better}` : undefined}>
              {row.count ? fmtCountDelta(row.delta) : fmtDelta(row.delta)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
