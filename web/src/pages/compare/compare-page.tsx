import { useMemo } from 'preact/hooks';
import { api } from '../../api.js';
import { Chart } from '../../charts/chart.js';
import { compareChartHeight, compareOption } from '../../charts/compare-option.js';
import type { ComparePayload, CompareSide } from '../../contract.js';
import { href } from '../../router.js';
import { useApi } from '../../use-api.js';
import { DeltaTable, ValueDiffTable } from '../../ui/diff-tables.js';
import { ErrorBox, Loading } from '../../ui/error-box.js';
import { Badge } from '../../ui/status-badge.js';

function Side({ name, side }: { name: 'a' | 'b'; side: CompareSide }) {
  return (
    <div class={`side side-${name}`} data-side={name}>
      <div class="side-name">{name}</div>
      <div>
        <a href={href.run(side.runId)} data-field="run">
          {side.runId}
        </a>
        {side.experimentId && (
          <>
            {' / '}
            <a href={href.run(side.runId, side.experimentId)} data-field="experiment">
              {side.experimentId}
            </a>
          </>
        )}{' '}
        <Badge value={side.status} />
      </div>
      <div class="muted">task {side.task}</div>
      {side.summary && (
        <div class="summary" data-field="summary">
          {side.summary}
        </div>
      )}
    </div>
  );
}

function CompareBody({ payload }: { payload: ComparePayload }) {
  const option = useMemo(() => compareOption(payload.metrics), [payload]);
  const shown = payload.metrics.some((row) => row.a !== null || row.b !== null);
  return (
    <div class="page compare-page" data-testid="compare">
      <h1>Compare</h1>
      <div class="sides">
        <Side name="a" side={payload.a} />
        <Side name="b" side={payload.b} />
      </div>
      <div class="compare-grid">
        <section>
          <h2>Training config</h2>
          <ValueDiffTable changes={payload.config} testId="compare-config" before="a" after="b" />
          <h2>Data strategy</h2>
          <ValueDiffTable changes={payload.strategy} testId="compare-strategy" before="a" after="b" />
          <h2>Data</h2>
          <DeltaTable rows={payload.data} testId="compare-data" label="data" />
        </section>
        <section>
          <h2>Metrics</h2>
          <DeltaTable rows={payload.metrics} testId="compare-metrics" label="metric" />
          {shown && <Chart option={option} testId="compare-chart" height={compareChartHeight(payload.metrics)} />}
          <h2>Per subtask</h2>
          <DeltaTable rows={payload.subtasks} testId="compare-subtasks" label="subtask" />
        </section>
      </div>
    </div>
  );
}

export function ComparePage({ a, b }: { a: string | null; b: string | null }) {
  // Without both refs the API answers its own error and hint, which the page shows.
  const { data, error } = useApi<ComparePayload>(api.compare(a ?? '', b ?? ''));
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading what="the comparison" />;
  return <CompareBody payload={data} />;
}
