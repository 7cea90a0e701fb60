import { describe, expect, it } from 'vitest';
import { parseFeedback } from '../../core/index.js';
import { buildFeedback } from './build-feedback.js';
import { completeFacts, evaluationRecords, evaluationReport, scores, toyTask, trainingOutcome, validationSamples } from './feedback-test-facts.js';
import { refusal } from '../../testing/refusal.js';

describe('buildFeedback', () => {
  it('builds every level of a complete experiment from measured facts, and the document reads back', () => {
    const feedback = buildFeedback(completeFacts());
    expect(feedback).toMatchObject({
      schemaVersion: 1,
      kind: 'ftdojo-feedback',
      experimentId: 'e3',
      taskId: 'toy-task',
      profile: 'mini',
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(feedback.execution).toEqual({ stage: 'done', state: 'succeeded', exitCode: 0, error: null });
    expect(feedback.data).toMatchObject({
      rows: { input: 5000, output: 1800, selected: 1800, sampleCap: 2000 },
      overCutoff: 7,
      leakage: { validation: 0, test: 0 },
    });
    expect(feedback.training).toMatchObject({
      state: 'succeeded',
      loss: { start: 2, end: 0.9 },
      divergence: { diverged: false },
      throughput: { tokensPerSecond: 500 },
      trainSeconds: 100,
    });
    expect(feedback.evaluation).toMatchObject({
      split: 'validation',
      samples: 20,
      primary: { metric: 'accuracy', value: 0.6, direction: 'higher' },
      formatErrorRate: 0.05,
    });
    expect(feedback.evaluation!.outcomes).toEqual({ correct: 12, 'wrong-answer': 7, 'format-error': 1, truncated: 0, empty: 0, undecided: 0 });
    expect(feedback.comparison).toMatchObject({
      metric: 'accuracy',
      candidate: 0.6,
      rule: { name: 'paired-bootstrap-95' },
      best: { experimentId: 'e2', verdict: 'improved' },
      base: { experimentId: null, verdict: 'improved' },
      verdict: 'improved',
    });
    expect(feedback.comparison!.reason).toBe(feedback.comparison!.best!.reason);
    expect(feedback.budget.wallSeconds).toEqual({ spent: 3000, limit: 43_200, left: 40_200 });
    expect(feedback.budget.trainingSeconds).toEqual({ spent: 900, limit: null, left: null });
    expect(parseFeedback(JSON.parse(JSON.stringify(feedback)))).toEqual(feedback);
  });

  it('records the precision the run trained in, and leaves it out where it is not known (documents written before it)', () => {
    const feedback = buildFeedback(completeFacts({ trainingPrecision: 'bf16' }));
    expect(feedback.training?.precision).toBe('bf16');
    expect(parseFeedback(JSON.parse(JSON.stringify(feedback))).training?.precision).toBe('bf16');
    expect(buildFeedback(completeFacts()).training).not.toHaveProperty('precision');
  });

  it('judges against the base model when there is no best experiment yet, and says so when there is nothing', () => {
    const first = buildFeedback(completeFacts({ best: null }));
    expect(first.comparison).toMatchObject({ best: null, verdict: 'improved' });
    expect(first.comparison!.reason).toContain('vs the base model 0.25');
    const alone = buildFeedback(completeFacts({ best: null, base: null }));
    expect(alone.comparison).toMatchObject({
      verdict: 'inconclusive',
      reason: 'nothing to compare with: neither a best experiment nor a base-model result was given',
    });
  });

  it('reports a failed training run: the stage, its classification and root cause, and no evaluation', () => {
    const training = trainingOutcome({
      state: 'failed',
      category: 'OOM',
      rootCause: ['torch.OutOfMemoryError: CUDA out of memory.'],
      hint: 'lower per_device_train_batch_size',
      exitCode: 1,
      metrics: undefined,
    });
    const feedback = buildFeedback(completeFacts({ execution: { stage: 'train', state: 'failed' }, training, evaluation: null }));
    expect(feedback.execution).toEqual({
      stage: 'train',
      state: 'failed',
      exitCode: 1,
      error: { category: 'OOM', rootCause: ['torch.OutOfMemoryError: CUDA out of memory.'], hint: 'lower per_device_train_batch_size' },
    });
    expect(feedback.training).toMatchObject({ state: 'failed', throughput: { samplesPerSecond: null, tokensPerSecond: null }, trainSeconds: null });
    expect(feedback.evaluation).toBeNull();
    expect(feedback.comparison).toBeNull();
  });

  it('reports a data script that failed before anything was measured', () => {
    const feedback = buildFeedback(
      completeFacts({
        execution: {
          stage: 'script',
          state: 'failed',
          exitCode: 2,
          error: { category: 'SCRIPT', rootCause: ['KeyError: "question"'], hint: 'read the field names from the dataset card' },
        },
        data: null,
        training: null,
        evaluation: null,
      }),
    );
    expect(feedback.execution.error).toMatchObject({ category: 'SCRIPT' });
    expect([feedback.data, feedback.training, feedback.evaluation, feedback.comparison]).toEqual([null, null, null, null]);
  });

  it('refuses an evaluation on the test split', () => {
    const report = evaluationReport(scores(20, 12), { split: 'test', model: 'candidate' });
    const error = refusal(() => buildFeedback(completeFacts({ evaluation: { report, records: evaluationRecords(report) } })));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('refusing the evaluation: it is an evaluation on the test split, not on validation');
    expect(error.hint).toContain('validation results only');
  });

  it('refuses a report whose fingerprint says test, even when the score report says validation', () => {
    const report = evaluationReport(scores(20, 12), { split: 'test', model: 'candidate' });
    report.report.split = 'validation';
    expect(refusal(() => buildFeedback(completeFacts({ evaluation: { report, records: [] } }))).message).toContain('validation/test split');
  });

  it('refuses test-split references: the best so far and the base model are compared on validation only', () => {
    const test = evaluationReport(scores(20, 8), { split: 'test' });
    expect(refusal(() => buildFeedback(completeFacts({ best: { experimentId: 'e2', report: test } }))).message).toContain(
      "the best experiment's evaluation (e2)",
    );
    expect(refusal(() => buildFeedback(completeFacts({ base: test }))).message).toContain("the base model's evaluation");
  });

  it('refuses records or samples of items the validation report did not score (test items slipped in)', () => {
    const report = evaluationReport(scores(20, 12), { model: 'candidate' });
    const testReport = evaluationReport(scores(5, 1, 't'), { split: 'test' });
    const records = [...evaluationRecords(report), ...evaluationRecords(testReport, 'test')];
    expect(refusal(() => buildFeedback(completeFacts({ evaluation: { report, records } }))).message).toBe(
      'refusing the evaluation: 5 record(s) or sample(s) are not items of its validation report',
    );
    const samples = [...validationSamples(report), ...validationSamples(testReport, 'test')];
    expect(refusal(() => buildFeedback(completeFacts({ evaluation: { report, records: evaluationRecords(report), samples } }))).code).toBe('INTERNAL');
  });

  it('lets no test item into the document: leakage leaves as counts, a leaked row is not shown', () => {
    const testItems = ['t0', 't1', 't2'];
    const facts = completeFacts();
    facts.data = {
      ...facts.data!,
      samples: [
        { id: 'row-leak', example: { instruction: 'test question t1', input: '', output: 'test gold t1' } },
        { id: 'row-ok', example: { instruction: 'Add 2 and 3.', input: '', output: '5' } },
      ],
      leakage: {
        validation: [{ heldOutId: 'v3', poolId: 'row-v', kind: 'exact' }],
        test: testItems.map((heldOutId) => ({ heldOutId, poolId: 'row-leak', kind: 'normalised' as const })),
      },
    };
    const feedback = buildFeedback(facts);
    expect(feedback.data!.leakage).toEqual({ validation: 1, test: 3 });
    expect(feedback.data!.samples).toEqual([{ instruction: 'Add 2 and 3.', input: '', output: '5' }]);
    const text = JSON.stringify(feedback);
    expect(text).not.toContain('test question');
    expect(text).not.toContain('test gold');
    for (const id of testItems) expect(text).not.toMatch(new RegExp(`"${id}"`));
    expect(text).not.toContain('row-leak');
  });

  it('refuses an evaluation of another task or by another primary metric', () => {
    const report = evaluationReport(scores(20, 12), { metric: 'f1', model: 'candidate' });
    expect(refusal(() => buildFeedback(completeFacts({ evaluation: { report, records: [] }, best: null, base: null }))).message).toBe(
      'the evaluation is of toy-task by f1 (higher), not of toy-task by its primary metric accuracy (higher)',
    );
    expect(refusal(() => buildFeedback(completeFacts({ task: toyTask('lower') }))).code).toBe('INTERNAL');
  });

  it('checks the document against its schema: a fact out of range is a bug, not a document', () => {
    const facts = completeFacts();
    facts.data = { ...facts.data!, overCutoff: -1 };
    expect(refusal(() => buildFeedback(facts)).message).toMatch(/^the feedback built for e3 does not fit its schema: data.overCutoff: /);
  });
});
