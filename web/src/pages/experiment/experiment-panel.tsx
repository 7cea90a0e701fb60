import { useEffect, useRef } from 'preact/hooks';
import { api } from '../../api.js';
import type { ExperimentPayload, ReportScore } from '../../contract.js';
import { fmt3, fmtInterval } from '../../format.js';
import { href } from '../../router.js';
import { useApi } from '../../use-api.js';
import { ErrorBox, Loading } from '../../ui/error-box.js';
import { Badge } from '../../ui/status-badge.js';
import { AnalysisCard } from './analysis.js';
import { ConfigCard, HypothesisCard } from './hypothesis.js';
import { DataStatsCard } from './data-stats.js';
import { ErrorSamplesCard } from './error-samples.js';
import { FailFastCard } from './failfast.js';
import { ImplementationCard } from './implementation.js';
import { LossCard } from './loss-card.js';
import { MetricsCard } from './metrics-card.js';

function TestScore({ score }: { score: ReportScore }) {
  return (
    <div class="experiment-test" data-testid="experiment-test">
      held-out test {score.metric} <b data-field="test">{fmt3(score.value)}</b> <span class="interval">{fmtInterval(score.interval)}</span>
    </div>
  );
}

function PanelHead({ payload }: { payload: ExperimentPayload }) {
  const { runId, experimentId, parentExperimentId } = payload;
  const state = payload.feedback?.execution.state ?? null;
  return (
    <div class="panel-head">
      <h2>
        {experimentId}
        {payload.iteration !== null && <span class="muted"> · iteration {payload.iteration}</span>}
      </h2>
      {state && <Badge value={state} kind={state === 'succeeded' ? 'accepted' : 'failed'} />}
      <span class="muted">from {parentExperimentId ? <a href={href.run(runId, parentExperimentId)}>{parentExperimentId}</a> : 'the base model'}</span>
      {parentExperimentId && <a href={href.compare(`${runId}/${parentExperimentId}`, `${runId}/${experimentId}`)}>compare with parent</a>}
      <a class="close" href={href.run(runId)} title="close the panel">
        ✕
      </a>
    </div>
  );
}

export function ExperimentPanel({ runId, experimentId, version }: { runId: string; experimentId: string; version: number }) {
  const { data, error } = useApi<ExperimentPayload>(api.experiment(runId, experimentId), version);
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [experimentId]);

  return (
    <section class="experiment-panel" data-testid="experiment-panel" data-experiment-id={experimentId} ref={box}>
      {!data ? (
        error ? (
          <ErrorBox error={error} />
        ) : (
          <Loading what={experimentId} />
        )
      ) : (
        <>
          <PanelHead payload={data} />
          {data.test && <TestScore score={data.test} />}
          <div class="cards">
            <HypothesisCard payload={data} />
            <ConfigCard payload={data} />
            <DataStatsCard data={data.feedback?.data ?? null} />
            <LossCard curve={data.lossCurve} training={data.feedback?.training ?? null} />
            <MetricsCard evaluation={data.feedback?.evaluation ?? null} />
            <AnalysisCard payload={data} />
            <ErrorSamplesCard samples={data.feedback?.evaluation?.errorSamples ?? []} />
            <ImplementationCard record={data.implementation} />
            <FailFastCard report={data.validation} />
          </div>
        </>
      )}
    </section>
  );
}
