import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Feedback } from '../../core/index.js';
import { HypothesisSchema, parseFeedback } from '../../core/index.js';
import type { Diagnosis } from './diagnose.js';
import { diagnose } from './diagnose.js';
import type { Attempt, PlanningContext } from './heuristic-planner.js';
import { createHeuristicPlanner } from '../loop/planner.js';
import { estimatedTrainingSeconds, fitToBudget, initialHypothesis, nextHypothesis, trainingAllowance } from './heuristic-planner.js';

const fixture = parseFeedback(JSON.parse(readFileSync(new URL('../../core/fixtures/feedback-v1.example.json', import.meta.url), 'utf8')));
const feedback = (change: (copy: Feedback) => void): Feedback => {
  const copy = structuredClone(fixture);
  change(copy);
  return copy;
};

const context: PlanningContext = {
  sampleCap: 400,
  poolHasSolutions: false,
  modelContext: 8192,
  remainingSeconds: 900,
  tokensPerSecond: 100,
  charactersPerToken: 1.5,
};
const attempt = (id: string, diagnosis: Diagnosis, accepted: boolean, hypothesis = initialHypothesis(context)): Attempt => ({
  experimentId: id,
  hypothesis,
  diagnosis,
  accepted,
});

describe('diagnose', () => {
  it('names nothing on a healthy run, and the dominant problem otherwise', () => {
    expect(diagnose(fixture).problem).toBe('none');
    expect(diagnose(feedback((f) => void (f.evaluation!.formatErrorRate = 0.6))).problem).toBe('format-errors');
    expect(diagnose(feedback((f) => void (f.training!.divergence = { diverged: true, kind: 'non-finite', evidence: 'NaN at step 3' }))).problem).toBe(
      'divergence',
    );
    expect(diagnose(feedback((f) => void (f.data!.overCutoff = 500))).problem).toBe('truncation');
    expect(diagnose(feedback((f) => void (f.training!.underfitting = { flagged: true, evidence: ['loss fell 3%'] }))).problem).toBe('underfitting');
    expect(
      diagnose(
        feedback(
          (f) =>
            void (f.execution = {
              stage: 'validate-runtime',
              state: 'failed',
              exitCode: null,
              error: { category: 'BUDGET', rootCause: ['over-budget'], hint: '' },
            }),
        ),
      ).problem,
    ).toBe('over-budget');
  });

  it('puts divergence before format errors: a diverged model writes nothing readable', () => {
    const both = feedback((f) => {
      f.evaluation!.formatErrorRate = 0.9;
      f.training!.divergence = { diverged: true, kind: 'rising', evidence: 'rose' };
    });
    expect(diagnose(both).problem).toBe('divergence');
  });
});

describe('heuristic planner', () => {
  it('starts from the fixed recipe sized to the budget and the cap, as a valid hypothesis', () => {
    const first = initialHypothesis(context);
    expect(HypothesisSchema.parse(first)).toEqual(first);
    expect(first.data.count).toBeLessThanOrEqual(400);
    expect(first.training).toMatchObject({ learning_rate: 2e-4, lora_rank: 8, cutoff_len: 512 });
    expect(initialHypothesis({ ...context, poolHasSolutions: true }).data.response).toBe('solution-then-target');
  });

  it('answers each problem with its move: divergence lowers the rate, truncation drops long rows', () => {
    const start = attempt('e1', { problem: 'none', evidence: [] }, true);
    const diverged = nextHypothesis(start, attempt('e2', { problem: 'divergence', evidence: ['NaN'] }, false), [start], context)!;
    expect(diverged.training.learning_rate).toBeCloseTo(2e-4 / 3);
    expect(diverged).toMatchObject({ addresses: 'divergence', changes: 'training', parentExperimentId: 'e1' });
    const truncated = nextHypothesis(start, attempt('e2', { problem: 'truncation', evidence: [] }, false), [start], context)!;
    expect(truncated.data.maxCharacters).toBe(Math.floor(512 * 1.5 * 0.8));
  });

  it('shrinks the last plan, not the best one, when a run cannot fit the budget', () => {
    const best = attempt('e1', { problem: 'none', evidence: [] }, true);
    const big = { ...initialHypothesis(context), data: { ...initialHypothesis(context).data, count: 400 } };
    const next = nextHypothesis(best, attempt('e2', { problem: 'over-budget', evidence: [] }, false, big), [best], { ...context, remainingSeconds: 100_000 })!;
    expect(next.data.count).toBe(200);
    expect(next.parentExperimentId).toBe('e2');
  });

  it('gives up an idea after two failed tries and moves on, and returns null when nothing is left', () => {
    const best = attempt('e1', { problem: 'none', evidence: [] }, true);
    const history: Attempt[] = [best];
    const seen: string[] = [];
    for (let index = 2; index < 30; index += 1) {
      const plan = nextHypothesis(best, history.at(-1)!, history, { ...context, sampleCap: 40 });
      if (!plan) break;
      seen.push(/\[([a-z-]+)\]/.exec(plan.rationale)![1]!);
      history.push(attempt(`e${index}`, { problem: 'none', evidence: [] }, false, plan));
    }
    expect(seen.length).toBeGreaterThan(1);
    for (const idea of new Set(seen)) expect(seen.filter((tried) => tried === idea).length).toBeLessThanOrEqual(2);
    expect(nextHypothesis(best, history.at(-1)!, history, { ...context, sampleCap: 40 })).toBeNull();
  });

  it('sizes every plan to its share of the time left: fewer rows, then one epoch, never under 16 rows', () => {
    const plan = {
      ...initialHypothesis(context),
      data: { ...initialHypothesis(context).data, count: 400 },
      training: { ...initialHypothesis(context).training, num_train_epochs: 2 },
    };
    const roomy = { ...context, remainingSeconds: 100_000 };
    expect(fitToBudget(plan, roomy)).toBe(plan);
    const tight = { ...context, remainingSeconds: 900, experimentsToFit: 2 };
    const fitted = fitToBudget(plan, tight);
    expect(estimatedTrainingSeconds(fitted.data, fitted.training, tight)).toBeLessThanOrEqual(trainingAllowance(tight));
    expect(fitted.data.count).toBeLessThan(400);
    expect(fitted.rationale).toContain('sized to the budget');
    const hopeless = fitToBudget(plan, { ...context, remainingSeconds: 10 });
    expect(hopeless.data.count).toBe(16);
    expect(hopeless.training.num_train_epochs).toBe(1);
  });

  it('grows the data to what the budget holds at the measured speed, not only by half', () => {
    const small = { ...initialHypothesis(context), data: { ...initialHypothesis(context).data, count: 20 } };
    const best = attempt('e1', { problem: 'too-little-data', evidence: [] }, true, small);
    const roomy = { ...context, remainingSeconds: 1800, experimentsToFit: 2 };
    const next = nextHypothesis(best, best, [best], roomy)!;
    expect(next.data.count).toBe(Math.floor(trainingAllowance(roomy) / estimatedTrainingSeconds({ ...small.data, count: 1 }, small.training, roomy)));
    expect(next.data.count).toBeGreaterThan(30);
    // 60 s left hold fewer rows than the parent's 20: "more data" cannot be, another move runs instead.
    const tight = nextHypothesis(best, best, [best], { ...context, remainingSeconds: 60 })!;
    expect(tight.rationale).not.toContain('[more-data]');
    expect(tight.rationale).toContain('passed over: more-data, since only 16 rows fit the time left, under the 25 it needs');
  });

  it('never runs a "more data" plan on fewer rows than its parent (22 rows, then 16, in a measured 15-minute run)', async () => {
    // The measured run: 900 s, rows of about 100 tokens, an assumed 15 tokens/s sized the first plan at 22 rows;
    // training measured 7 tokens/s, and 500 s were left for the two experiments still to fit.
    const run = { ...context, tokensPerSecond: 15, poolRowTokens: 100 };
    const planner = createHeuristicPlanner(run);
    const first = (await planner.propose({ attempts: [], best: null, remainingSeconds: 900 }))!;
    expect(first.data.count).toBe(22);
    const done: Attempt = { ...attempt('exp-001', { problem: 'too-little-data', evidence: ['22 rows of a cap of 400'] }, true, first), tokensPerSecond: 7 };
    const second = (await planner.propose({ attempts: [done], best: done, remainingSeconds: 500 }))!;
    const idea = /\[([a-z-]+)\]/.exec(second.rationale)![1]!;
    if (idea.startsWith('more-data') || idea.startsWith('more-rows')) expect(second.data.count).toBeGreaterThan(first.data.count);
    expect(idea).not.toBe('more-data');
    expect(second.rationale).toContain(
      "passed over: more-data, since only 16 rows fit the time left, under the 28 it needs (a quarter more than the parent's 22)",
    );
    // With room for more rows the same history grows the data, past the parent's.
    const roomy = (await planner.propose({ attempts: [done], best: done, remainingSeconds: 5000 }))!;
    expect(roomy.rationale).toContain('[more-data]');
    expect(roomy.data.count).toBeGreaterThan(first.data.count);
  });

  it('passes over "more epochs" when the cut to the budget would take the epoch back', () => {
    const best = attempt('e1', { problem: 'underfitting', evidence: ['loss fell 3%'] }, true, {
      ...initialHypothesis(context),
      data: { ...initialHypothesis(context).data, count: 20 },
    });
    const next = nextHypothesis(best, best, [best], { ...context, remainingSeconds: 60 })!;
    expect(next.rationale).not.toContain('[more-epochs]');
    expect(next.rationale).toContain('passed over: more-epochs, since only 1 epoch(s) over 16 rows fit the time left');
  });

  it('answers format errors with more examples first, and says so when it falls back to generic moves', () => {
    const small = { ...initialHypothesis(context), data: { ...initialHypothesis(context).data, count: 20 } };
    const best = attempt('e1', { problem: 'format-errors', evidence: ['100% unreadable'] }, true, small);
    const roomy = { ...context, remainingSeconds: 1800, experimentsToFit: 2 };
    const first = nextHypothesis(best, best, [best], roomy)!;
    expect(first.rationale).toContain('[more-rows-for-format]');
    expect(first.addresses).toBe('format-errors');
    const history = [best, attempt('e2', { problem: 'format-errors', evidence: [] }, false, first)];
    const second = nextHypothesis(best, history[1]!, history, roomy)!;
    expect(second.rationale).toContain('[more-epochs-for-format]');
    const third = nextHypothesis(best, history[1]!, [...history, attempt('e3', { problem: 'format-errors', evidence: [] }, false, second)], roomy)!;
    expect(third.addresses).toBe('none');
    expect(third.rationale).toMatch(/^the moves for format-errors are used up; /);
  });

  it("sizes rows by the pool's measured mean length when it is known (short rows: many more of them)", () => {
    const assumed = initialHypothesis({ ...context, remainingSeconds: 600 });
    const measured = initialHypothesis({ ...context, remainingSeconds: 600, poolRowTokens: 60 });
    expect(measured.data.count).toBe(Math.floor((trainingAllowance({ ...context, remainingSeconds: 600 }) * context.tokensPerSecond) / 60));
    expect(measured.data.count).toBeGreaterThan(assumed.data.count * 4);
    expect(estimatedTrainingSeconds(measured.data, measured.training, { ...context, poolRowTokens: 2000 })).toBe(
      (measured.data.count * 512) / context.tokensPerSecond,
    );
  });
});
