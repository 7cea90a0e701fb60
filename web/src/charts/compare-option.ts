import type { Delta } from '../contract.js';
import { fmt3 } from '../format.js';
import { colors, type ChartOption } from './echarts.js';

/**
 * a and b side by side for each metric row. The rows have different scales (a score, a loss,
 * minutes), so each row's bars are scaled to its larger value; the labels carry the real numbers.
 */
export function compareOption(rows: Delta[]): ChartOption {
  const shown = rows.filter((row) => row.a !== null || row.b !== null);
  const scaled = (value: number | null, row: Delta) => {
    const top = Math.max(Math.abs(row.a ?? 0), Math.abs(row.b ?? 0));
    return { value: value === null ? null : top === 0 ? 0 : Math.abs(value) / top, raw: value };
  };
  const side = (name: 'a' | 'b') => ({
    type: 'bar' as const,
    name,
    color: colors[name],
    barGap: '10%',
    data: shown.map((row) => scaled(row[name], row)),
    label: {
      show: true,
      position: 'right' as const,
      fontSize: 11,
      formatter: (params: { data: unknown }) => fmt3((params.data as { raw: number | null }).raw),
    },
  });
  return {
    animation: false,
    grid: { left: 170, right: 60, top: 24, bottom: 8 },
    legend: { top: 0, data: ['a', 'b'] },
    xAxis: { type: 'value', max: 1.15, show: false },
    yAxis: { type: 'category', inverse: true, data: shown.map((row) => row.name), axisLabel: { width: 160, overflow: 'truncate' }, axisTick: { show: false } },
    series: [side('a'), side('b')],
  };
}

export function compareChartHeight(rows: Delta[]): number {
  return 40 + rows.filter((row) => row.a !== null || row.b !== null).length * 44;
}
