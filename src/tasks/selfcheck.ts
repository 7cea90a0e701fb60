import type { Prediction, ProfileName, Sample, ScoreReport } from '../core/index.js';
import type { DataRepository } from '../data/index.js';
import { createScorer, scorePredictions } from '../eval/index.js';
import type { TaskDefinition } from './define-task.js';
import type { SplitVerification } from './verify-splits.js';
import { verifySplits } from './verify-splits.js';

export interface MetricCheck {
  metric: string;
  best: number;
  gold: number | null;
  corrupted: number | null;
  status: 'ok' | 'fail' | 'unsupported';
  detail?: string;
}

export interface TaskSelfcheck {
  task: string;
  status: 'ok' | 'fail' | 'skipped';
  reason?: string;
  samples: number;
  metrics: MetricCheck[];
  splits: SplitVerification[];
}

const EPSILON = 1e-9;

/**
 * A deliberately wrong answer set: each sample gets the next sample's gold answer (a derangement
 * within the list, so no sample keeps its own), and every fourth output is unparsable prose.
 */
export function corruptedPredictions(samples: readonly Sample[]): Prediction[] {
  return samples.map((sample, index) => {
    if (index % 4 === 3) return { id: sample.id, output: 'I am not sure about this one.' };
    const donor = samples[(index + 1) % samples.length]!;
    return { id: sample.id, output: donor.target };
  });
}

/**
 * Scores gold answers (which must reach every metric's best value) and a corrupted set (which must
 * score strictly worse on every metric), then re-verifies split isolation for both profiles.
 */
export async function selfcheckTask(task: TaskDefinition, repo: DataRepository, home?: string): Promise<TaskSelfcheck> {
  const splits: SplitVerification[] = [];
  for (const profile of ['mini', 'paper'] as ProfileName[]) splits.push(await verifySplits(task, profile, repo, home));
  const splitFailed = splits.some((split) => split.status === 'leak');

  let samples: Sample[];
  if (task.selfcheckSamples) samples = await task.selfcheckSamples(repo);
  else {
    const mini = await task.buildSplits(repo, 'mini');
    samples = [...mini.validation, ...mini.test];
  }
  samples = samples.filter((sample) => sample.target !== '');
  if (samples.length < 2)
    return {
      task: task.spec.id,
      status: splitFailed ? 'fail' : 'skipped',
      reason: 'no offline samples with a gold answer to check',
      samples: samples.length,
      metrics: [],
      splits,
    };

  const score = (predictions: Prediction[]): Promise<ScoreReport> =>
    scorePredictions({ task: task.spec, profile: 'mini', split: 'selfcheck', samples, predictions, bootstrap: { resamples: 0, seed: 0 } });
  const gold = await score(samples.map((sample) => ({ id: sample.id, output: sample.target })));
  const corrupted = await score(corruptedPredictions(samples));

  const metrics: MetricCheck[] = [];
  for (const metric of task.spec.metrics) {
    const scorer = await createScorer(metric.scorer, metric.params);
    const goldResult = gold.metrics.find((result) => result.metric === metric.name)!;
    const corruptedResult = corrupted.metrics.find((result) => result.metric === metric.name)!;
    const base = { metric: metric.name, best: scorer.best, gold: goldResult.value, corrupted: corruptedResult.value };
    if (scorer.unsupported || goldResult.unsupported) {
      metrics.push({ ...base, status: 'unsupported', detail: scorer.unsupported ?? goldResult.unsupported });
      continue;
    }
    if (goldResult.value === null || Math.abs(goldResult.value - scorer.best) > EPSILON) {
      const wrong = gold.outcomes[metric.name]?.find((outcome) => Math.abs(outcome.value - scorer.best) > EPSILON);
      metrics.push({
        ...base,
        status: 'fail',
        detail: `gold answers score ${goldResult.value}, not the best ${scorer.best}${wrong ? ` (e.g. ${wrong.id}: ${wrong.detail ?? 'wrong'})` : ''}`,
      });
      continue;
    }
    const worse =
      corruptedResult.value !== null &&
      (metric.direction === 'higher' ? corruptedResult.value < goldResult.value - EPSILON : corruptedResult.value > goldResult.value + EPSILON);
    metrics.push({
      ...base,
      status: worse ? 'ok' : 'fail',
      ...(worse ? {} : { detail: `corrupted answers score ${corruptedResult.value}, not worse than gold ${goldResult.value}` }),
    });
  }
  const failed = splitFailed || metrics.some((metric) => metric.status === 'fail');
  return { task: task.spec.id, status: failed ? 'fail' : 'ok', samples: samples.length, metrics, splits };
}
