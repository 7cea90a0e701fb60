import type { AgentEvent } from '../../agent/index.js';
import type { Output } from '../output.js';
import { mark } from '../output.js';

const minutes = (seconds: number) => `${(Math.max(0, seconds) / 60).toFixed(1)} min`;

/**
 * The live lines of `ftdojo run` on stderr: each iteration with the budget left, the plan, each
 * stage, then one line per training step (loss, the trainer's ETA, budget left) and evaluation
 * progress in tenths, so a log file stays readable (no line per poll).
 */
export function createAgentProgress(output: Output, now: () => number = Date.now): (event: AgentEvent) => void {
  let budgetEnds = 0;
  let lastStep = -1;
  let lastTenth = -1;
  let lastPhase = '';
  let lastPlanningLine = 0;
  const left = () => `${minutes((budgetEnds - now()) / 1000)} of budget left`;
  return (event) => {
    if (event.kind === 'iteration') {
      budgetEnds = now() + event.remainingSeconds * 1000;
      output.err(mark.dim(`› iteration ${event.iteration}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''} · ${left()}`));
    } else if (event.kind === 'planning') {
      // A model that plans slowly shows it is alive: a line every 10 s, not one per token.
      const { tokens, elapsedSeconds, limitSeconds } = event.progress;
      if (elapsedSeconds - lastPlanningLine < 10) return;
      lastPlanningLine = elapsedSeconds;
      const limit = limitSeconds === null ? '' : ` of the ${Math.round(limitSeconds)} s it may take`;
      output.err(mark.dim(`  planning: ${tokens} tokens received · ${Math.round(elapsedSeconds)} s${limit} · ${left()}`));
    } else if (event.kind === 'hypothesis') {
      lastPlanningLine = 0;
      output.err(`  plan: ${event.hypothesis.rationale}`);
    } else if (event.kind === 'decision') output.err(`  ${event.accepted ? mark.ok(event.reason) : mark.skip(event.reason)}`);
    else if (event.kind === 'stopped') output.err(mark.dim(`› ${event.reason}`));
    else {
      const status = event.status;
      if (status.state !== 'running') return;
      if (status.phase !== lastPhase) {
        lastPhase = status.phase;
        lastStep = -1;
        lastTenth = -1;
        if (status.phase !== 'queued') output.err(mark.dim(`  ${status.phase} · ${left()}`));
        return;
      }
      if (status.phase === 'train' && status.train) {
        const progress = status.train;
        if (!progress.totalSteps || progress.step === lastStep) return;
        lastStep = progress.step;
        const eta = progress.etaSeconds === null ? '' : ` · ETA ${Math.round(progress.etaSeconds)} s`;
        output.err(
          mark.dim(`    step ${progress.step}/${progress.totalSteps}${progress.loss === null ? '' : ` · loss ${progress.loss.toFixed(3)}`}${eta} · ${left()}`),
        );
      } else if (status.phase === 'evaluate' && status.evaluate) {
        const { done, total, role } = status.evaluate;
        const tenth = total ? Math.floor((done / total) * 10) : 0;
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        output.err(mark.dim(`    ${role === 'base' ? 'base model' : 'evaluate'} ${done}/${total} · ${left()}`));
      }
    }
  };
}
