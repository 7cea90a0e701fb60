import type { ComponentChildren } from 'preact';
import type { LiveStatus, ReportScore, RunPayload } from '../../contract.js';
import { fmt3, fmtDelta, fmtDuration, fmtInterval, fmtTime } from '../../format.js';
import { href } from '../../router.js';
import { Badge } from '../../ui/status-badge.js';

function Score({ score, field }: { score: ReportScore | null; field: string }) {
  if (!score || score.value === null) return <span class="muted">—</span>;
  return (
    <span>
      <b data-field={field}>{fmt3(score.value)}</b> <span class="interval">{fmtInterval(score.interval)}</span>
    </span>
  );
}

function HeldOut({ payload }: { payload: RunPayload }) {
  const { heldOut } = payload.report;
  const best = heldOut.best;
  const base = heldOut.base;
  const gain = best?.value != null && base?.value != null ? best.value - base.value : null;
  return (
    <div class="heldout" data-testid="heldout">
      <h3>Held-out test{heldOut.metric ? ` · ${heldOut.metric}` : ''}</h3>
      <div class="heldout-grid">
        <div>
          <div class="label">best{best ? ` (${best.experimentId})` : ''}</div>
          <Score score={best} field="best-test" />
        </div>
        <div>
          <div class="label">base model</div>
          <Score score={base} field="base-test" />
        </div>
        <div>
          <div class="label">best − base</div>
          <span data-field="gain">{fmtDelta(gain)}</span>
        </div>
        <div>
          <div class="label">fixed-recipe baseline{heldOut.baseline ? ` (${heldOut.baseline.runId})` : ''}</div>
          {heldOut.baseline ? <Score score={heldOut.baseline.test} field="baseline-test" /> : <span class="muted">{heldOut.baselineHint ?? 'none'}</span>}
        </div>
      </div>
      {!best && <p class="muted">The run chose no experiment to score on the held-out test split.</p>}
    </div>
  );
}

export function RunLive({ live }: { live: LiveStatus | null }) {
  return (
    <div class="run-live" data-testid="run-live">
      <Badge value="running" />
      {live ? (
        <>
          <span>
            iteration <b>{live.iteration ?? '—'}</b>
            {live.experimentId ? ` · ${live.experimentId}` : ''}
          </span>
          <span data-field="stage">stage {live.stage ?? 'between stages'}</span>
          {live.step !== null && (
            <span data-field="step">
              step {live.step}/{live.totalSteps ?? '?'}
            </span>
          )}
          {live.loss !== null && (
            <span>
              loss <b data-field="loss">{fmt3(live.loss)}</b>
            </span>
          )}
          {live.etaSeconds !== null && <span data-field="eta">ETA {fmtDuration(live.etaSeconds)}</span>}
          {live.budgetLeftSeconds !== null && <span data-field="budget-left">{fmtDuration(live.budgetLeftSeconds)} of budget left</span>}
        </>
      ) : (
        <span class="muted">waiting for the run's first stage</span>
      )}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function RunHeader({ payload, live }: { payload: RunPayload; live: LiveStatus | null }) {
  const { run, primaryMetric } = payload.report;
  const running = run.status === 'running';
  return (
    <section class="run-header" data-testid="run-header">
      <div class="page-head">
        <h1>{run.runId}</h1>
        <Badge value={run.status} />
      </div>
      <dl class="facts">
        <Fact label="task">
          <span data-field="task">{run.task}</span> <span class="muted">({run.profile})</span>
        </Fact>
        <Fact label="agent">
          {run.agent} <span class="muted">/ {run.planner}</span>
        </Fact>
        <Fact label="backbone">{payload.backbone ?? '—'}</Fact>
        <Fact label="metric">{primaryMetric ? `${primaryMetric.metric} (${primaryMetric.direction} is better)` : '—'}</Fact>
        <Fact label="budget used">
          {fmtDuration(run.secondsUsed)}
          {run.budget.wallSeconds !== null && <span class="muted"> / {fmtDuration(run.budget.wallSeconds)}</span>}
        </Fact>
        <Fact label="iterations">
          {run.iterationsFinished}{' '}
          <span class="muted">
            ({run.experiments} experiments{run.resumes ? `, ${run.resumes} resumes` : ''})
          </span>
        </Fact>
        <Fact label="best experiment">{run.bestExperimentId ? <a href={href.run(run.runId, run.bestExperimentId)}>{run.bestExperimentId}</a> : '—'}</Fact>
        <Fact label="started">{fmtTime(run.startedAt)}</Fact>
        {!running && <Fact label="finished">{fmtTime(run.finishedAt)}</Fact>}
        {run.finishReason && (
          <Fact label="finish reason">
            <span data-field="finish-reason">{run.finishReason}</span>
          </Fact>
        )}
      </dl>
      {running ? <RunLive live={live} /> : <HeldOut payload={payload} />}
      {payload.report.warnings.length > 0 && (
        <details class="warnings">
          <summary>{payload.report.warnings.length} warnings</summary>
          <ul>
            {payload.report.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
