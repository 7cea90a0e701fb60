/**
 * Test support for the report tests (imported by *.test.ts only): a run written through the real
 * store API into a temporary home, with the small files its experiment folders hold. The feedback
 * documents start from the committed v1 example (src/core/fixtures), so they pass the schema.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Feedback, Hypothesis, RunMeta } from '../core/index.js';
import { HypothesisSchema, parseFeedback } from '../core/index.js';
import type { EvaluationReportFile } from '../eval/index.js';
import { buildEvaluationFingerprint } from '../eval/index.js';
import type { RunStore } from '../store/index.js';
import { createRunStore } from '../store/index.js';

export const FIXTURE_META: RunMeta = {
  task: 'aime25',
  taskFile: null,
  profile: 'mini',
  budget: { wallSeconds: 1800, trainingSeconds: null, llmTokens: null, experiments: 4 },
  agent: { name: 'ft-agent', planner: 'heuristic', settings: {} },
  seed: 0,
  ftdojoVersion: '0.1.0',
};

export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

export function writeJson(path: string, value: unknown): void {
  writeText(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function hypothesisFixture(overrides: Partial<Hypothesis> = {}): Hypothesis {
  return HypothesisSchema.parse({
    schemaVersion: 1,
    parentExperimentId: null,
    changes: 'both',
    addresses: 'none',
    data: { count: 800, response: 'target' },
    training: { learning_rate: 0.0002, num_train_epochs: 2, lora_rank: 8, lora_alpha: 16 },
    rationale: 'Start from a plain recipe to measure where the model stands.',
    expectedEffect: 'validation accuracy above the base model',
    proposer: 'heuristic',
    ...overrides,
  });
}

const EXAMPLE = new URL('../core/fixtures/feedback-v1.example.json', import.meta.url);

/** The committed feedback example, renamed, with the given validation score and base value; `failure` makes it a failed training. */
export function feedbackFixture(experimentId: string, options: { value: number | null; baseValue?: number | null; failure?: 'OOM' }): Feedback {
  const feedback = parseFeedback(JSON.parse(readFileSync(EXAMPLE, 'utf8')));
  feedback.experimentId = experimentId;
  feedback.taskId = 'aime25';
  if (options.failure) {
    feedback.execution = {
      stage: 'train',
      state: 'failed',
      exitCode: 1,
      error: { category: options.failure, rootCause: ['torch.OutOfMemoryError: CUDA out of memory'], hint: 'lower per_device_train_batch_size or cutoff_len' },
    };
    return { ...feedback, training: null, evaluation: null, comparison: null };
  }
  const evaluation = feedback.evaluation!;
  evaluation.primary = {
    ...evaluation.primary,
    value: options.value,
    interval: options.value === null ? null : { low: options.value - 0.1, high: options.value + 0.1, level: 0.95, resamples: 1000 },
  };
  feedback.comparison!.candidate = options.value;
  feedback.comparison!.base = { ...feedback.comparison!.base!, value: options.baseValue ?? 0.3 };
  return feedback;
}

/** A report.json of an evaluation whose primary metric is `value` with the interval value ± 0.1. */
export function evaluationReportFixture(split: string, value: number): EvaluationReportFile {
  const interval = { low: value - 0.1, high: value + 0.1, level: 0.95, resamples: 1000 };
  const primary = {
    metric: 'accuracy',
    scorer: 'exact-match',
    direction: 'higher' as const,
    primary: true,
    value,
    count: 10,
    formatErrors: 0,
    interval,
    bySubtask: {},
  };
  const fingerprint = buildEvaluationFingerprint({
    task: { id: 'aime25', profile: 'mini', split, limit: null },
    sampleIds: ['a', 'b'],
    model: { ref: null, description: 'fixture' },
    engine: {
      engine: 'transformers',
      versions: {},
      device: 'cpu',
      dtype: null,
      threads: null,
      chatTemplate: null,
      modelSha256: null,
      adapterSha256: null,
      batchSize: 1,
    },
    maxNewTokens: 64,
    seed: 0,
    scoring: 'corrected',
  });
  return {
    schemaVersion: 2,
    kind: 'ftdojo-evaluation',
    createdAt: '2026-03-01T10:00:00.000Z',
    backend: 'transformers',
    report: {
      schemaVersion: 1,
      task: 'aime25',
      profile: 'mini',
      split,
      scoring: 'corrected',
      samples: 10,
      predictions: 10,
      missing: 0,
      unknownIds: [],
      primary,
      metrics: [primary],
      outcomes: {},
    },
    fingerprint,
    stats: { seconds: 1, loadSeconds: null, samples: 10, resumed: 0, generatedTokens: 10, samplesPerSecond: 10, tokensPerSecond: 10 },
    categories: {},
    files: { records: 'records.jsonl', generations: null },
  };
}

/** trainer_log.jsonl lines as LLaMA-Factory writes them: one per logged step, NaN written bare. */
export function trainerLogFixture(losses: readonly number[]): string {
  const lines = losses.map(
    (loss, index) =>
      `{"current_steps": ${(index + 1) * 5}, "total_steps": ${losses.length * 5}, "loss": ${Number.isNaN(loss) ? 'NaN' : loss}, "lr": 0.0002, "epoch": ${(index + 1) / losses.length}}`,
  );
  return `${[...lines, `{"current_steps": ${losses.length * 5}, "total_steps": ${losses.length * 5}, "epoch": 1.0}`].join('\n')}\n`;
}

/** A `ftdojo baseline` run folder: status.json and scores.json with the fine-tuned model's scores. */
export function writeBaselineRun(
  home: string,
  name: string,
  options: { createdAt: string; state?: string; test?: number | null; task?: string; profile?: string },
): void {
  const dir = join(home, 'runs', name);
  const split = (value: number) => ({
    split: 'test',
    samples: 10,
    primary: {
      metric: 'accuracy',
      value,
      direction: 'higher',
      interval: { low: value - 0.1, high: value + 0.1, level: 0.95, resamples: 1000 },
      formatErrors: 0,
    },
    metrics: { accuracy: value },
    reportPath: 'eval/tuned/test/report.json',
    seconds: 1,
  });
  writeJson(join(dir, 'status.json'), {
    schemaVersion: 1,
    kind: 'baseline',
    state: options.state ?? 'succeeded',
    startedAt: options.createdAt,
    updatedAt: options.createdAt,
    stages: [],
    finishedStages: [],
  });
  writeJson(join(dir, 'scores.json'), {
    schemaVersion: 1,
    kind: 'ftdojo-baseline-scores',
    task: options.task ?? 'aime25',
    profile: options.profile ?? 'mini',
    createdAt: options.createdAt,
    scores: { tuned: { validation: split(0.4), ...(options.test === null ? {} : { test: split(options.test ?? 0.45) }) } },
    limit: null,
  });
}

export interface FixtureRun {
  home: string;
  store: RunStore;
  runId: string;
  runDir: string;
}

/** A fresh home with a store whose clock moves one minute per reading. */
export function fixtureStore(): { home: string; store: RunStore } {
  const home = mkdtempSync(join(tmpdir(), 'ftdojo-report-'));
  let minute = 0;
  const store = createRunStore(home, { now: () => new Date(Date.UTC(2026, 2, 1, 10, minute++)), randomHex: () => 'a3f9' });
  return { home, store };
}

interface IterationPlan {
  experimentId: string;
  parent: string | null;
  value: number | null;
  verdict: 'improved' | 'no-better' | 'worse' | 'inconclusive' | null;
  accepted: boolean;
  best: string | null;
  failure?: 'OOM';
}

const PLANS: readonly IterationPlan[] = [
  { experimentId: 'exp-001', parent: null, value: 0.4, verdict: 'improved', accepted: true, best: 'exp-001' },
  { experimentId: 'exp-002', parent: 'exp-001', value: 0.55, verdict: 'improved', accepted: true, best: 'exp-002' },
  { experimentId: 'exp-003', parent: 'exp-002', value: null, verdict: null, accepted: false, best: 'exp-002', failure: 'OOM' },
  { experimentId: 'exp-004', parent: 'exp-002', value: 0.5, verdict: 'inconclusive', accepted: false, best: 'exp-002' },
];

/**
 * A completed run of four iterations: exp-001 and exp-002 (a child of exp-001) accepted, exp-003
 * failed with OOM, exp-004 not better; exp-002 scored on test; a base-model test report.
 */
export function completedFixtureRun(): FixtureRun {
  const { home, store } = fixtureStore();
  const { runId, dir: runDir } = store.createRun(FIXTURE_META);
  PLANS.forEach((plan, index) => {
    const iteration = index + 1;
    const folder = join(runDir, 'experiments', plan.experimentId);
    const hypothesis = hypothesisFixture({
      parentExperimentId: plan.parent,
      changes: index % 2 ? 'training' : 'data',
      addresses: index ? 'underfitting' : 'none',
      rationale: `Iteration ${iteration} <idea> | try more epochs`,
    });
    store.append(runId, { type: 'iteration-started', iteration, parentExperimentId: plan.parent });
    store.append(runId, { type: 'hypothesis-proposed', hypothesis: { ...hypothesis }, summary: `plan ${iteration}` });
    writeJson(join(folder, 'submission', 'hypothesis.json'), hypothesis);
    for (const [stage, seconds] of [
      ['propose', 1],
      ['validate', 10],
      ['train', 100 * iteration],
      ['evaluate', 20],
    ] as const) {
      store.append(runId, { type: 'stage-started', experimentId: stage === 'propose' ? null : plan.experimentId, stage });
      store.append(runId, {
        type: 'stage-finished',
        experimentId: stage === 'propose' ? null : plan.experimentId,
        stage,
        outcome: plan.failure && stage === 'train' ? 'failed' : 'succeeded',
        seconds,
      });
    }
    writeJson(join(folder, 'feedback.json'), feedbackFixture(plan.experimentId, { value: plan.value, failure: plan.failure }));
    if (!plan.failure) writeText(join(folder, 'train', 'output', 'trainer_log.jsonl'), trainerLogFixture([2 - index * 0.1, 1.5, 1.1, 0.9]));
    store.append(runId, {
      type: 'experiment-finished',
      experimentId: plan.experimentId,
      state: plan.failure ? 'failed' : 'succeeded',
      feedbackPath: `experiments/${plan.experimentId}/feedback.json`,
      primaryMetric: plan.value,
      verdict: plan.verdict,
    });
    store.append(runId, {
      type: 'decision',
      experimentId: plan.experimentId,
      accepted: plan.accepted,
      bestExperimentId: plan.best,
      reason: plan.accepted ? 'beats the best beyond noise' : plan.failure ? 'training failed (OOM)' : 'not better beyond noise',
    });
    store.append(runId, { type: 'iteration-finished', iteration });
  });
  writeJson(join(runDir, 'experiments', 'exp-002', 'eval', 'report.json'), evaluationReportFixture('validation', 0.56));
  writeJson(join(runDir, 'experiments', 'exp-002', 'test', 'report.json'), evaluationReportFixture('test', 0.52));
  store.append(runId, {
    type: 'test-scored',
    experimentId: 'exp-002',
    metric: 'accuracy',
    value: 0.52,
    interval: { low: 0.42, high: 0.62, level: 0.95, resamples: 1000 },
  });
  writeJson(join(runDir, 'base-test', 'report.json'), evaluationReportFixture('test', 0.3));
  store.append(runId, { type: 'run-finished', state: 'completed', reason: 'the experiment budget is spent', bestExperimentId: 'exp-002' });
  return { home, store, runId, runDir };
}
