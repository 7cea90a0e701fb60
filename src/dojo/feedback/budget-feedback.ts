import type { BudgetFeedback, BudgetLine } from '../../core/index.js';

/** What was spent of one resource, and its limit (null: no limit). */
export interface BudgetUse {
  spent: number;
  limit: number | null;
}

export interface BudgetFacts {
  wallSeconds: BudgetUse;
  trainingSeconds: BudgetUse;
  /** Tokens through the LLM gateway. */
  llmTokens: BudgetUse;
  experiments: BudgetUse;
}

/** The budget level: each resource's spend, limit and what is left (never below zero). */
export function budgetFeedback(facts: BudgetFacts): BudgetFeedback {
  return {
    wallSeconds: line(facts.wallSeconds),
    trainingSeconds: line(facts.trainingSeconds),
    llmTokens: line(facts.llmTokens),
    experiments: line(facts.experiments),
  };
}

function line(use: BudgetUse): BudgetLine {
  const spent = Math.max(0, use.spent);
  const limit = use.limit === null ? null : Math.max(0, use.limit);
  return { spent, limit, left: limit === null ? null : Math.max(0, limit - spent) };
}
