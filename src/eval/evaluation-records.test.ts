import { describe, expect, it } from 'vitest';
import type { ScoreReport } from '../core/index.js';
import { buildEvaluationRecords, categorizeSample, countCategories } from './evaluation-records.js';

describe('categorizeSample', () => {
  const base = { output: 'B', finishReason: 'stop' as const, value: 1, best: 1, formatError: false };
  it('is null for the best value, whatever the finish reason', () => {
    expect(categorizeSample(base)).toBeNull();
    expect(categorizeSample({ ...base, finishReason: 'length' })).toBeNull();
    expect(categorizeSample({ ...base, value: 0, best: 0 })).toBeNull(); // an error metric at 0
  });
  it('says empty for blank output before anything else', () => {
    expect(categorizeSample({ ...base, output: ' \n', value: 0, formatError: true, finishReason: 'error' })).toBe('empty');
  });
  it('tells a truncated unreadable answer from a format error and a wrong answer', () => {
    expect(categorizeSample({ ...base, value: 0, formatError: true, finishReason: 'length' })).toBe('truncated');
    expect(categorizeSample({ ...base, value: 0, formatError: true })).toBe('format-error');
    expect(categorizeSample({ ...base, value: 0 })).toBe('wrong-answer');
    // Readable and wrong, and also at the limit: the limit did not cause it.
    expect(categorizeSample({ ...base, value: 0, finishReason: 'length' })).toBe('wrong-answer');
    // Partial credit is not full marks.
    expect(categorizeSample({ ...base, value: 0.6 })).toBe('wrong-answer');
    expect(categorizeSample({ ...base, value: 0.25, best: 0 })).toBe('wrong-answer');
  });
});

describe('buildEvaluationRecords', () => {
  const metric = (name: string, primary: boolean, unsupported?: string) => ({
    metric: name,
    scorer: name,
    direction: 'higher' as const,
    primary,
    value: null,
    count: 1,
    formatErrors: 0,
    bySubtask: {},
    unsupported,
  });
  const report = (primaryUnsupported: boolean): ScoreReport => ({
    schemaVersion: 1,
    task: 't',
    profile: 'mini',
    split: 'validation',
    scoring: 'corrected',
    samples: 2,
    predictions: 1,
    missing: 1,
    unknownIds: [],
    primary: metric('pass', true, primaryUnsupported ? 'needs a sandbox' : undefined),
    metrics: [metric('pass', true, primaryUnsupported ? 'needs a sandbox' : undefined), metric('rouge', false)],
    outcomes: {
      pass: [
        { id: 'a', value: primaryUnsupported ? 0 : 1, formatError: false, extracted: 'x' },
        { id: 'b', value: 0, formatError: true },
      ],
      rouge: [
        { id: 'a', value: 0.5, formatError: false, extracted: 'y', detail: 'partial' },
        { id: 'b', value: 0, formatError: true },
      ],
    },
  });
  const samples = [
    { id: 'a', prompt: 'pa', reference: 'x', target: 'x', meta: {} },
    { id: 'b', subtask: 's', prompt: 'pb', reference: 'x', target: 'x', meta: {} },
  ];
  const outputs = [{ id: 'a', output: 'x', promptTokens: 3, outputTokens: 2, finishReason: 'stop' as const }];

  it('decides by the primary metric and fills in a sample the backend left out as empty', () => {
    const records = buildEvaluationRecords(samples, outputs, report(false), [
      { name: 'pass', primary: true, best: 1, supported: true },
      { name: 'rouge', primary: false, best: 1, supported: true },
    ]);
    expect(records[0]).toMatchObject({
      id: 'a',
      subtask: null,
      category: null,
      decidedBy: 'pass',
      extracted: 'x',
      metrics: { pass: 1, rouge: 0.5 },
      promptTokens: 3,
      generationError: null,
    });
    expect(records[1]).toMatchObject({ id: 'b', subtask: 's', output: '', category: 'empty', finishReason: 'error', generationError: 'no output' });
  });

  it('falls back to the first computable metric when the primary one cannot be computed here', () => {
    const records = buildEvaluationRecords(samples, outputs, report(true), [
      { name: 'pass', primary: true, best: 1, supported: false },
      { name: 'rouge', primary: false, best: 1, supported: true },
    ]);
    expect(records[0]).toMatchObject({ decidedBy: 'rouge', category: 'wrong-answer', extracted: 'y', detail: 'partial', metrics: { rouge: 0.5 } });
    expect(countCategories(records)).toEqual({ correct: 0, 'format-error': 0, 'wrong-answer': 1, truncated: 0, empty: 1, undecided: 0 });
  });

  it('leaves a record undecided when no metric can be computed', () => {
    const records = buildEvaluationRecords(samples, outputs, report(true), [{ name: 'pass', primary: true, best: 1, supported: false }]);
    expect(records[0]).toMatchObject({ decidedBy: null, category: null, metrics: {} });
    expect(countCategories(records).undecided).toBe(2);
  });
});
