import type { ScoreReport, ScoringMode, TaskSpec } from '../core/index.js';
import type { MetricFacts } from './evaluation-records.js';
import { scoringParams } from './score-predictions.js';
import type { ScorerLibrary } from './scorer-library.js';

/** Each metric's best value and whether it can be computed here, from its scorer in the evaluation's mode. */
export async function metricFacts(task: TaskSpec, report: ScoreReport, library: ScorerLibrary, scoring: ScoringMode): Promise<MetricFacts[]> {
  return Promise.all(
    task.metrics.map(async (metric) => {
      const scorer = await library.create(metric.scorer, scoringParams(metric, scoring));
      const result = report.metrics.find((entry) => entry.metric === metric.name);
      return { name: metric.name, primary: result?.primary ?? false, best: scorer.best, supported: result?.unsupported === undefined };
    }),
  );
}
