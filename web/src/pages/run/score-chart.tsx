import { useMemo } from 'preact/hooks';
import { Chart, type ChartClick } from '../../charts/chart.js';
import { scoreOption, scorePoints } from '../../charts/score-option.js';
import type { ReportIteration, ReportScore } from '../../contract.js';
import { href, navigate } from '../../router.js';

interface Props {
  runId: string;
  iterations: ReportIteration[];
  base: ReportScore | null;
  metric: string;
}

/** Validation score per iteration, the best-so-far step line and the base model's score, dashed. */
export function ScoreChart({ runId, iterations, base, metric }: Props) {
  const option = useMemo(() => scoreOption(iterations, base, metric), [iterations, base, metric]);
  const points = useMemo(() => scorePoints(iterations).length, [iterations]);
  const onClick = (click: ChartClick) => {
    if (click.seriesIndex === 0 && click.name) navigate(href.run(runId, click.name));
  };
  return (
    <div class="score-box">
      <h2>Validation score over iterations</h2>
      <Chart option={option} testId="score-chart" height={240} attrs={{ 'data-points': points }} onClick={onClick} />
      {points === 0 && <p class="muted small">No validation score yet: the chart fills in as experiments are evaluated.</p>}
    </div>
  );
}
