import { describe, expect, it } from 'vitest';
import type { EvaluationRecord } from '../../eval/index.js';
import { evaluationFeedback, MAX_ERROR_SAMPLES } from './evaluation-feedback.js';
import { evaluationRecords, evaluationReport, scores, validationSamples } from './feedback-test-facts.js';

describe('evaluationFeedback', () => {
  it('takes at most ten error samples, in turns across labels so that rare kinds are not crowded out', () => {
    const report = evaluationReport(scores(30, 0));
    const labels: EvaluationRecord['category'][] = [
      ...Array<'wrong-answer'>(20).fill('wrong-answer'),
      ...Array<'format-error'>(5).fill('format-error'),
      ...Array<'truncated'>(3).fill('truncated'),
      'empty',
      'empty',
    ];
    const records = evaluationRecords(report).map((record, index) => ({
      ...record,
      category: labels[index]!,
      finishReason: labels[index] === 'truncated' ? ('length' as const) : ('stop' as const),
    }));
    const feedback = evaluationFeedback({ report, records });
    expect(feedback.errorSamples).toHaveLength(MAX_ERROR_SAMPLES);
    const count = (label: string) => feedback.errorSamples.filter((sample) => sample.label === label).length;
    expect([count('format-error'), count('truncated'), count('empty'), count('wrong-answer')]).toEqual([3, 3, 2, 2]);
    // In record order, as the evaluation wrote them.
    const ids = feedback.errorSamples.map((sample) => Number(sample.id.slice(1)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(feedback.errorSamples.find((sample) => sample.label === 'truncated')!.finishReason).toBe('length');
  });

  it('shows excerpts: prompt and output cut in the middle, the extracted answer as text, the expected answer from the validation sample', () => {
    const report = evaluationReport(scores(3, 1));
    const records = evaluationRecords(report);
    records[1] = { ...records[1]!, prompt: `${'Q'.repeat(2000)} final question?`, output: `${'x'.repeat(3000)} answer 7`, extracted: { answer: 7 } };
    const feedback = evaluationFeedback({ report, records, samples: validationSamples(report) });
    const sample = feedback.errorSamples.find((entry) => entry.id === 'v1')!;
    expect(sample.prompt.length).toBeLessThanOrEqual(600);
    expect(sample.prompt.endsWith('final question?')).toBe(true);
    expect(sample.output.endsWith('answer 7')).toBe(true);
    expect(sample.extracted).toBe('{"answer":7}');
    expect(sample.expected).toBe('validation gold v1');
    expect(evaluationFeedback({ report, records }).errorSamples[0]!.expected).toBeNull();
  });

  it('reports metrics, the primary metric per subtask and the format-error rate', () => {
    const report = evaluationReport(scores(10, 6), { formatErrors: ['v8', 'v9'] });
    const feedback = evaluationFeedback({ report, records: evaluationRecords(report) });
    expect(feedback.primary).toEqual({
      metric: 'accuracy',
      value: 0.6,
      direction: 'higher',
      unsupported: null,
      interval: { low: 0.5, high: 0.7, level: 0.95, resamples: 1000 },
    });
    expect(feedback.bySubtask).toEqual([
      { subtask: 'even', value: 0.6, count: 5, formatErrors: 1 },
      { subtask: 'odd', value: 0.6, count: 5, formatErrors: 1 },
    ]);
    expect(feedback.formatErrorRate).toBe(0.2);
    expect(feedback.outcomes).toMatchObject({ correct: 6, 'wrong-answer': 2, 'format-error': 2 });
    expect(feedback.fingerprint).toBe(report.fingerprint.digest);
  });
});
