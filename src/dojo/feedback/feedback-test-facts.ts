/**
 * Test support for the feedback tests (imported by *.test.ts only): hand-made validation
 * evaluations with chosen per-sample scores, and the facts of a whole experiment around them.
 */
import type { Direction, Sample, SampleOutcome, TaskSpec } from '../../core/index.js';
import type { EvaluationRecord, EvaluationReportFile } from '../../eval/index.js';
import { buildEvaluationFingerprint } from '../../eval/index.js';
import type { LossPoint, TrainingOutcome } from '../../runtime/index.js';
import type { FeedbackFacts } from './build-feedback.js';

export interface ReportOptions {
  split?: string;
  metric?: string;
  direction?: Direction;
  task?: string;
  /** Ids whose answer could not be read. */
  formatErrors?: readonly string[];
  /** Changes the model in the fingerprint (a different run of the same evaluation). */
  model?: string;
  maxNewTokens?: number;
}

/** An evaluation report whose primary metric has the given per-sample values, in id order. */
export function evaluationReport(values: Record<string, number>, options: ReportOptions = {}): EvaluationReportFile {
  const split = options.split ?? 'validation';
  const metric = options.metric ?? 'accuracy';
  const direction = options.direction ?? 'higher';
  const task = options.task ?? 'toy-task';
  const outcomes: SampleOutcome[] = Object.entries(values).map(([id, value]) => ({
    id,
    value,
    formatError: options.formatErrors?.includes(id) ?? false,
    subtask: Number(id.replace(/\D/g, '')) % 2 ? 'odd' : 'even',
  }));
  const mean = outcomes.length ? outcomes.reduce((sum, outcome) => sum + outcome.value, 0) / outcomes.length : null;
  const formatErrors = outcomes.filter((outcome) => outcome.formatError).length;
  const bySubtask: Record<string, { value: number | null; count: number; formatErrors: number }> = {};
  for (const outcome of outcomes) {
    const entry = (bySubtask[outcome.subtask!] ??= { value: 0, count: 0, formatErrors: 0 });
    entry.value = (entry.value! * entry.count + outcome.value) / (entry.count + 1);
    entry.count += 1;
    if (outcome.formatError) entry.formatErrors += 1;
  }
  const primary = {
    metric,
    scorer: 'exact-match',
    direction,
    primary: true,
    value: mean,
    count: outcomes.length,
    formatErrors,
    interval: mean === null ? undefined : { low: mean - 0.1, high: mean + 0.1, level: 0.95, resamples: 1000 },
    bySubtask,
  };
  const fingerprint = buildEvaluationFingerprint({
    task: { id: task, profile: 'mini', split, limit: null },
    sampleIds: outcomes.map((outcome) => outcome.id),
    model: { ref: null, description: options.model ?? 'base' },
    engine: {
      engine: 'transformers',
      versions: { torch: '2.8.0' },
      device: 'cpu',
      dtype: 'float32',
      threads: 2,
      chatTemplate: null,
      modelSha256: null,
      adapterSha256: null,
      batchSize: 1,
    },
    maxNewTokens: options.maxNewTokens ?? 256,
    seed: 0,
    scoring: 'corrected',
  });
  return {
    schemaVersion: 2,
    kind: 'ftdojo-evaluation',
    createdAt: '2026-01-01T00:00:00.000Z',
    backend: 'transformers',
    report: {
      schemaVersion: 1,
      task,
      profile: 'mini',
      split,
      scoring: 'corrected',
      samples: outcomes.length,
      predictions: outcomes.length,
      missing: 0,
      unknownIds: [],
      primary,
      metrics: [primary],
      outcomes: { [metric]: outcomes },
    },
    fingerprint,
    stats: { seconds: 1, loadSeconds: null, samples: outcomes.length, resumed: 0, generatedTokens: 10, samplesPerSecond: 1, tokensPerSecond: 10 },
    categories: {},
    files: { records: 'records.jsonl', generations: null },
  };
}

/** One record per outcome of the report's primary metric; prompts and outputs name the item. */
export function evaluationRecords(report: EvaluationReportFile, prefix = 'validation'): EvaluationRecord[] {
  const metric = report.report.primary.metric;
  return (report.report.outcomes[metric] ?? []).map((outcome) => ({
    id: outcome.id,
    subtask: outcome.subtask ?? null,
    prompt: `${prefix} question ${outcome.id}`,
    output: outcome.formatError ? 'I am not sure.' : `The answer is ${outcome.value === 1 ? 'right' : 'wrong'} ${outcome.id}`,
    extracted: outcome.formatError ? null : `answer ${outcome.id}`,
    metrics: { [metric]: outcome.value },
    decidedBy: metric,
    formatError: outcome.formatError,
    category: outcome.value === 1 ? null : outcome.formatError ? 'format-error' : 'wrong-answer',
    detail: null,
    finishReason: 'stop',
    promptTokens: 10,
    outputTokens: 5,
    generationError: null,
  }));
}

export function validationSamples(report: EvaluationReportFile, prefix = 'validation'): Sample[] {
  return report.report.outcomes[report.report.primary.metric]!.map((outcome) => ({
    id: outcome.id,
    prompt: `${prefix} question ${outcome.id}`,
    reference: `${prefix} gold ${outcome.id}`,
    target: `${prefix} gold ${outcome.id}`,
    meta: {},
  }));
}

/** Per-sample values: `correct` ones, then zeros, over ids v0, v1, ... */
export function scores(count: number, correct: number, prefix = 'v'): Record<string, number> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`${prefix}${index}`, index < correct ? 1 : 0]));
}

export function toyTask(direction: Direction = 'higher'): TaskSpec {
  const profile = {
    baseModel: 'toy',
    budget: { wallClockSeconds: 3600, sampleCap: 2000 },
    validationSize: 20,
    testSize: 20,
    maxNewTokens: 256,
    dataFrom: 'mirror' as const,
    splitRule: 'first 20',
    deviations: [],
  };
  return {
    schemaVersion: 1,
    id: 'toy-task',
    title: 'Toy',
    domain: 'math',
    paperTask: false,
    description: 'a toy task',
    outputFormat: { description: 'a word', example: 'yes' },
    subtasks: [],
    sources: [],
    heldOutFrom: [],
    metrics: [{ name: 'accuracy', scorer: 'exact-match', params: {}, direction, primary: true }],
    profiles: { paper: profile, mini: profile },
    notes: [],
  };
}

export function lossCurve(losses: readonly number[], epochs = 1): LossPoint[] {
  return losses.map((loss, index) => ({ step: (index + 1) * 10, loss, epoch: (epochs * (index + 1)) / losses.length }));
}

export function trainingOutcome(overrides: Partial<TrainingOutcome> = {}): TrainingOutcome {
  return {
    schemaVersion: 1,
    state: 'succeeded',
    rootCause: [],
    hint: '',
    lossCurve: lossCurve([2.0, 1.6, 1.3, 1.1, 1.0, 0.95, 0.92, 0.9]),
    seconds: 120,
    exitCode: 0,
    signal: null,
    metrics: { train_runtime: 100, train_samples_per_second: 4, train_steps_per_second: 0.8, num_input_tokens_seen: 50_000 },
    logPath: '/runs/e1/train.log',
    runDir: '/runs/e1',
    ...overrides,
  };
}

/** A whole experiment that ran to the end: 20 validation items, 12 right (the best so far had 8, the base 5). */
export function completeFacts(overrides: Partial<FeedbackFacts> = {}): FeedbackFacts {
  const report = evaluationReport(scores(20, 12), { formatErrors: ['v19'], model: 'candidate' });
  return {
    experimentId: 'e3',
    task: toyTask(),
    profile: 'mini',
    createdAt: new Date('2026-01-02T03:04:05.000Z'),
    execution: { stage: 'done', state: 'succeeded', exitCode: 0 },
    data: {
      rowsIn: 5000,
      rowsOut: 1800,
      selected: 1800,
      sampleCap: 2000,
      tokenLengths: { count: 1800, min: 12, mean: 240.5, p50: 200, p90: 480, p99: 900, max: 1400 },
      tokenizer: 'approx-bytes',
      cutoffLength: 1024,
      overCutoff: 7,
      duplicates: 3,
      emptyRows: 1,
      formatViolations: [{ row: 17, problem: 'output is empty' }],
      samples: [{ id: 'row-0', example: { instruction: 'Add 2 and 3.', input: '', output: '\\boxed{5}' } }],
      leakage: { validation: [], test: [] },
    },
    training: trainingOutcome(),
    evaluation: { report, records: evaluationRecords(report), samples: validationSamples(report) },
    best: { experimentId: 'e2', report: evaluationReport(scores(20, 8), { model: 'e2' }) },
    base: evaluationReport(scores(20, 5)),
    budget: {
      wallSeconds: { spent: 3000, limit: 43_200 },
      trainingSeconds: { spent: 900, limit: null },
      llmTokens: { spent: 120_000, limit: 1_000_000 },
      experiments: { spent: 3, limit: 20 },
    },
    decision: { resamples: 500, seed: 1 },
    ...overrides,
  };
}
