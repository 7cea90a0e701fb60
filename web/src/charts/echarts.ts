/*
 * ECharts, tree-shaken: only the series and components the pages draw, with the SVG renderer
 * (labels are DOM text, which tests and screen readers can read).
 */
import { BarChart, CustomChart, LineChart, ScatterChart, TreeChart } from 'echarts/charts';
import type { BarSeriesOption, CustomSeriesOption, LineSeriesOption, ScatterSeriesOption, TreeSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, CustomChart, LineChart, ScatterChart, TreeChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | CustomSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | TreeSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

export type { ECharts };

export function createChart(element: HTMLElement): ECharts {
  return init(element, null, { renderer: 'svg' });
}

/** The page's palette, shared with styles.css. */
export const colors = {
  accepted: '#1a7f37',
  rejected: '#8c959f',
  failed: '#cf222e',
  running: '#0969da',
  best: '#bf8700',
  a: '#0969da',
  b: '#bc4c00',
  text: '#24292f',
  muted: '#57606a',
  grid: '#d0d7de',
  series: ['#0969da', '#bc4c00', '#1a7f37', '#8250df', '#bf8700', '#cf222e', '#1b7c83', '#57606a'],
};
