import type { BudgetStatus, ExperimentStatusMessage, Feedback, RunProjection } from '../../core/index.js';
import { DOJO_SESSION_VERSION, FtdojoError } from '../../core/index.js';

/*
 * What a session answers when it refuses an act (errors that say how to go on), and the status of
 * an experiment known only from its feedback (finished in an earlier process).
 */

const FINISH_HINT = 'finish the session, choosing the experiment to be scored';

export function unknownExperiment(sessionId: string, id: string, known: readonly string[]): FtdojoError {
  return new FtdojoError('UNKNOWN_EXPERIMENT', `no experiment ${JSON.stringify(id)} in session ${sessionId}`, {
    hint: known.length ? `its experiments: ${known.join(', ')}` : 'start one first (startExperiment)',
    fault: 'user',
  });
}

export function sessionClosed(sessionId: string, act: string): FtdojoError {
  return new FtdojoError('SESSION_CLOSED', `session ${sessionId} is closed: cannot ${act}`, { hint: 'open a new session to go on', fault: 'user' });
}

export function busy(runningId: string, act: string): FtdojoError {
  return new FtdojoError('BUSY', `experiment ${runningId} is running: cannot ${act} now`, {
    hint: `wait for it (awaitExperiment "${runningId}") or cancel it`,
    fault: 'user',
    retryable: true,
  });
}

/** Null when the budget allows the act; else the refusal, with what even an empty training would cost. */
export function budgetRefusal(budget: BudgetStatus, act: string, needs: number, emptyRun: () => RunProjection): FtdojoError | null {
  if (budget.experiments.limit !== null && budget.experiments.started >= budget.experiments.limit && act === 'run an experiment') {
    return new FtdojoError('BUDGET_EXHAUSTED', `the session's ${budget.experiments.limit} experiments are spent: cannot ${act}`, {
      hint: FINISH_HINT,
      fault: 'user',
    });
  }
  if (budget.wallSeconds.left >= needs) return null;
  return new FtdojoError(
    'BUDGET_EXHAUSTED',
    `${Math.round(budget.wallSeconds.left)} s of the session's ${Math.round(budget.wallSeconds.limit)} s are left: too little to ${act} (it needs at least ${Math.round(needs)} s; even an empty training is projected at ${emptyRun().totalSeconds} s)`,
    { hint: FINISH_HINT, fault: 'user' },
  );
}

const STATE_OF: Record<Feedback['execution']['state'], ExperimentStatusMessage['state']> = {
  succeeded: 'succeeded',
  failed: 'failed',
  timeout: 'timeout',
  interrupted: 'cancelled',
};

export const stateOf = (feedback: Feedback): ExperimentStatusMessage['state'] => STATE_OF[feedback.execution.state];

export function statusFromFeedback(id: string, feedback: Feedback): ExperimentStatusMessage {
  return {
    schemaVersion: DOJO_SESSION_VERSION,
    kind: 'experiment-status',
    experimentId: id,
    parentExperimentId: null,
    state: stateOf(feedback),
    phase: feedback.execution.stage,
    seconds: feedback.budget.wallSeconds.spent,
    tiers: [],
    train: null,
    evaluate: null,
    primaryMetric: feedback.evaluation?.primary.value ?? null,
    feedbackReady: true,
  };
}
