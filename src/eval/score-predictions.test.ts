import { describe, expect, it } from 'vitest';
import { TaskSpecSchema, type MetricSpec, type Sample, type TaskSpec } from '../core/index.js';
import { scorePredictions } from './score-predictions.js';

const profile = {
  baseModel: 'base',
  budget: { wallClockSeconds: 60, sampleCap: 10 },
  validationSize: 4,
  testSize: 4,
  maxNewTokens: 64,
  dataFrom: 'mirror',
  splitRule: 'seeded',
};

function spec(metrics: Array<Partial<MetricSpec> & Pick<MetricSpec, 'name' | 'scorer' | 'direction'>>): TaskSpec {
  return TaskSpecSchema.parse({
    schemaVersion: 1,
    id: 'demo',
    title: 'Demo',
    domain: 'math',
    paperTask: false,
    description: 'a test task',
    outputFormat: { description: 'boxed', example: '\\boxed{1}' },
    sources: [],
    heldOutFrom: [],
    metrics,
    profiles: { paper: profile, mini: profile },
  });
}

function sample(id: string, reference: Sample['reference'], subtask?: string): Sample {
  return { id, subtask, prompt: 'p', reference, target: '', meta: {} };
}

const aime = spec([{ name: 'accuracy', scorer: 'boxed-integer', direction: 'higher', primary: true }]);
const aimeSamples = [sample('a', 1), sample('b', 2), sample('c', 3), sample('d', 4)];

describe('scorePredictions', () => {
  it('scores, counts missing predictions and lists unknown ids', async () => {
    const report = await scorePredictions({
      task: aime,
      profile: 'mini',
      split: 'validation',
      samples: aimeSamples,
      predictions: [
        { id: 'a', output: '\\boxed{1}' },
        { id: 'b', output: '\\boxed{5}' },
        { id: 'c', output: 'no box' },
        { id: 'zzz', output: '\\boxed{1}' },
      ],
    });
    expect(report).toMatchObject({
      schemaVersion: 1,
      task: 'demo',
      profile: 'mini',
      split: 'validation',
      samples: 4,
      predictions: 4,
      missing: 1,
      unknownIds: ['zzz'],
    });
    expect(report.primary).toMatchObject({
      metric: 'accuracy',
      scorer: 'boxed-integer',
      direction: 'higher',
      primary: true,
      value: 0.25,
      count: 4,
      formatErrors: 2,
    });
    expect(report.primary.interval).toMatchObject({ level: 0.95, resamples: 1000 });
    expect(report.primary.interval!.low).toBeLessThanOrEqual(0.25);
    expect(report.primary.interval!.high).toBeGreaterThanOrEqual(0.25);
    expect(report.outcomes['accuracy']!.map((outcome) => outcome.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(report.outcomes['accuracy']![3]).toMatchObject({ formatError: true, detail: 'empty' });
    expect(report.metrics).toEqual([report.primary]);
  });

  it('is deterministic', async () => {
    const input = { task: aime, profile: 'mini', split: 'validation', samples: aimeSamples, predictions: [{ id: 'a', output: '\\boxed{1}' }] };
    expect(await scorePredictions(input)).toEqual(await scorePredictions(input));
  });

  it('skips the interval with zero resamples', async () => {
    const report = await scorePredictions({
      task: aime,
      profile: 'mini',
      split: 'validation',
      samples: aimeSamples,
      predictions: [],
      bootstrap: { resamples: 0, seed: 0 },
    });
    expect(report.primary.value).toBe(0);
    expect(report.primary.interval).toBeUndefined();
    expect(report.missing).toBe(4);
  });

  it('refuses two predictions for one id, naming it', async () => {
    const predictions = [
      { id: 'a', output: '\\boxed{1}' },
      { id: 'a', output: '\\boxed{2}' },
    ];
    await expect(scorePredictions({ task: aime, profile: 'mini', split: 'validation', samples: aimeSamples, predictions })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'two predictions for sample id "a"',
    });
  });

  it('respects subtask filters and breaks values down by subtask', async () => {
    const task = spec([
      { name: 'accuracy', scorer: 'json-yes-no', params: { field: 'output' }, direction: 'higher', primary: true, subtasks: ['equivalence'] },
      { name: 'count-mae', scorer: 'json-number-mae', params: { field: 'output' }, direction: 'lower', subtasks: ['ring-count', 'group-count'] },
    ]);
    const samples = [
      sample('e1', 'Yes', 'equivalence'),
      sample('e2', 'No', 'equivalence'),
      sample('r1', 3, 'ring-count'),
      sample('g1', 2, 'group-count'),
      sample('g2', 4, 'group-count'),
    ];
    const predictions = [
      { id: 'e1', output: '{"output": "yes"}' },
      { id: 'e2', output: '{"output": "yes"}' },
      { id: 'r1', output: '{"output": 3}' },
      { id: 'g1', output: '{"output": 5}' },
      { id: 'g2', output: 'four' },
    ];
    const report = await scorePredictions({ task, profile: 'mini', split: 'validation', samples, predictions });
    expect(report.primary).toMatchObject({ metric: 'accuracy', value: 0.5, count: 2, bySubtask: { equivalence: { value: 0.5, count: 2, formatErrors: 0 } } });
    const mae = report.metrics[1]!;
    // r1: 0, g1: 3, g2: format error costs max(|4|, 1) = 4 -> mean 7/3.
    expect(mae).toMatchObject({ metric: 'count-mae', direction: 'lower', primary: false, count: 3, formatErrors: 1 });
    expect(mae.value).toBeCloseTo(7 / 3, 12);
    expect(mae.interval).toBeUndefined();
    expect(mae.bySubtask).toEqual({ 'group-count': { value: 3.5, count: 2, formatErrors: 1 }, 'ring-count': { value: 0, count: 1, formatErrors: 0 } });
    expect(report.outcomes['count-mae']!.map((outcome) => outcome.id)).toEqual(['r1', 'g1', 'g2']);
  });

  it('bootstraps a corpus-level primary metric', async () => {
    const task = spec([
      { name: 'macro-f1', scorer: 'json-macro-f1', params: { field: 'code', labels: ['ALLOW', '102', '103'] }, direction: 'higher', primary: true },
    ]);
    const labels = ['ALLOW', '102', '103'];
    const samples = Array.from({ length: 30 }, (_, index) => sample(`s${index}`, labels[index % 3]!));
    const predictions = samples.map((item, index) => ({ id: item.id, output: `{"code": "${index % 4 === 0 ? '103' : String(item.reference)}"}` }));
    const report = await scorePredictions({ task, profile: 'mini', split: 'validation', samples, predictions, bootstrap: { resamples: 200, seed: 7 } });
    expect(report.primary.value).toBeGreaterThan(0.5);
    expect(report.primary.value).toBeLessThan(1);
    expect(report.primary.interval).toMatchObject({ resamples: 200 });
    expect(report.primary.interval!.low).toBeLessThan(report.primary.value!);
  });

  it('reports an unsupported metric with no value and flagged outcomes', async () => {
    const task = spec([{ name: 'pass-at-1', scorer: 'pass-at-1-visualization', direction: 'higher', primary: true }]);
    const samples = [sample('v1', 'y', 'bar'), sample('v2', 'y', 'line')];
    // Chart code to run, and no code runner lent: Pass@1 cannot be measured here.
    const report = await scorePredictions({ task, profile: 'mini', split: 'test', samples, predictions: [{ id: 'v1', output: '```python\nplt.show()\n```' }] });
    expect(report.primary).toMatchObject({ value: null, unsupported: expect.stringMatching(/no sandbox/), count: 2, formatErrors: 0 });
    expect(report.primary.interval).toBeUndefined();
    expect(report.primary.bySubtask).toEqual({ bar: { value: null, count: 1, formatErrors: 0 }, line: { value: null, count: 1, formatErrors: 0 } });
    expect(report.outcomes['pass-at-1']!.every((outcome) => outcome.detail === 'unsupported')).toBe(true);
  });

  it('refuses a metric whose direction contradicts its scorer', async () => {
    const task = spec([{ name: 'mae', scorer: 'json-number-mae', params: { field: 'output' }, direction: 'higher', primary: true }]);
    await expect(scorePredictions({ task, profile: 'mini', split: 'validation', samples: [], predictions: [] })).rejects.toMatchObject({
      code: 'INVALID_TASK_FILE',
    });
  });

  it('passes on unknown scorers and bad params as errors', async () => {
    const unknown = spec([{ name: 'accuracy', scorer: 'boxed-integr', direction: 'higher', primary: true }]);
    await expect(scorePredictions({ task: unknown, profile: 'mini', split: 'validation', samples: [], predictions: [] })).rejects.toMatchObject({
      code: 'UNKNOWN_SCORER',
    });
    const badParams = spec([{ name: 'accuracy', scorer: 'json-yes-no', params: { feild: 'output' }, direction: 'higher', primary: true }]);
    await expect(scorePredictions({ task: badParams, profile: 'mini', split: 'validation', samples: [], predictions: [] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('requires exactly one primary metric', async () => {
    const none = spec([{ name: 'accuracy', scorer: 'boxed-integer', direction: 'higher' }]);
    await expect(scorePredictions({ task: none, profile: 'mini', split: 'validation', samples: [], predictions: [] })).rejects.toMatchObject({
      code: 'INVALID_TASK_FILE',
    });
  });

  it('refuses duplicate sample ids', async () => {
    const predictions = [
      { id: 'a', output: '1' },
      { id: 'a', output: '2' },
    ];
    await expect(
      scorePredictions({ task: aime, profile: 'mini', split: 'validation', samples: [sample('a', 1), sample('a', 2)], predictions }),
    ).rejects.toThrow('sample id "a" occurs twice in the validation split of demo');
  });

  it('gives a null value when a metric applies to no sample', async () => {
    const report = await scorePredictions({ task: aime, profile: 'mini', split: 'validation', samples: [], predictions: [] });
    expect(report.primary).toMatchObject({ value: null, count: 0 });
    expect(report.primary.interval).toBeUndefined();
  });
});
