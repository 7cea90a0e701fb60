import type { MetricResult } from '../../core/index.js';
import type { Output } from '../output.js';
import { formatNumber, mark, table } from '../output.js';

/** The metrics of one scored split: a table of metrics, one of subtasks, and why any is unsupported. */
export function printMetricTables(output: Output, metrics: readonly MetricResult[]): void {
  output.out(
    table(
      ['metric', 'value', '95% interval', 'direction', 'n', 'format errors'],
      metrics.map((metric) => [
        metric.primary ? `${metric.metric} (primary)` : metric.metric,
        metric.unsupported ? mark.skip('unsupported') : formatNumber(metric.value),
        metric.interval ? `[${formatNumber(metric.interval.low)}, ${formatNumber(metric.interval.high)}]` : '',
        `${metric.direction} is better`,
        metric.count,
        metric.formatErrors,
      ]),
    ),
  );
  const subtaskRows = metrics.flatMap((metric) =>
    Object.entries(metric.bySubtask).map(([subtask, entry]) => [metric.metric, subtask, formatNumber(entry.value), entry.count, entry.formatErrors]),
  );
  if (subtaskRows.length > 1) output.out(table(['metric', 'subtask', 'value', 'n', 'format errors'], subtaskRows));
  for (const metric of metrics) if (metric.unsupported) output.out(mark.dim(`${metric.metric}: ${metric.unsupported}`));
}
