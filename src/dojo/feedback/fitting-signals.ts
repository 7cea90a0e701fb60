import type { Divergence, FittingSignal, LossSummary, ReferenceComparison } from '../../core/index.js';
import { round } from './summarize-loss.js';

export interface FittingFacts {
  loss: LossSummary | null;
  divergence: Divergence;
  /** Epochs trained, when the trainer logged them. */
  epochs: number | null;
  /** The validation result against the base model, when there is one. */
  againstBase?: ReferenceComparison | null | undefined;
}

/** Below this many logged points a curve says nothing about fitting. */
const MIN_POINTS = 5;
/** A loss that kept more than this fraction of its start barely fell. */
const BARELY_FELL = 0.9;
/** The last window still falling by more than this fraction of the window before it. */
const STILL_FALLING = 0.1;
/** A training loss below this on SFT data usually means the rows are being memorised. */
const NEAR_ZERO = 0.05;
const MANY_EPOCHS = 3;
const LOW_AFTER_MANY_EPOCHS = 0.2;

/**
 * Under-fitting: the loss barely fell, or was still falling clearly when training stopped (more
 * steps or a higher learning rate would likely help). Not judged when the loss diverged: that is
 * its own finding. The evidence lists what was measured either way.
 */
export function detectUnderfitting(facts: FittingFacts): FittingSignal {
  const { loss } = facts;
  if (!loss || loss.points.length < MIN_POINTS)
    return { flagged: false, evidence: [`not judged: ${loss?.points.length ?? 0} logged loss point(s), fewer than ${MIN_POINTS}`] };
  if (facts.divergence.diverged) return { flagged: false, evidence: ['not judged: the loss diverged'] };
  const evidence: string[] = [];
  let flagged = false;
  const kept = loss.end / loss.start;
  if (kept > BARELY_FELL) {
    flagged = true;
    evidence.push(`the loss barely fell: ${round(loss.start)} → ${round(loss.end)} (${percent(1 - kept)} lower)`);
  } else {
    evidence.push(`the loss fell ${percent(1 - kept)}: ${round(loss.start)} → ${round(loss.end)}`);
  }
  const losses = loss.points.map((point) => point.loss);
  const window = Math.max(2, Math.floor(losses.length / 4));
  const last = mean(losses.slice(-window));
  const before = mean(losses.slice(-2 * window, -window));
  if (last < before * (1 - STILL_FALLING)) {
    flagged = true;
    evidence.push(
      `the loss was still falling when training stopped: ${round(before)} → ${round(last)} over the last two windows of ${window} points; more steps may help`,
    );
  }
  return { flagged, evidence };
}

/**
 * Over-fitting, from what a training run without an eval loss can show: a training loss near
 * zero (memorised rows), a low loss after many epochs, or a validation score below the base
 * model's although the training loss fell well (the model learned the rows, not the task).
 */
export function detectOverfitting(facts: FittingFacts): FittingSignal {
  const { loss } = facts;
  if (!loss || loss.points.length < MIN_POINTS)
    return { flagged: false, evidence: [`not judged: ${loss?.points.length ?? 0} logged loss point(s), fewer than ${MIN_POINTS}`] };
  const evidence: string[] = [];
  if (loss.end < NEAR_ZERO) evidence.push(`the training loss ended near zero (${round(loss.end)} < ${NEAR_ZERO}): the rows may be memorised`);
  if (facts.epochs !== null && facts.epochs >= MANY_EPOCHS && loss.end < LOW_AFTER_MANY_EPOCHS) {
    evidence.push(`${round(facts.epochs)} epochs over the same rows ended at loss ${round(loss.end)}`);
  }
  const base = facts.againstBase;
  const fell = 1 - loss.end / loss.start;
  if (base?.verdict === 'worse' && fell >= 0.5 && base.interval) {
    evidence.push(
      `validation is worse than the base model (improvement ${round(base.improvement ?? 0)}, 95% CI [${round(base.interval.low)}, ${round(base.interval.high)}]) although the training loss fell ${percent(fell)}`,
    );
  }
  if (evidence.length) return { flagged: true, evidence };
  return {
    flagged: false,
    evidence: [
      `the training loss ended at ${round(loss.end)}${facts.epochs !== null ? ` after ${round(facts.epochs)} epoch(s)` : ''}; validation ${base ? `against the base model: ${base.verdict}` : 'not compared with the base model'}`,
    ],
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
