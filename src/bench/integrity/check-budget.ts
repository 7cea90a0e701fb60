import type { IntegrityCheck } from '../../core/index.js';

/**
 * Time past the limit that is not an overrun: the larger of 30 s and 5% of the limit. A session
 * ends its last act after the budget runs out (a cancelled training stops its trainer, frees the
 * model and writes its feedback; the harness closes the session only once the agent returns), and
 * that cleanup grows with the model and the run, so a fixed allowance alone would flag every long
 * paper-profile attempt while a share alone would flag every short mini one.
 */
export const BUDGET_TOLERANCE = { seconds: 30, share: 0.05 } as const;

export function budgetToleranceSeconds(limitSeconds: number): number {
  return Math.max(BUDGET_TOLERANCE.seconds, BUDGET_TOLERANCE.share * limitSeconds);
}

/** Wall-clock seconds spent against the limit, by the session's clock, or the attempt's for an agent outside the dojo. */
export function checkBudget(clock: { limit: number; spent: number; measuredBy: 'session' | 'attempt' }): IntegrityCheck {
  const tolerance = budgetToleranceSeconds(clock.limit);
  const over = clock.spent - clock.limit;
  const figures = `${Math.round(clock.spent)} s of ${Math.round(clock.limit)} s by the ${clock.measuredBy}'s clock (tolerance ${Math.round(tolerance)} s)`;
  return over > tolerance
    ? { rule: 'budget', passed: false, flag: 'budget-overrun', detail: `over budget by ${Math.round(over)} s: ${figures}` }
    : { rule: 'budget', passed: true, flag: null, detail: `within budget: ${figures}` };
}
