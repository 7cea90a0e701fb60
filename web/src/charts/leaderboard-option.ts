import type { LeaderboardEntry } from '../contract.js';
import { fmt3 } from '../format.js';
import { colors, type ChartOption } from './echarts.js';
import type { CustomSeriesOption } from 'echarts/charts';

// Bars of one task share its band: the group takes 1 − GAP of the band, split evenly between agents.
const GAP = 0.3;

type RenderItem = NonNullable<CustomSeriesOption['renderItem']>;

/** An error bar (mean ± spread) over the k-th of n bars in a task's band. */
function errorBar(k: number, n: number): RenderItem {
  return (_params, api) => {
    const task = api.value(0) as number;
    const low = api.value(1) as number;
    const high = api.value(2) as number;
    const band = (api.size?.([1, 0]) as number[] | undefined)?.[0] ?? 0;
    const barWidth = (band * (1 - GAP)) / n;
    const [x = 0, yLow = 0] = api.coord([task, low]);
    const [, yHigh = 0] = api.coord([task, high]);
    const center = x - (band * (1 - GAP)) / 2 + barWidth * (k + 0.5);
    const cap = Math.min(8, barWidth / 3);
    const style = { stroke: colors.text, lineWidth: 1.2 };
    return {
      type: 'group',
      children: [
        { type: 'line', shape: { x1: center, y1: yLow, x2: center, y2: yHigh }, style },
        { type: 'line', shape: { x1: center - cap, y1: yLow, x2: center + cap, y2: yLow }, style },
        { type: 'line', shape: { x1: center - cap, y1: yHigh, x2: center + cap, y2: yHigh }, style },
      ],
    };
  };
}

/** Mean test score per task, one bar per agent; error bars of mean ± spread when seeds were repeated. */
export function leaderboardOption(entries: LeaderboardEntry[]): ChartOption {
  // A task scored in both modes is two bands, each named with its mode: the two never share a bar.
  const mixed = new Set(entries.map((entry) => entry.scoring)).size > 1;
  const band = (entry: LeaderboardEntry) => (mixed ? `${entry.task} (${entry.scoring})` : entry.task);
  const tasks = [...new Set(entries.map(band))];
  const agents = [...new Set(entries.map((entry) => entry.agent))];
  const find = (task: string, agent: string) => entries.find((entry) => band(entry) === task && entry.agent === agent);
  const spreads = entries.some((entry) => entry.spread !== null);
  const bars = agents.map((agent, k) => ({
    type: 'bar' as const,
    name: agent,
    color: colors.series[k % colors.series.length],
    barGap: '0%',
    barCategoryGap: `${GAP * 100}%`,
    data: tasks.map((task) => find(task, agent)?.mean ?? null),
    label: {
      show: !spreads && agents.length * tasks.length <= 24,
      position: 'top' as const,
      fontSize: 10,
      formatter: (params: { value: unknown }) => fmt3(typeof params.value === 'number' ? params.value : null),
    },
  }));
  const errors = agents.flatMap((agent, k) => {
    const data = tasks.flatMap((task, index) => {
      const entry = find(task, agent);
      return entry && entry.mean !== null && entry.spread !== null ? [[index, entry.mean - entry.spread, entry.mean + entry.spread]] : [];
    });
    if (data.length === 0) return [];
    return [{ type: 'custom' as const, name: agent, renderItem: errorBar(k, agents.length), data, z: 10, silent: true, encode: { x: 0, y: [1, 2] } }];
  });
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 40, bottom: 30 },
    legend: { top: 0, data: agents },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (value) => (typeof value === 'number' ? fmt3(value) : '—') },
    xAxis: { type: 'category', data: tasks },
    yAxis: { type: 'value', name: entries[0]?.metric ?? '', splitLine: { lineStyle: { color: '#eef0f2' } } },
    series: [...bars, ...errors],
  };
}
