import { FtdojoError } from '../../core/index.js';

/** How much of a run's time left one LLM call may use, and the cap on a whole planning step. */
export interface CallTimePolicy {
  /** The share of the time left that one call may use, retries and repairs included (0 < share ≤ 1). */
  share: number;
  /** The most seconds a whole step (planning: its calls, re-asks and repairs) may take, however much time is left. */
  capSeconds: number;
}

/** 10% of the time left, at most 5 minutes: a 15-minute run gives its first plan 90 s. */
export const DEFAULT_CALL_TIME_POLICY: CallTimePolicy = { share: 0.1, capSeconds: 300 };

/** The least a call is given, so that a run with seconds left still gets an answer from a fast server. */
const FLOOR_SECONDS = 5;

/**
 * When a call (or a step of calls) must be over, in ms since the epoch: `share` of the time left,
 * at most `capSeconds`, at least a few seconds. Budgets come from the run, so a slow model costs a
 * bounded part of it and the run goes on with the fallback.
 */
export function callDeadline(remainingSeconds: number, policy: CallTimePolicy = DEFAULT_CALL_TIME_POLICY, now: number = Date.now()): number {
  const seconds = Math.max(FLOOR_SECONDS, Math.min(policy.capSeconds, Math.max(0, remainingSeconds) * policy.share));
  return now + seconds * 1000;
}

export function checkCallTimePolicy(policy: CallTimePolicy): CallTimePolicy {
  if (!(policy.share > 0 && policy.share <= 1))
    throw new FtdojoError('INVALID_INPUT', `an LLM call's share of the time left must be above 0 and at most 1, not ${policy.share}`, {
      hint: 'e.g. FTDOJO_AGENT_LLM_CALL_SHARE=0.1 (a tenth of the time left)',
    });
  if (!(policy.capSeconds >= FLOOR_SECONDS))
    throw new FtdojoError('INVALID_INPUT', `a planning step's cap must be at least ${FLOOR_SECONDS} s, not ${policy.capSeconds}`, {
      hint: 'e.g. FTDOJO_AGENT_LLM_PLAN_SECONDS=300',
    });
  return policy;
}
