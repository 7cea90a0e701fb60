import { useMemo } from 'preact/hooks';
import { Chart } from '../../charts/chart.js';
import { lossOption } from '../../charts/loss-option.js';
import type { Feedback, LossCurve } from '../../contract.js';
import { fmt3, fmtDuration } from '../../format.js';
import { Card } from './card.js';

export function LossCard({ curve, training }: { curve: LossCurve | null; training: Feedback['training'] }) {
  const option = useMemo(() => (curve ? lossOption(curve) : null), [curve]);
  const last = curve?.points[curve.points.length - 1];
  return (
    <Card title="Training loss">
      {curve && option && curve.points.length > 0 ? (
        <>
          <Chart option={option} testId="loss-chart" height={200} attrs={{ 'data-points': curve.points.length }} />
          <p class="loss-line">
            final loss <b data-testid="loss-final">{fmt3(last?.loss)}</b> at step {last?.step}
            <span class="muted"> · {curve.source === 'trainer-log' ? 'from trainer_log.jsonl' : 'downsampled, from the feedback'}</span>
            {curve.nonFinite > 0 && (
              <span class="warn" data-field="non-finite">
                {' '}
                · {curve.nonFinite} NaN/infinite losses left out
              </span>
            )}
          </p>
        </>
      ) : (
        <p class="muted">No training loss was logged.</p>
      )}
      {training && (
        <p class="muted small">
          {training.state} in {fmtDuration(training.seconds)}
          {training.trainSeconds !== null && ` (training loop ${fmtDuration(training.trainSeconds)})`}
          {training.epochs !== null && ` · ${training.epochs} epochs`}
          {training.throughput.samplesPerSecond !== null && ` · ${training.throughput.samplesPerSecond.toFixed(2)} samples/s`}
          {training.throughput.tokensPerSecond !== null && ` · ${Math.round(training.throughput.tokensPerSecond)} tokens/s`}
        </p>
      )}
    </Card>
  );
}
