import type { ImplementationRecord } from '../../contract.js';
import { Badge } from '../../ui/status-badge.js';
import { Card } from './card.js';

const OUTCOME_TEXT: Record<ImplementationRecord['outcome'], string> = {
  template: 'the reviewed template, filled from the plan',
  written: 'written by the model; its first draft passed',
  repaired: 'written by the model, repaired from the dojo’s diagnostics',
  'fell-back': 'the model’s code kept failing: the template ran instead',
};

/** How the experiment's code came to be: each draft of a coder model, its diff and what stopped it. */
export function ImplementationCard({ record }: { record: ImplementationRecord | null }) {
  if (!record || record.implementer === 'template') return null;
  return (
    <Card title="Code" testId="implementation" wide>
      <p class="small">
        <Badge value={record.outcome} kind={record.outcome === 'fell-back' ? 'failed' : 'accepted'} /> {OUTCOME_TEXT[record.outcome]}
        {record.model && <span class="muted"> · {record.model}</span>}
        {record.fellBack && <span class="muted"> · {record.fellBack}</span>}
      </p>
      <table class="grid implementation">
        <tbody>
          {record.rounds.map((round) => (
            <tr key={round.round} data-round={round.round} data-outcome={round.outcome}>
              <td class="key">round {round.round}</td>
              <td>
                <Badge value={round.outcome} kind={round.outcome === 'passed' ? 'accepted' : 'failed'} />
              </td>
              <td class="num">{round.seconds.toFixed(1)} s</td>
              <td>
                {round.findings.map((finding, index) => (
                  <div key={index} class="diagnostic error">
                    <b>{finding.tier}</b> <code>{finding.code}</code> {finding.message}
                  </div>
                ))}
                {round.diff && (
                  <details>
                    <summary>diff ({round.files.join(', ')})</summary>
                    <pre class="evidence">{round.diff}</pre>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
