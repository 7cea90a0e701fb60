import type { LiveStatus } from '../../contract.js';
import { fmt3, fmtDuration } from '../../format.js';

/** What a running run does now: stage, step s/t, loss, ETA. */
export function LiveSummary({ live, testId }: { live: LiveStatus; testId: string }) {
  const steps = live.step !== null ? `step ${live.step}/${live.totalSteps ?? '?'}` : null;
  return (
    <span class="live-summary" data-testid={testId}>
      <span data-field="stage" class="stage">
        {live.stage ?? 'between stages'}
      </span>
      {live.experimentId && <span data-field="experiment">{live.experimentId}</span>}
      {steps && <span data-field="step">{steps}</span>}
      {live.loss !== null && (
        <span>
          loss <b data-field="loss">{fmt3(live.loss)}</b>
        </span>
      )}
      {live.etaSeconds !== null && <span data-field="eta">ETA {fmtDuration(live.etaSeconds)}</span>}
    </span>
  );
}
