import type { LossCurve } from '../contract.js';
import { fmt3 } from '../format.js';
import { colors, type ChartOption } from './echarts.js';

export function lossOption(curve: LossCurve): ChartOption {
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 16, bottom: 32 },
    tooltip: { trigger: 'axis', valueFormatter: (value) => (typeof value === 'number' ? fmt3(value) : String(value)) },
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 22, minInterval: 1, min: 'dataMin', max: 'dataMax' },
    yAxis: { type: 'value', name: 'loss', scale: true, splitLine: { lineStyle: { color: '#eef0f2' } } },
    series: [
      {
        type: 'line',
        name: 'training loss',
        showSymbol: curve.points.length <= 40,
        symbolSize: 4,
        color: colors.running,
        lineStyle: { width: 1.5 },
        data: curve.points.map((point) => [point.step, point.loss]),
      },
    ],
  };
}
