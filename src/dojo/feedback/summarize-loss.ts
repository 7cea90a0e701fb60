import type { Divergence, LossSummary } from '../../core/index.js';
import type { LossPoint } from '../../runtime/index.js';

export interface SummarizeLossOptions {
  /** Most points kept in the downsampled curve. Default 40. */
  maxPoints?: number;
  /** The loss "rises" when the mean of the last quarter exceeds the first quarter's by this fraction. Default 0.1. */
  riseTolerance?: number;
  /** A "plateau" is a last quarter within this fraction of the quarter before it. Default 0.02. */
  plateauTolerance?: number;
}

export interface LossReading {
  /** Null when no finite loss was logged. */
  loss: LossSummary | null;
  divergence: Divergence;
}

/** Fewer points than this say nothing about a trend: no rise, no plateau. */
const MIN_TREND_POINTS = 4;
const MIN_PLATEAU_POINTS = 8;

/**
 * Reads a training-loss curve: start, end, minimum, a downsampled copy, and two judgements made
 * from window means rather than single points, because per-step loss is noisy:
 * - divergence: any NaN or infinite loss, or a last quarter that sits above the first quarter;
 * - plateau: a last quarter within a small fraction of the quarter before it.
 */
export function summarizeLoss(curve: readonly LossPoint[], options: SummarizeLossOptions = {}): LossReading {
  const ordered = [...curve].sort((left, right) => left.step - right.step);
  const finite = ordered.filter((point) => Number.isFinite(point.loss));
  const nonFinite = ordered.filter((point) => !Number.isFinite(point.loss));
  const nonFiniteDivergence: Divergence | null = nonFinite.length
    ? {
        diverged: true,
        kind: 'non-finite',
        evidence: `the loss was NaN or infinite at ${nonFinite.length} logged step(s), first at step ${nonFinite[0]!.step}`,
      }
    : null;
  if (finite.length === 0) {
    return { loss: null, divergence: nonFiniteDivergence ?? { diverged: false, kind: null, evidence: 'no loss was logged' } };
  }

  let lowest = finite[0]!;
  for (const point of finite) if (point.loss < lowest.loss) lowest = point;
  const losses = finite.map((point) => point.loss);
  const window = Math.max(1, Math.floor(finite.length / 4));
  const head = meanOf(losses.slice(0, window));
  const tail = meanOf(losses.slice(-window));
  const before = meanOf(losses.slice(-2 * window, -window));
  const plateau = finite.length >= MIN_PLATEAU_POINTS && Math.abs(tail - before) <= (options.plateauTolerance ?? 0.02) * Math.abs(before);

  const loss: LossSummary = {
    start: finite[0]!.loss,
    end: finite[finite.length - 1]!.loss,
    min: lowest.loss,
    minStep: lowest.step,
    steps: ordered[ordered.length - 1]!.step,
    nonFinite: nonFinite.length,
    plateau,
    points: downsample(finite, lowest, options.maxPoints ?? 40).map((point) => ({ step: point.step, loss: point.loss })),
  };
  if (nonFiniteDivergence) return { loss, divergence: nonFiniteDivergence };
  const means = `mean of the first ${window} logged point(s) ${round(head)}, of the last ${window} ${round(tail)}`;
  if (finite.length >= MIN_TREND_POINTS && tail > head * (1 + (options.riseTolerance ?? 0.1))) {
    return { loss, divergence: { diverged: true, kind: 'rising', evidence: `the loss rose over training: ${means}` } };
  }
  return {
    loss,
    divergence: {
      diverged: false,
      kind: null,
      evidence:
        finite.length >= MIN_TREND_POINTS
          ? `no NaN or infinite loss and no rise: ${means}`
          : `no NaN or infinite loss; ${finite.length} logged point(s) are too few to judge a trend`,
    },
  };
}

/** Evenly spaced points, always with the first, the last and the lowest. */
function downsample(points: readonly LossPoint[], lowest: LossPoint, maxPoints: number): LossPoint[] {
  if (points.length <= maxPoints) return [...points];
  const indices = new Set<number>([points.indexOf(lowest)]);
  const slots = Math.max(2, maxPoints - 1);
  for (let slot = 0; slot < slots; slot += 1) indices.add(Math.round((slot * (points.length - 1)) / (slots - 1)));
  return [...indices].sort((left, right) => left - right).map((index) => points[index]!);
}

function meanOf(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Four significant digits: evidence is read by people and models, not recomputed from. */
export function round(value: number): number {
  return Number(value.toPrecision(4));
}

/** Six significant digits: stored figures without float noise (0.19999999999999996 → 0.2). */
export function precise(value: number): number {
  return Number(value.toPrecision(6));
}
