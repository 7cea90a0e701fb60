import type { Feedback, Problem } from '../../core/index.js';

export interface Diagnosis {
  problem: Problem;
  /** The facts from the feedback document that decided it. */
  evidence: string[];
}

/** Shares above which a problem dominates: measured facts, not opinions. */
export const DIAGNOSIS_THRESHOLDS = { formatErrorRate: 0.2, overCutoffShare: 0.05, truncatedShare: 0.2 } as const;

/**
 * Names the dominant problem of one experiment from its feedback, in the order that blocks
 * progress most: a run that did not finish, divergence, answers the scorer cannot read,
 * truncation, then the fitting signals. `none` when nothing stands out.
 */
export function diagnose(feedback: Feedback): Diagnosis {
  const { execution, data, training, evaluation } = feedback;
  if (execution.state !== 'succeeded') {
    const category = execution.error?.category ?? 'UNKNOWN';
    const problem: Problem = category === 'BUDGET' || category === 'TIMEOUT' ? 'over-budget' : 'failed-run';
    return { problem, evidence: [`${execution.state} at ${execution.stage}: ${category}`, ...(execution.error?.rootCause.slice(0, 2) ?? [])] };
  }
  if (training?.divergence.diverged) return { problem: 'divergence', evidence: [training.divergence.evidence] };
  if (evaluation && evaluation.formatErrorRate > DIAGNOSIS_THRESHOLDS.formatErrorRate) {
    return {
      problem: 'format-errors',
      evidence: [`${(evaluation.formatErrorRate * 100).toFixed(0)}% of validation answers could not be read in the task's format`],
    };
  }
  const truncatedOutputs = evaluation ? evaluation.outcomes.truncated / Math.max(1, evaluation.samples) : 0;
  const overCutoff = data ? data.overCutoff / Math.max(1, data.rows.output) : 0;
  if (overCutoff > DIAGNOSIS_THRESHOLDS.overCutoffShare || truncatedOutputs > DIAGNOSIS_THRESHOLDS.truncatedShare) {
    return {
      problem: 'truncation',
      evidence: [
        `${(overCutoff * 100).toFixed(0)}% of training rows over cutoff_len`,
        `${(truncatedOutputs * 100).toFixed(0)}% of validation outputs cut at the token limit`,
      ],
    };
  }
  if (training?.underfitting.flagged) return { problem: 'underfitting', evidence: training.underfitting.evidence };
  if (training?.overfitting.flagged) return { problem: 'overfitting', evidence: training.overfitting.evidence };
  if (data && data.rows.output < data.rows.sampleCap / 2)
    return { problem: 'too-little-data', evidence: [`${data.rows.output} rows of a cap of ${data.rows.sampleCap}`] };
  return { problem: 'none', evidence: [] };
}
