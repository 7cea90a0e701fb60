import { useEffect, useRef } from 'preact/hooks';
import { createChart, type ChartOption, type ECharts } from './echarts.js';

/** What a click on a chart item carries: the item's data, as the option gave it. */
export interface ChartClick {
  data: unknown;
  seriesIndex: number | undefined;
  name: string;
}

interface Props {
  option: ChartOption;
  testId: string;
  height: number;
  /** Extra attributes on the chart's box (data-points and the like). */
  attrs?: Record<string, string | number>;
  onClick?: (click: ChartClick) => void;
  class?: string;
}

/** One ECharts instance in a div: created once, given each new option whole, resized with its box. */
export function Chart({ option, testId, height, attrs, onClick, class: className }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = createChart(element);
    chart.current = instance;
    instance.on('click', (params) => {
      const { data, seriesIndex, name } = params as { data: unknown; seriesIndex?: number; name: string };
      click.current?.({ data, seriesIndex, name });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} class={`chart ${className ?? ''}`} data-testid={testId} style={{ height: `${height}px` }} {...attrs} />;
}
