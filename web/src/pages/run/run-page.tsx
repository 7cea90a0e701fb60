import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { RunPayload, RunRow } from '../../contract.js';
import { useLive } from '../../live.js';
import { useApi } from '../../use-api.js';
import { ErrorBox, Loading } from '../../ui/error-box.js';
import { ExperimentPanel } from '../experiment/experiment-panel.js';
import { ExperimentTree } from './experiment-tree.js';
import { IterationsTable } from './iterations-table.js';
import { RunHeader } from './run-header.js';
import { ScoreChart } from './score-chart.js';

/** What in the streamed row means the run recorded something new (the budget clock does not count). */
function changeKey(row: RunRow | undefined): string {
  if (!row) return '';
  return `${row.lastSeq}|${row.status}|${JSON.stringify(row.live ? { ...row.live, budgetLeftSeconds: null } : null)}`;
}

/** Bumps a counter whenever the stream shows that this run moved: the page refetches on it. */
function useRunChanges(row: RunRow | undefined): number {
  const key = changeKey(row);
  const last = useRef(key);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (key !== last.current && (last.current !== '' || row?.status === 'running')) setVersion((n) => n + 1);
    last.current = key;
  }, [key]);
  return version;
}

export function RunPage({ runId, experimentId }: { runId: string; experimentId: string | null }) {
  const live = useLive();
  const row = live.runs?.runs.find((candidate) => candidate.runId === runId);
  const version = useRunChanges(row);
  const { data, error } = useApi<RunPayload>(api.run(runId), version);

  if (!data) return error ? <ErrorBox error={error} /> : <Loading what={runId} />;
  const report = data.report;
  const metric = report.primaryMetric?.metric ?? row?.metric ?? 'score';
  return (
    <section class="page run-page">
      {error && <ErrorBox error={error} />}
      <RunHeader payload={data} live={row?.live ?? data.live} />
      <div class="run-charts">
        <ExperimentTree runId={runId} tree={report.tree} base={report.baseValidation} openId={experimentId} />
        <ScoreChart runId={runId} iterations={report.iterations} base={report.baseValidation} metric={metric} />
      </div>
      <IterationsTable runId={runId} iterations={report.iterations} openId={experimentId} />
      {experimentId && <ExperimentPanel runId={runId} experimentId={experimentId} version={version} />}
    </section>
  );
}
