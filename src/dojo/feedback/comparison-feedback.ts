import type { ComparisonFeedback } from '../../core/index.js';
import type { EvaluationReportFile } from '../../eval/index.js';
import { DECISION_RULE, decideImprovement, type DecisionOptions } from './decide-improvement.js';

/** The best experiment so far, by its validation result. */
export interface BestSoFar {
  experimentId: string;
  report: EvaluationReportFile;
}

/**
 * The comparison level: the candidate against the best so far and against the base model, each
 * by the decision rule. The overall verdict is against the best so far when there is one (that
 * is what decides whether the candidate becomes the new best), else against the base model.
 */
export function comparisonFeedback(
  candidate: EvaluationReportFile,
  best: BestSoFar | null,
  base: EvaluationReportFile | null,
  options: DecisionOptions = {},
): ComparisonFeedback {
  const againstBest = best ? decideImprovement(candidate, best.report, best.experimentId, options) : null;
  const againstBase = base ? decideImprovement(candidate, base, null, options) : null;
  const deciding = againstBest ?? againstBase;
  return {
    metric: candidate.report.primary.metric,
    direction: candidate.report.primary.direction,
    candidate: candidate.report.primary.value,
    rule: { name: DECISION_RULE.name, description: DECISION_RULE.description },
    best: againstBest,
    base: againstBase,
    verdict: deciding?.verdict ?? 'inconclusive',
    reason: deciding?.reason ?? 'nothing to compare with: neither a best experiment nor a base-model result was given',
  };
}
