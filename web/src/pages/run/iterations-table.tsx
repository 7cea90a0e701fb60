import { useState } from 'preact/hooks';
import type { ReportIteration } from '../../contract.js';
import { fmt3, fmtDuration, fmtInterval } from '../../format.js';
import { href, navigate } from '../../router.js';
import { Badge } from '../../ui/status-badge.js';

const STAGE_SHORT: Record<string, string> = {
  propose: 'prop',
  implement: 'impl',
  validate: 'val',
  train: 'train',
  evaluate: 'eval',
  decide: 'dec',
  record: 'rec',
};

function stagesText(stageSeconds: ReportIteration['stageSeconds']): string {
  return Object.entries(stageSeconds)
    .filter(([, seconds]) => seconds !== undefined && seconds >= 1)
    .map(([stage, seconds]) => `${STAGE_SHORT[stage] ?? stage} ${fmtDuration(seconds)}`)
    .join(' · ');
}

function decision(it: ReportIteration): { text: string; kind: string } {
  if (it.accepted === true) return { text: 'accepted', kind: 'accepted' };
  if (it.accepted === false) return { text: 'rejected', kind: 'rejected' };
  if (it.status === 'open') return { text: 'open', kind: 'running' };
  return { text: it.status === 'abandoned' ? 'abandoned' : '—', kind: 'none' };
}

interface RowProps {
  runId: string;
  it: ReportIteration;
  open: boolean;
  checked: boolean;
  onCheck: (experimentId: string, checked: boolean) => void;
}

// Plain rows (no per-row state or effects): hundreds of iterations stay cheap to render.
function IterationRow({ runId, it, open, checked, onCheck }: RowProps) {
  const id = it.experimentId;
  const verdict = it.verdict;
  const choice = decision(it);
  const failed = it.state !== null && it.state !== 'succeeded' && it.state !== 'running';
  return (
    <tr data-experiment-id={id ?? undefined} class={open ? 'open' : ''}>
      <td class="check">
        {id && (
          <input
            type="checkbox"
            data-compare={id}
            checked={checked}
            aria-label={`compare ${id}`}
            onChange={(event) => onCheck(id, event.currentTarget.checked)}
          />
        )}
      </td>
      <td data-col="iteration" class="num">
        {it.iteration}
        {it.attempt > 1 && (
          <span class="muted" title="attempt">
            ·{it.attempt}
          </span>
        )}
      </td>
      <td data-col="experiment" class="nowrap">
        {id ? <a href={href.run(runId, id)}>{id}</a> : <span class="muted">—</span>}
        {failed && it.state && <Badge value={it.state} kind="failed" />}
        {it.state === 'running' && <Badge value="running" />}
      </td>
      <td data-col="plan" class="plan" title={it.summary ?? undefined}>
        {it.plan && <span class="tag">{it.plan.changes}</span>}
        {it.plan && it.plan.addresses !== 'none' && <span class="tag">{it.plan.addresses}</span>}
        <span class="plan-text">{it.summary ?? '—'}</span>
      </td>
      <td data-col="validation" class="num nowrap">
        {fmt3(it.validation?.value)} <span class="interval">{fmtInterval(it.validation?.interval)}</span>
      </td>
      <td data-col="verdict">{verdict ? <Badge value={verdict} /> : <span class="muted">—</span>}</td>
      <td data-col="decision" title={it.decisionReason ?? it.failure?.hint ?? undefined}>
        <Badge value={choice.text} kind={choice.kind} />
      </td>
      <td data-col="stages" class="stages">
        {stagesText(it.stageSeconds)}
      </td>
    </tr>
  );
}

export function IterationsTable({ runId, iterations, openId }: { runId: string; iterations: ReportIteration[]; openId: string | null }) {
  const [checked, setChecked] = useState<string[]>([]);
  const onCheck = (experimentId: string, on: boolean) =>
    setChecked((prev) => (on ? [...prev.filter((id) => id !== experimentId), experimentId] : prev.filter((id) => id !== experimentId)));
  const [first, second] = checked;
  return (
    <section class="iterations">
      <div class="toolbar">
        <h2>Iterations</h2>
        {checked.length === 2 && first && second ? (
          <button type="button" data-testid="compare-experiments" onClick={() => navigate(href.compare(`${runId}/${first}`, `${runId}/${second}`))}>
            Compare {first} ↔ {second}
          </button>
        ) : (
          <span class="muted">check two experiments to compare them</span>
        )}
      </div>
      <div class="iterations-scroll">
        <table class="grid iterations-table" data-testid="iterations-table">
          <thead>
            <tr>
              <th class="check" />
              <th class="num">#</th>
              <th>experiment</th>
              <th>plan</th>
              <th class="num">validation</th>
              <th>verdict</th>
              <th>decision</th>
              <th>stages</th>
            </tr>
          </thead>
          <tbody>
            {iterations.map((it) => (
              <IterationRow
                key={`${it.iteration}-${it.attempt}`}
                runId={runId}
                it={it}
                open={it.experimentId !== null && it.experimentId === openId}
                checked={it.experimentId !== null && checked.includes(it.experimentId)}
                onCheck={onCheck}
              />
            ))}
          </tbody>
        </table>
      </div>
      {iterations.length === 0 && <p class="muted">No iterations yet.</p>}
    </section>
  );
}
