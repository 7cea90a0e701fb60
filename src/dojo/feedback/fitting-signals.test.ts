import { describe, expect, it } from 'vitest';
import type { ReferenceComparison } from '../../core/index.js';
import { lossCurve } from './feedback-test-facts.js';
import { detectOverfitting, detectUnderfitting } from './fitting-signals.js';
import { summarizeLoss } from './summarize-loss.js';

function facts(losses: number[], epochs: number | null = 1, againstBase: ReferenceComparison | null = null) {
  return { ...summarizeLoss(lossCurve(losses, epochs ?? 1)), epochs, againstBase };
}

const worseThanBase: ReferenceComparison = {
  experimentId: null,
  value: 0.5,
  difference: -0.2,
  improvement: -0.2,
  interval: { low: -0.35, high: -0.05, level: 0.95, resamples: 1000 },
  pairedItems: 20,
  verdict: 'worse',
  reason: '',
};

describe('detectUnderfitting', () => {
  it('flags a loss that barely fell', () => {
    const signal = detectUnderfitting(facts([2.0, 1.98, 1.97, 1.95, 1.96, 1.94, 1.95, 1.93]));
    expect(signal.flagged).toBe(true);
    expect(signal.evidence[0]).toBe('the loss barely fell: 2 → 1.93 (4% lower)');
  });

  it('flags a loss still falling steeply when training stopped', () => {
    const signal = detectUnderfitting(facts([2.0, 1.8, 1.6, 1.4, 1.2, 1.0, 0.8, 0.6]));
    expect(signal.flagged).toBe(true);
    expect(signal.evidence[1]).toMatch(/^the loss was still falling when training stopped: 1.1 → 0.7 .*more steps may help$/);
  });

  it('does not flag a curve that fell and flattened, and says what it measured', () => {
    const signal = detectUnderfitting(facts([2.0, 1.2, 0.9, 0.8, 0.61, 0.6, 0.6, 0.605]));
    expect(signal).toEqual({ flagged: false, evidence: ['the loss fell 70%: 2 → 0.605'] });
  });

  it('does not judge a diverged or too short curve', () => {
    expect(detectUnderfitting(facts([1.0, 0.9, 0.8, 1.2, 1.8, 2.5, 3.9, 6.0]))).toEqual({ flagged: false, evidence: ['not judged: the loss diverged'] });
    expect(detectUnderfitting(facts([2.0, 1.9]))).toEqual({ flagged: false, evidence: ['not judged: 2 logged loss point(s), fewer than 5'] });
    expect(detectUnderfitting({ loss: null, divergence: { diverged: false, kind: null, evidence: '' }, epochs: null }).flagged).toBe(false);
  });
});

describe('detectOverfitting', () => {
  it('flags a training loss near zero', () => {
    const signal = detectOverfitting(facts([2.0, 1.0, 0.4, 0.1, 0.05, 0.02, 0.01, 0.008]));
    expect(signal.flagged).toBe(true);
    expect(signal.evidence).toContain('the training loss ended near zero (0.008 < 0.05): the rows may be memorised');
  });

  it('flags a low loss after many epochs', () => {
    const signal = detectOverfitting(facts([2.0, 1.0, 0.6, 0.4, 0.3, 0.2, 0.15, 0.12], 5));
    expect(signal).toEqual({ flagged: true, evidence: ['5 epochs over the same rows ended at loss 0.12'] });
  });

  it('flags a validation score below the base model while the training loss fell well', () => {
    const signal = detectOverfitting(facts([2.0, 1.6, 1.3, 1.1, 1.0, 0.95, 0.92, 0.9], 1, worseThanBase));
    expect(signal.flagged).toBe(true);
    expect(signal.evidence[0]).toBe('validation is worse than the base model (improvement -0.2, 95% CI [-0.35, -0.05]) although the training loss fell 55%');
  });

  it('does not flag a healthy run, and says what it looked at', () => {
    const signal = detectOverfitting(facts([2.0, 1.6, 1.3, 1.1, 1.0, 0.95, 0.92, 0.9], 2));
    expect(signal).toEqual({ flagged: false, evidence: ['the training loss ended at 0.9 after 2 epoch(s); validation not compared with the base model'] });
  });

  it('does not blame over-fitting for a worse validation score when the loss hardly fell', () => {
    expect(detectOverfitting(facts([2.0, 1.98, 1.97, 1.95, 1.96, 1.94, 1.95, 1.93], 1, worseThanBase)).flagged).toBe(false);
  });
});
