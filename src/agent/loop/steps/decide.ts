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

/**
 * The decisions of a parallel round, in iteration order. Each experiment is judged by the same
 * rule against the best the round started from (what its feedback compared with); when several
 * pass, the one with the best primary metric becomes the best (the earliest on a tie) and the
 * others are recorded as not accepted, saying which one won. Deterministic, whichever finished first.
 */
export function decideRound(results: readonly { experimentId: string; feedback: Feedback }[], bestId: string | null): Decision[] {
  const own = results.map((result) => decide(result.experimentId, result.feedback, bestId));
  const primary = (index: number) => results[index]!.feedback.evaluation?.primary;
  let winner = -1;
  own.forEach((decision, index) => {
    if (!decision.accepted) return;
    const mine = primary(index);
    const theirs = winner < 0 ? undefined : primary(winner);
    const better =
      theirs?.value === null ||
      theirs?.value === undefined ||
      (mine?.value !== null && mine?.value !== undefined && (mine.direction === 'higher' ? mine.value > theirs.value : mine.value < theirs.value));
    if (winner < 0 || better) winner = index;
  });
  let best = bestId;
  return own.map((decision, index) => {
    if (index === winner) {
      best = results[index]!.experimentId;
      return { ...decision, bestExperimentId: best };
    }
    if (!decision.accepted) return { ...decision, bestExperimentId: best };
    const winnerId = results[winner]!.experimentId;
    return {
      accepted: false,
      bestExperimentId: best,
      reason: `not accepted: it passed (${decision.reason.replace(/^accepted( as the first best)?: /, '')}), but ${winnerId} of the same round scored better (${primary(index)?.metric ?? 'primary'} ${primary(winner)?.value ?? '—'} against ${primary(index)?.value ?? '—'})`,
    };
  });
}
