import { describe, expect, it } from 'vitest';
import type { SampleOutcome } from '../../core/index.js';
import { decideImprovement } from './decide-improvement.js';
import { evaluationReport, scores } from './feedback-test-facts.js';

const options = { resamples: 1000, seed: 7 };

describe('decideImprovement (paired bootstrap, 95%)', () => {
  it('says improved when the lower bound of the paired interval is above 0, and states the numbers', () => {
    const decision = decideImprovement(evaluationReport(scores(40, 30), { model: 'candidate' }), evaluationReport(scores(40, 15)), 'e2', options);
    expect(decision).toMatchObject({ experimentId: 'e2', value: 0.375, difference: 0.375, improvement: 0.375, pairedItems: 40, verdict: 'improved' });
    expect(decision.interval!.low).toBeGreaterThan(0);
    expect(decision.reason).toMatch(
      /^accuracy \(higher is better\): candidate 0.75 vs the best so far \(e2\) 0.375 on 40 paired validation item\(s\); improvement \+0.375, 95% paired-bootstrap CI \[\+0.2\d*, \+0.5\d*\] over 1000 resamples: the lower bound is above 0, so improved$/,
    );
  });

  it('says worse when the upper bound is below 0', () => {
    const decision = decideImprovement(evaluationReport(scores(40, 10), { model: 'candidate' }), evaluationReport(scores(40, 30)), null, options);
    expect(decision.verdict).toBe('worse');
    expect(decision.interval!.high).toBeLessThan(0);
    expect(decision.reason).toContain('vs the base model 0.75');
    expect(decision.reason).toContain('the upper bound is below 0, so worse');
  });

  it('says inconclusive when the interval holds 0: one more right answer in 20 is noise', () => {
    const decision = decideImprovement(evaluationReport(scores(20, 11), { model: 'candidate' }), evaluationReport(scores(20, 10)), 'e1', options);
    expect(decision.verdict).toBe('inconclusive');
    expect(decision.improvement).toBeCloseTo(0.05);
    expect(decision.interval!.low).toBeLessThanOrEqual(0);
    expect(decision.interval!.high).toBeGreaterThanOrEqual(0);
    expect(decision.reason).toContain('the interval contains 0, so inconclusive');
  });

  it('pairs items: the same total on different items is not "no-better" and swaps of items count', () => {
    // Both 50%: identical score, but on complementary items. Pairing sees the disagreement.
    const candidate = evaluationReport(Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`v${index}`, index % 2])), { model: 'candidate' });
    const decision = decideImprovement(candidate, evaluationReport(scores(20, 10)), 'e1', options);
    expect(decision.difference).toBe(0);
    expect(decision.verdict).toBe('inconclusive');
  });

  it('says no-better when both runs scored every item the same', () => {
    const decision = decideImprovement(evaluationReport(scores(20, 10), { model: 'candidate' }), evaluationReport(scores(20, 10)), 'e1', options);
    expect(decision).toMatchObject({ verdict: 'no-better', difference: 0, pairedItems: 20 });
    expect(decision.reason).toContain('every item scored the same');
  });

  it('turns a lower-is-better metric around: a smaller error is an improvement', () => {
    const errors = (value: number) => Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`v${index}`, value + (index % 3) * 0.01]));
    const decision = decideImprovement(
      evaluationReport(errors(0.2), { metric: 'mae', direction: 'lower', model: 'candidate' }),
      evaluationReport(errors(0.5), { metric: 'mae', direction: 'lower' }),
      'e1',
      options,
    );
    expect(decision.difference).toBeCloseTo(-0.3);
    expect(decision.improvement).toBeCloseTo(0.3);
    expect(decision.verdict).toBe('improved');
    expect(decision.reason).toContain('mae (lower is better)');
  });

  it("uses a corpus-level aggregate when given one (e.g. a scorer's macro-F1)", () => {
    const calls: number[] = [];
    const aggregate = (outcomes: SampleOutcome[]) => {
      calls.push(outcomes.length);
      return outcomes.filter((outcome) => outcome.value === 1).length / outcomes.length;
    };
    const decision = decideImprovement(evaluationReport(scores(20, 18), { model: 'candidate' }), evaluationReport(scores(20, 4)), 'e1', {
      ...options,
      resamples: 50,
      aggregate,
    });
    expect(decision.verdict).toBe('improved');
    expect(calls.length).toBe(2 * 51);
  });

  it('is reproducible: the same seed gives the same interval', () => {
    const run = () => decideImprovement(evaluationReport(scores(20, 13), { model: 'candidate' }), evaluationReport(scores(20, 8)), 'e1', options);
    expect(run().interval).toEqual(run().interval);
  });

  it('refuses to compare different evaluations: other items, another token limit, another metric', () => {
    const candidate = evaluationReport(scores(20, 15), { model: 'candidate' });
    expect(decideImprovement(candidate, evaluationReport(scores(20, 5, 'w')), 'e1', options)).toMatchObject({
      verdict: 'inconclusive',
      reason: 'the evaluations differ in task.samples: not compared with the best so far (e1)',
    });
    expect(decideImprovement(candidate, evaluationReport(scores(20, 5), { maxNewTokens: 64 }), 'e1', options).reason).toContain('differ in decoding');
    expect(decideImprovement(candidate, evaluationReport(scores(20, 5), { metric: 'f1' }), null, options).reason).toBe(
      'the primary metrics differ (accuracy against f1): not compared with the base model',
    );
  });

  it('is inconclusive when the primary metric could not be computed', () => {
    const candidate = evaluationReport(scores(20, 15), { model: 'candidate' });
    candidate.report.primary.value = null;
    expect(decideImprovement(candidate, evaluationReport(scores(20, 5)), 'e1', options)).toMatchObject({
      verdict: 'inconclusive',
      interval: null,
      pairedItems: 0,
    });
  });
});
