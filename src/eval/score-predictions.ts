import {
  FtdojoError,
  profileScoringMode,
  type JsonValue,
  type MetricResult,
  type MetricSpec,
  type Prediction,
  type Sample,
  type SampleOutcome,
  type ScoreReport,
  type ScoringMode,
  type TaskSpec,
} from '../core/index.js';
import { bootstrapInterval } from './bootstrap.js';
import type { CodeRunner } from './code-runner.js';
import type { Scorer } from './scorer.js';
import { scorerLibrary, type ScorerLibrary } from './scorer-library.js';

export interface ScorePredictionsInput {
  task: TaskSpec;
  profile: string;
  split: string;
  samples: Sample[];
  predictions: Prediction[];
  /** Bootstrap of the primary metric's interval; resamples 0 skips it. Default 1000 resamples, seed 0. */
  bootstrap?: { resamples: number; seed: number } | undefined;
  /** Where scorer ids are looked up; the built-in library by default. */
  library?: ScorerLibrary | undefined;
  /** official or corrected; the profile's mode by default (paper: official, mini: corrected; see profileScoringMode). */
  scoring?: ScoringMode | undefined;
  /** Runs model-written code for the scorers that must (TableBench's Pass@1); without it they report unsupported. */
  codeRunner?: CodeRunner | undefined;
}

/** A metric's params with the evaluation's scoring mode, as every scorer is created (the mode wins over the metric's own). */
export function scoringParams(metric: Pick<MetricSpec, 'params'>, scoring: ScoringMode): Record<string, JsonValue> {
  return { ...metric.params, scoring };
}

/**
 * Scores a split's predictions on every metric of a task. A sample without a prediction is
 * scored as an empty output (the model said nothing) and counted in `missing`; a prediction for
 * an id not in the split is ignored and listed in `unknownIds`; two predictions for one id are
 * an error, because there is no honest way to pick one.
 */
export async function scorePredictions(input: ScorePredictionsInput): Promise<ScoreReport> {
  const { task, samples, predictions } = input;
  const library = input.library ?? scorerLibrary;
  const scoring = input.scoring ?? profileScoringMode(task, input.profile);
  const primaryName = primaryMetricName(task);
  // Samples first: when a split repeats an id, predictions made from it repeat it too, and the
  // error should name the split, not the predictions.
  const sampleIds = new Set<string>();
  for (const sample of samples) {
    if (sampleIds.has(sample.id))
      throw new FtdojoError('INVALID_INPUT', `sample id "${sample.id}" occurs twice in the ${input.split} split of ${task.id}`, {
        fault: 'internal',
        hint: "Sample ids must be unique; fix the task's split builder.",
      });
    sampleIds.add(sample.id);
  }
  const outputs = outputsById(predictions);

  const metrics: MetricResult[] = [];
  const outcomes: Record<string, SampleOutcome[]> = {};
  for (const metric of task.metrics) {
    const scorer = await library.create(metric.scorer, scoringParams(metric, scoring));
    if (scorer.direction !== metric.direction) {
      throw new FtdojoError(
        'INVALID_TASK_FILE',
        `metric "${metric.name}" of ${task.id} says ${metric.direction} is better, but scorer "${metric.scorer}" is ${scorer.direction}-is-better`,
        {
          hint: `Set direction: ${scorer.direction} on the metric.`,
        },
      );
    }
    const applicable =
      metric.subtasks === undefined ? samples : samples.filter((sample) => sample.subtask !== undefined && metric.subtasks!.includes(sample.subtask));
    const ready = await prepared(scorer, applicable, outputs, input.codeRunner);
    const metricOutcomes = applicable.map((sample) => scoreOne(ready, outputs.get(sample.id) ?? '', sample));
    outcomes[metric.name] = metricOutcomes;
    const primary = metric.name === primaryName;
    metrics.push(metricResult(metric, ready, metricOutcomes, primary, primary ? input.bootstrap : { resamples: 0, seed: 0 }));
  }

  return {
    schemaVersion: 1,
    task: task.id,
    profile: input.profile,
    split: input.split,
    scoring,
    samples: samples.length,
    predictions: predictions.length,
    missing: samples.filter((sample) => !outputs.has(sample.id)).length,
    unknownIds: predictions.map((prediction) => prediction.id).filter((id) => !sampleIds.has(id)),
    primary: metrics.find((metric) => metric.primary)!,
    metrics,
    outcomes,
  };
}

function primaryMetricName(task: TaskSpec): string {
  const primary = task.metrics.filter((metric) => metric.primary);
  if (primary.length !== 1) {
    throw new FtdojoError('INVALID_TASK_FILE', `task ${task.id} must declare exactly one primary metric, found ${primary.length}`, {
      hint: 'Set primary: true on exactly one metric.',
    });
  }
  return primary[0]!.name;
}

function outputsById(predictions: Prediction[]): Map<string, string> {
  const outputs = new Map<string, string>();
  for (const prediction of predictions) {
    if (outputs.has(prediction.id)) {
      throw new FtdojoError('INVALID_INPUT', `two predictions for sample id "${prediction.id}"`, { hint: 'Keep one prediction per sample id.' });
    }
    outputs.set(prediction.id, prediction.output);
  }
  return outputs;
}

/** The scorer to score these samples with: what its prepare step made of them (running their code), when it has one. */
async function prepared(scorer: Scorer, samples: Sample[], outputs: Map<string, string>, codeRunner: CodeRunner | undefined): Promise<Scorer> {
  if (!scorer.prepare || scorer.unsupported !== undefined) return scorer;
  return scorer.prepare(
    samples.map((sample) => ({ sample, output: outputs.get(sample.id) ?? '' })),
    { codeRunner },
  );
}

/** An unsupported scorer is not asked to score: every outcome says why, and nothing counts. */
function scoreOne(scorer: Scorer, output: string, sample: Sample): SampleOutcome {
  if (scorer.unsupported !== undefined) return { id: sample.id, subtask: sample.subtask, value: 0, formatError: false, detail: 'unsupported' };
  return scorer.score(output, sample);
}

function metricResult(
  metric: MetricSpec,
  scorer: Scorer,
  outcomes: SampleOutcome[],
  primary: boolean,
  bootstrap: { resamples: number; seed: number } | undefined,
): MetricResult {
  const supported = scorer.unsupported === undefined;
  const aggregate = (list: SampleOutcome[]): number | null => (supported ? scorer.aggregate(list) : null);
  const value = aggregate(outcomes);

  const bySubtask: MetricResult['bySubtask'] = {};
  const groups = new Map<string, SampleOutcome[]>();
  for (const outcome of outcomes) {
    if (outcome.subtask === undefined) continue;
    const group = groups.get(outcome.subtask) ?? [];
    group.push(outcome);
    groups.set(outcome.subtask, group);
  }
  for (const [subtask, group] of [...groups].sort(([left], [right]) => left.localeCompare(right))) {
    bySubtask[subtask] = { value: aggregate(group), count: group.length, formatErrors: countFormatErrors(group) };
  }

  const result: MetricResult = {
    metric: metric.name,
    scorer: metric.scorer,
    direction: metric.direction,
    primary,
    value,
    count: outcomes.length,
    formatErrors: countFormatErrors(outcomes),
    bySubtask,
  };
  if (!supported) result.unsupported = scorer.unsupported;
  const interval = value === null ? null : bootstrapInterval(outcomes, aggregate, bootstrap ?? { resamples: 1000, seed: 0 });
  if (interval !== null) result.interval = interval;
  return result;
}

function countFormatErrors(outcomes: SampleOutcome[]): number {
  return outcomes.filter((outcome) => outcome.formatError).length;
}
