import type { Feedback } from '../../../core/index.js';

export interface Decision {
  accepted: boolean;
  /** The best experiment after this decision. */
  bestExperimentId: string | null;
  reason: string;
}

/**
 * Acceptance is a rule, never an opinion: the first experiment that is not worse than the base
 * model becomes the best; later ones must beat the best beyond noise (paired bootstrap: the
 * feedback's comparison verdict "improved").
 */
export function decide(experimentId: string, feedback: Feedback, bestId: string | null): Decision {
  const comparison = feedback.comparison;
  const succeeded = feedback.execution.state === 'succeeded' && feedback.evaluation !== null;
  const versusBase = comparison?.base?.verdict ?? null;
  const accepted = succeeded && (bestId === null ? versusBase !== 'worse' : comparison?.best?.verdict === 'improved');
  const reason = !succeeded
    ? `not accepted: the experiment ${feedback.execution.state} at ${feedback.execution.stage}`
    : bestId === null
      ? `${accepted ? 'accepted as the first best' : 'not accepted'}: against the base model ${versusBase ?? 'not compared'}${comparison?.base ? ` (${comparison.base.reason})` : ''}`
      : `${accepted ? 'accepted' : 'not accepted'}: against ${bestId} ${comparison?.best?.verdict ?? 'not compared'}${comparison?.best ? ` (${comparison.best.reason})` : ''}`;
  return { accepted, bestExperimentId: accepted ? experimentId : bestId, reason };
}
