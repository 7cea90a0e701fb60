import type { ExperimentPayload } from '../../contract.js';
import { ValueDiffTable } from '../../ui/diff-tables.js';
import { Card } from './card.js';

export function HypothesisCard({ payload }: { payload: ExperimentPayload }) {
  const h = payload.hypothesis;
  return (
    <Card title="Hypothesis" testId="hypothesis">
      {h ? (
        <dl class="kv">
          <dt>changes</dt>
          <dd data-field="changes">{h.changes}</dd>
          <dt>addresses</dt>
          <dd data-field="addresses">{h.addresses}</dd>
          <dt>rationale</dt>
          <dd data-field="rationale">{h.rationale}</dd>
          <dt>expected effect</dt>
          <dd data-field="expected-effect">{h.expectedEffect}</dd>
          <dt>proposer</dt>
          <dd data-field="proposer">{h.proposer}</dd>
        </dl>
      ) : (
        <p class="muted">No hypothesis recorded for this experiment.</p>
      )}
    </Card>
  );
}

function FullJson({ label, value }: { label: string; value: unknown }) {
  if (value === null) return null;
  return (
    <details class="full-json">
      <summary>{label}</summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

export function ConfigCard({ payload }: { payload: ExperimentPayload }) {
  const parent = payload.parentExperimentId ?? 'base model';
  return (
    <Card title={`Changes against ${parent}`}>
      <h4>training config</h4>
      <ValueDiffTable changes={payload.configDiff} testId="config-diff" before={parent} after={payload.experimentId} />
      <h4>data strategy</h4>
      <ValueDiffTable changes={payload.strategyDiff} testId="strategy-diff" before={parent} after={payload.experimentId} />
      <FullJson label="full training config (train.yaml)" value={payload.config} />
      <FullJson label="full data strategy (strategy.json)" value={payload.strategy} />
    </Card>
  );
}
