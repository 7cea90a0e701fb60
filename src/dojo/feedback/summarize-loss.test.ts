import { describe, expect, it } from 'vitest';
import { lossCurve } from './feedback-test-facts.js';
import { summarizeLoss } from './summarize-loss.js';

describe('summarizeLoss', () => {
  it('reads start, end and minimum of a falling curve, with no divergence and no plateau', () => {
    const { loss, divergence } = summarizeLoss(lossCurve([2.0, 1.5, 1.2, 1.0, 0.9, 0.7, 0.6, 0.5]));
    expect(loss).toMatchObject({ start: 2, end: 0.5, min: 0.5, minStep: 80, steps: 80, nonFinite: 0, plateau: false });
    expect(divergence).toMatchObject({ diverged: false, kind: null });
    expect(divergence.evidence).toContain('no rise');
  });

  it('sorts by step and keeps the lowest point even when it is not the last', () => {
    const curve = lossCurve([2.0, 1.0, 0.4, 0.8, 0.9]).reverse();
    const { loss } = summarizeLoss(curve);
    expect(loss).toMatchObject({ start: 2, end: 0.9, min: 0.4, minStep: 30 });
  });

  it('calls a NaN or infinite loss divergence, and leaves those points out of the figures', () => {
    const { loss, divergence } = summarizeLoss(lossCurve([2.0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1.2]));
    expect(divergence).toMatchObject({ diverged: true, kind: 'non-finite' });
    expect(divergence.evidence).toBe('the loss was NaN or infinite at 2 logged step(s), first at step 30');
    expect(loss).toMatchObject({ start: 2, end: 1.2, nonFinite: 2, steps: 50 });
    expect(loss!.points.every((point) => Number.isFinite(point.loss))).toBe(true);
  });

  it('calls a curve that ends above where it started divergence (rising)', () => {
    const { divergence } = summarizeLoss(lossCurve([1.0, 0.9, 0.8, 1.2, 1.8, 2.5, 3.9, 6.0]));
    expect(divergence).toMatchObject({ diverged: true, kind: 'rising' });
    expect(divergence.evidence).toContain('mean of the first 2 logged point(s) 0.95, of the last 2 4.95');
  });

  it('tolerates noise: a noisy but flat-to-falling curve is not rising', () => {
    const { divergence } = summarizeLoss(lossCurve([1.0, 1.08, 0.97, 1.05, 0.99, 1.04, 0.98, 1.02]));
    expect(divergence.diverged).toBe(false);
  });

  it('sees a plateau when the last quarter barely differs from the quarter before', () => {
    const { loss } = summarizeLoss(lossCurve([2.0, 1.2, 0.9, 0.8, 0.61, 0.6, 0.6, 0.605]));
    expect(loss!.plateau).toBe(true);
    expect(summarizeLoss(lossCurve([2.0, 1.8, 1.6, 1.4, 1.2, 1.0, 0.8, 0.6])).loss!.plateau).toBe(false);
  });

  it('judges no trend from too few points', () => {
    expect(summarizeLoss(lossCurve([1.0, 5.0])).divergence).toMatchObject({ diverged: false });
    expect(summarizeLoss(lossCurve([1.0, 1.0, 1.0])).loss!.plateau).toBe(false);
  });

  it('says so when no loss was logged, and when only non-finite ones were', () => {
    expect(summarizeLoss([])).toEqual({ loss: null, divergence: { diverged: false, kind: null, evidence: 'no loss was logged' } });
    expect(summarizeLoss(lossCurve([Number.NaN]))).toMatchObject({ loss: null, divergence: { diverged: true, kind: 'non-finite' } });
  });

  it('downsamples a long curve, keeping the first, the last and the lowest point', () => {
    const losses = Array.from({ length: 500 }, (_, index) => 3 - index / 200);
    losses[123] = 0.01;
    const { loss } = summarizeLoss(lossCurve(losses), { maxPoints: 20 });
    expect(loss!.points.length).toBeLessThanOrEqual(21);
    expect(loss!.points[0]).toEqual({ step: 10, loss: 3 });
    expect(loss!.points.at(-1)).toEqual({ step: 5000, loss: losses[499] });
    expect(loss!.points).toContainEqual({ step: 1240, loss: 0.01 });
    expect(loss!.points.map((point) => point.step)).toEqual([...loss!.points.map((point) => point.step)].sort((a, b) => a - b));
  });
});
