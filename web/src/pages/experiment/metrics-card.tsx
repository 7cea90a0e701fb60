import type { Feedback } from '../../contract.js';
import { fmt3, fmtInterval, fmtPercent } from '../../format.js';
import { Card } from './card.js';

type Evaluation = NonNullable<Feedback['evaluation']>;

function Outcomes({ outcomes }: { outcomes: Evaluation['outcomes'] }) {
  return (
    <div class="outcomes" data-field="outcomes">
      {Object.entries(outcomes).map(([name, count]) => (
        <span key={name} class={`outcome outcome-${name}`} data-outcome={name}>
          {name} <b>{count}</b>
        </span>
      ))}
    </div>
  );
}

function Subtasks({ rows }: { rows: Evaluation['bySubtask'] }) {
  if (rows.length === 0) return null;
  return (
    <table class="grid num" data-testid="subtasks">
      <thead>
        <tr>
          <th>subtask</th>
          <th>value</th>
          <th>count</th>
          <th>format errors</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.subtask} data-subtask={row.subtask}>
            <td class="key">{row.subtask}</td>
            <td data-col="value">{fmt3(row.value)}</td>
            <td data-col="count">{row.count}</td>
            <td data-col="format-errors">{row.formatErrors}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MetricsCard({ evaluation }: { evaluation: Feedback['evaluation'] }) {
  return (
    <Card title="Validation" testId="metrics">
      {!evaluation ? (
        <p class="muted">No validation result.</p>
      ) : (
        <>
          <p class="primary-metric">
            {evaluation.primary.metric} <b data-field="primary">{fmt3(evaluation.primary.value)}</b>{' '}
            <span class="interval" data-field="primary-interval">
              {fmtInterval(evaluation.primary.interval)}
            </span>
            <span class="muted">
              {' '}
              · {evaluation.samples} samples · {evaluation.primary.direction} is better
            </span>
          </p>
          <table class="grid num">
            <tbody>
              {evaluation.metrics
                .filter((metric) => metric.metric !== evaluation.primary.metric)
                .map((metric) => (
                  <tr key={metric.metric} data-metric={metric.metric}>
                    <td class="key">{metric.metric}</td>
                    <td>{fmt3(metric.value)}</td>
                    <td class="muted">{metric.unsupported ?? `${metric.direction} is better`}</td>
                  </tr>
                ))}
              <tr data-metric="format-error-rate">
                <td class="key">format error rate</td>
                <td>{fmt3(evaluation.formatErrorRate)}</td>
                <td class="muted">{fmtPercent(evaluation.formatErrorRate)}</td>
              </tr>
            </tbody>
          </table>
          <Outcomes outcomes={evaluation.outcomes} />
          <Subtasks rows={evaluation.bySubtask} />
        </>
      )}
    </Card>
  );
}
