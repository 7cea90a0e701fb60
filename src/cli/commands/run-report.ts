import type { EvaluationReportFile } from '../../eval/index.js';
import type { RunStore } from '../../store/index.js';
import type { Output } from '../output.js';
import { formatNumber, mark, printJson, table } from '../output.js';

const interval = (value: { low: number; high: number } | null | undefined) => (value ? ` [${formatNumber(value.low, 3)}, ${formatNumber(value.high, 3)}]` : '');

/** The run's report in the terminal (or as JSON): every iteration, the decisions, the held-out scores. */
export function printRunReport(output: Output, store: RunStore, runId: string, options: { baseTest: EvaluationReportFile | null; json: boolean }): void {
  const state = store.state(runId);
  const experiments = [...state.experiments.values()];
  const best = state.bestExperimentId ? state.experiments.get(state.bestExperimentId) : undefined;
  const baseTest = options.baseTest?.report.primary ?? null;
  if (options.json) {
    printJson(output, {
      runId,
      task: state.task,
      profile: state.profile,
      status: state.status,
      finishReason: state.finishReason,
      iterations: state.iterations.map((iteration) => ({
        iteration: iteration.iteration,
        attempt: iteration.attempt,
        status: iteration.status,
        summary: iteration.summary,
        decision: iteration.decision,
      })),
      experiments: experiments.map((experiment) => ({ ...experiment })),
      best: best ? { experimentId: best.experimentId, validation: best.primaryMetric, test: best.test } : null,
      base: baseTest ? { test: { metric: baseTest.metric, value: baseTest.value, interval: baseTest.interval ?? null } } : null,
      runDir: store.runDir(runId),
    });
    return;
  }
  output.out(`run ${runId} · ${state.task} · ${state.profile} · ${state.status}${state.finishReason ? ` (${state.finishReason})` : ''}`);
  output.out(
    table(
      ['#', 'experiment', 'plan', 'state', 'validation', 'verdict', 'accepted'],
      state.iterations.map((iteration) => {
        const id = iteration.decision?.experimentId ?? iteration.experimentIds.at(-1) ?? '—';
        const experiment = state.experiments.get(id);
        return [
          iteration.iteration,
          id,
          (iteration.summary ?? '—').slice(0, 60),
          experiment?.state ?? iteration.status,
          formatNumber(experiment?.primaryMetric ?? null, 3),
          experiment?.verdict ?? '—',
          iteration.decision ? (iteration.decision.accepted ? mark.ok('yes') : 'no') : '—',
        ];
      }),
    ),
  );
  if (best?.test)
    output.out(
      `held-out test, ${best.test.metric}: ${best.experimentId} ${formatNumber(best.test.value, 3)}${interval(best.test.interval)}${baseTest ? `  vs base model ${formatNumber(baseTest.value, 3)}${interval(baseTest.interval)}` : ''}`,
    );
  else if (state.status === 'completed')
    output.out(`no experiment was accepted: the base model stays the best${baseTest ? ` (test ${baseTest.metric} ${formatNumber(baseTest.value, 3)})` : ''}`);
  output.out(`run folder: ${store.runDir(runId)}`);
}
