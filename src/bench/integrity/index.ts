/**
 * The integrity audit the harness runs after every attempt (issue #12): rules over what the
 * session left (training rows, adapters, its clock, the acts it refused), written beside the
 * attempt and flagged on the leaderboard.
 */
export * from './audit-attempt.js';
export { checkBaseModel, sameBaseModel } from './check-base-model.js';
export type { AdapterToCheck } from './check-base-model.js';
export { BUDGET_TOLERANCE, budgetToleranceSeconds, checkBudget } from './check-budget.js';
export { checkHeldOutOverlap } from './check-held-out-overlap.js';
export type { HeldOutKeys } from './check-held-out-overlap.js';
export { checkRefusals, LIMIT_REFUSAL_KINDS, LIMIT_REFUSALS_FLAGGED } from './check-refusals.js';
export { createTrainingRowsReader, trainingRowKeys } from './training-rows.js';
export type { TrainingData } from './training-rows.js';
