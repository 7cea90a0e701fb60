import type { ExperimentPayload, ReferenceComparison } from '../../contract.js';
import { fmt3, fmtDelta, fmtInterval } from '../../format.js';
import { Badge } from '../../ui/status-badge.js';
import { Card } from './card.js';

function Signal({ name, flagged, evidence }: { name: string; flagged: boolean; evidence: string[] }) {
  return (
    <li data-signal={name} data-flagged={String(flagged)} class={flagged ? 'flagged' : ''}>
      <b>{name}</b> {flagged ? <Badge value="flagged" kind="failed" /> : <span class="muted">no</span>}
      {evidence.length > 0 && (
        <ul class="evidence-list">
          {evidence.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Versus({ label, reference }: { label: string; reference: ReferenceComparison | null }) {
  if (!reference) return null;
  return (
    <div class="versus" data-versus={label}>
      <div>
        vs {label}
        {reference.experimentId ? ` (${reference.experimentId})` : ''}: <Badge value={reference.verdict} /> {fmt3(reference.value)} → improvement{' '}
        <b>{fmtDelta(reference.improvement)}</b> <span class="interval">{fmtInterval(reference.interval)}</span>{' '}
        <span class="muted">on {reference.pairedItems} items</span>
      </div>
      <div class="reason muted">{reference.reason}</div>
    </div>
  );
}

/** The analyst's reading of the experiment: the diagnosis, the training signals, the verdicts, the failure. */
export function AnalysisCard({ payload }: { payload: ExperimentPayload }) {
  const feedback = payload.feedback;
  const training = feedback?.training ?? null;
  const comparison = feedback?.comparison ?? null;
  const failure = feedback?.execution.error ?? null;
  return (
    <Card title="Analysis" testId="analysis" wide>
      {failure && (
        <div class="failure" data-field="failure">
          <Badge value={failure.category} kind="failed" /> {failure.hint}
          {failure.rootCause.length > 0 && <pre class="evidence">{failure.rootCause.join('\n')}</pre>}
        </div>
      )}
      {payload.diagnosis && (
        <div class="diagnosis" data-field="diagnosis">
          <b>diagnosis:</b> {payload.diagnosis.problem}
          <ul class="evidence-list">
            {payload.diagnosis.evidence.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {training && (
        <ul class="signals">
          <Signal name="divergence" flagged={training.divergence.diverged} evidence={[training.divergence.evidence]} />
          <Signal name="underfitting" flagged={training.underfitting.flagged} evidence={training.underfitting.evidence} />
          <Signal name="overfitting" flagged={training.overfitting.flagged} evidence={training.overfitting.evidence} />
        </ul>
      )}
      {comparison && (
        <div class="comparison" data-field="comparison">
          <div>
            verdict <Badge value={comparison.verdict} /> <span class="muted">({comparison.rule.name})</span>
          </div>
          <Versus label="best" reference={comparison.best} />
          <Versus label="base" reference={comparison.base} />
        </div>
      )}
      {!failure && !payload.diagnosis && !training && !comparison && <p class="muted">No feedback for this experiment yet.</p>}
      {payload.warnings.length > 0 && (
        <ul class="warnings">
          {payload.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </Card>
  );
}
