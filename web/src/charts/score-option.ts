import type { ReportIteration, ReportScore } from '../contract.js';
import { fmt3 } from '../format.js';
import { colors, type ChartOption } from './echarts.js';

export interface ScorePoint {
  iteration: number;
  value: number;
  experimentId: string;
  accepted: boolean;
}

export function scorePoints(iterations: ReportIteration[]): ScorePoint[] {
  return iterations.flatMap((it) =>
    it.validation?.value != null
      ? [{ iteration: it.iteration, value: it.validation.value, experimentId: it.experimentId ?? '', accepted: it.accepted === true }]
      : [],
  );
}

/** The best experiment's score after each iteration's decision: the step line. */
function bestSoFar(iterations: ReportIteration[]): [number, number][] {
  const scoreOf = new Map<string, number>();
  const line: [number, number][] = [];
  for (const it of iterations) {
    if (it.experimentId !== null && it.validation?.value != null) scoreOf.set(it.experimentId, it.validation.value);
    const best = it.bestAfter !== null ? scoreOf.get(it.bestAfter) : undefined;
    if (best !== undefined) line.push([it.iteration, best]);
  }
  return line;
}

/** Axis bounds on round steps that take in every value (the base line's included). */
function niceBounds(values: number[]): { min: number; max: number; interval: number; decimals: number } {
  if (values.length === 0) return { min: 0, max: 1, interval: 0.25, decimals: 2 };
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high > low ? high - low : Math.max(Math.abs(high) * 0.2, 0.05);
  const raw = span / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const interval = ([1, 2, 5, 10].find((f) => f * power >= raw) ?? 10) * power;
  const min = Math.floor((low - interval * 0.5) / interval) * interval;
  const max = Math.ceil((high + interval * 0.5) / interval) * interval;
  return { min, max, interval, decimals: Math.max(0, -Math.floor(Math.log10(interval) + 1e-9)) };
}

export function scoreOption(iterations: ReportIteration[], base: ReportScore | null, metric: string): ChartOption {
  const points = scorePoints(iterations);
  const baseValue = base?.value ?? null;
  const best = bestSoFar(iterations);
  const bounds = niceBounds([...points.map((p) => p.value), ...(baseValue !== null ? [baseValue] : [])]);
  const lastIteration = Math.max(1, ...iterations.map((it) => it.iteration));
  return {
    animation: false,
    grid: { left: 48, right: 78, top: 26, bottom: 32 },
    legend: { top: 0, right: 0, itemWidth: 14, textStyle: { fontSize: 11 }, data: ['validation', 'best so far', 'base model'] },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', name: 'iteration', nameLocation: 'middle', nameGap: 22, minInterval: 1, min: 0, max: lastIteration, splitLine: { show: false } },
    yAxis: {
      type: 'value',
      name: metric,
      min: bounds.min,
      max: bounds.max,
      interval: bounds.interval,
      axisLabel: { formatter: (v: number) => v.toFixed(bounds.decimals) },
      splitLine: { lineStyle: { color: '#eef0f2' } },
    },
    series: [
      {
        type: 'scatter',
        name: 'validation',
        symbolSize: 9,
        color: colors.rejected,
        data: points.map((p) => ({
          value: [p.iteration, p.value],
          name: p.experimentId,
          itemStyle: { color: p.accepted ? colors.accepted : colors.rejected },
        })),
        tooltip: { formatter: (params) => (Array.isArray(params) ? '' : `${params.name}: ${fmt3((params.value as number[])[1] ?? null)}`) },
        z: 4,
      },
      { type: 'line', name: 'best so far', step: 'end', symbol: 'none', color: colors.best, lineStyle: { width: 2 }, data: best, z: 2 },
      {
        type: 'line',
        name: 'base model',
        symbol: 'none',
        silent: true,
        color: colors.muted,
        lineStyle: { type: 'dashed', width: 1.5 },
        data:
          baseValue !== null
            ? [
                [0, baseValue],
                [lastIteration, baseValue],
              ]
            : [],
        endLabel: { show: baseValue !== null, formatter: `base ${fmt3(baseValue)}`, color: colors.muted, fontSize: 11 },
        z: 3,
      },
    ],
  };
}
