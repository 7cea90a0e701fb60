import type { BudgetStatus } from '../../core/index.js';
import type { AgentEvent, AgentOutcome, RunAgentOptions } from './loop-types.js';
import type { Stop } from './stop-conditions.js';
import { firstStop } from './stop-conditions.js';

/** What both loops (one at a time, parallel rounds) share: emitting events, the stop check over the loop's state, and the outcome a stop gives. */
export function loopControls(options: RunAgentOptions) {
  const { state } = options;
  const emit = (event: AgentEvent) => options.onEvent?.(event);
  return {
    emit,
    stopFor: (budget: BudgetStatus) => firstStop(options.stops, { iteration: state.iteration, sinceImprovement: state.sinceImprovement, budget }),
    finish: (stop: Stop): AgentOutcome => {
      emit({ kind: 'stopped', reason: stop.reason });
      return { ...stop, bestExperimentId: state.bestId, attempts: state.attempts };
    },
  };
}
