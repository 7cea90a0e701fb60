/*
 * Hand-written SVG for the three plots of the HTML report. Why not a chart library: the ones that
 * render to a static SVG string either need a DOM (D3, Chart.js, Plotly: jsdom or a browser) or
 * bring megabytes of dependencies (Vega with its canvas fallback) for three small plots that a
 * few linear scales, ticks and paths draw. Every piece of text goes through escapeMarkup; there is
 * no script, no external reference and no xmlns attribute (an SVG inline in HTML needs none).
 */

export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 300;
const MARGIN = { top: 30, right: 150, bottom: 44, left: 60 } as const;
/** Distinct on white and for the common colour-vision deficiencies (Tableau 10). */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;

const AXIS = '#555';
const GRID = '#e4e4e4';

/** Text made safe for HTML and SVG, in element content and in quoted attributes alike. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Round numbers that span [min, max]: steps of 1, 2 or 5 times a power of ten, about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  let low = Math.min(min, max);
  let high = Math.max(min, max);
  if (low === high) {
    const pad = Math.abs(low) * 0.1 || 1;
    low -= pad;
    high += pad;
  }
  const rough = (high - low) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough * (1 - 1e-9)) ?? 10 * magnitude;
  const start = Math.floor(low / step) * step;
  const ticks: number[] = [];
  // Multiplying, not adding, keeps floating-point drift from piling up over the ticks.
  for (let index = 0; start + index * step <= high + step * 1e-9; index += 1) ticks.push(Number((start + index * step).toPrecision(12)));
  if (ticks.at(-1)! < high - step * 1e-9) ticks.push(Number((start + ticks.length * step).toPrecision(12)));
  return ticks;
}

export function formatTick(value: number): string {
  if (Math.abs(value) >= 1000 || Number.isInteger(value)) return String(Math.round(value));
  return String(Number(value.toPrecision(6)));
}

type Scale = (value: number) => number;

function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const span = domain[1] - domain[0] || 1;
  return (value) => range[0] + ((value - domain[0]) / span) * (range[1] - range[0]);
}

const round = (value: number) => Number(value.toFixed(1));

interface Frame {
  x: Scale;
  y: Scale;
  xTicks: number[];
  yTicks: number[];
  xLabel: string;
  yLabel: string;
}

function svgOpen(title: string): string {
  return `<svg class="chart" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" role="img" aria-label="${escapeMarkup(title)}"><title>${escapeMarkup(title)}</title>`;
}

/** Grid lines, both axes with ticks and numbers, and the axis titles. */
function axes(frame: Frame): string {
  const left = MARGIN.left;
  const right = CHART_WIDTH - MARGIN.right;
  const top = MARGIN.top;
  const bottom = CHART_HEIGHT - MARGIN.bottom;
  const parts: string[] = [];
  for (const tick of frame.yTicks) {
    const y = round(frame.y(tick));
    parts.push(
      `<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="${GRID}"/>`,
      `<line x1="${left - 4}" y1="${y}" x2="${left}" y2="${y}" stroke="${AXIS}"/>`,
    );
    parts.push(`<text x="${left - 7}" y="${y}" text-anchor="end" dominant-baseline="middle" font-size="11">${escapeMarkup(formatTick(tick))}</text>`);
  }
  for (const tick of frame.xTicks) {
    const x = round(frame.x(tick));
    parts.push(
      `<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 4}" stroke="${AXIS}"/>`,
      `<text x="${x}" y="${bottom + 16}" text-anchor="middle" font-size="11">${escapeMarkup(formatTick(tick))}</text>`,
    );
  }
  parts.push(
    `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="${AXIS}"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="${AXIS}"/>`,
  );
  parts.push(`<text x="${round((left + right) / 2)}" y="${CHART_HEIGHT - 8}" text-anchor="middle" font-size="12">${escapeMarkup(frame.xLabel)}</text>`);
  parts.push(
    `<text x="14" y="${round((top + bottom) / 2)}" text-anchor="middle" font-size="12" transform="rotate(-90 14 ${round((top + bottom) / 2)})">${escapeMarkup(frame.yLabel)}</text>`,
  );
  return parts.join('');
}

interface LegendItem {
  label: string;
  color: string;
  /** The key as a dashed line, a dot (filled or hollow), or a cross; a solid line otherwise. */
  dash?: boolean;
  marker?: boolean;
  hollow?: boolean;
  cross?: boolean;
}

/** A column of coloured keys in the right margin. */
function legend(items: readonly LegendItem[]): string {
  const x = CHART_WIDTH - MARGIN.right + 14;
  return items
    .map((item, index) => {
      const y = MARGIN.top + 8 + index * 18;
      const key = item.cross
        ? `<path d="M${x + 5} ${y - 4} L${x + 13} ${y + 4} M${x + 5} ${y + 4} L${x + 13} ${y - 4}" stroke="${item.color}" stroke-width="2"/>`
        : item.marker
          ? `<circle cx="${x + 9}" cy="${y}" r="4" fill="${item.hollow ? '#fff' : item.color}" stroke="${item.color}" stroke-width="1.5"/>`
          : `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${item.color}" stroke-width="2"${item.dash ? ' stroke-dasharray="5 3"' : ''}/>`;
      return `${key}<text x="${x + 24}" y="${y}" dominant-baseline="middle" font-size="11">${escapeMarkup(item.label)}</text>`;
    })
    .join('');
}

const plotRange = { x: [MARGIN.left, CHART_WIDTH - MARGIN.right] as const, y: [CHART_HEIGHT - MARGIN.bottom, MARGIN.top] as const };

/** Smallest and largest, without spreading a long array into Math.min's arguments. */
function extent(values: readonly number[]): [number, number] {
  return values.reduce<[number, number]>(([low, high], value) => [Math.min(low, value), Math.max(high, value)], [Infinity, -Infinity]);
}

function frameFor(xDomain: readonly [number, number], xTicks: number[], ys: readonly number[], labels: { x: string; y: string }): Frame {
  const yTicks = niceTicks(...extent(ys), 5);
  return {
    x: linearScale(xDomain, plotRange.x),
    y: linearScale([yTicks[0]!, yTicks.at(-1)!], plotRange.y),
    xTicks,
    yTicks,
    xLabel: labels.x,
    yLabel: labels.y,
  };
}

/** At most `limit` points, evenly picked, the last always kept: a long run's curve stays a small path. */
function thin<T>(points: readonly T[], limit: number): T[] {
  if (points.length <= limit) return [...points];
  const every = Math.ceil(points.length / limit);
  return points.filter((_, index) => index % every === 0 || index === points.length - 1);
}

export interface LineSeries {
  label: string;
  points: readonly { x: number; y: number }[];
}

/** Several curves overlaid on shared axes (the training losses), one colour each, with a legend. */
export function lineChart(input: { title: string; xLabel: string; yLabel: string; series: readonly LineSeries[] }): string | null {
  const series = input.series
    .map((item) => ({
      ...item,
      points: thin(
        item.points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y)),
        400,
      ),
    }))
    .filter((item) => item.points.length > 0);
  if (!series.length) return null;
  const xTicks = niceTicks(...extent(series.flatMap((item) => item.points.map((point) => point.x))), 6);
  const frame = frameFor(
    [xTicks[0]!, xTicks.at(-1)!],
    xTicks,
    series.flatMap((item) => item.points.map((point) => point.y)),
    { x: input.xLabel, y: input.yLabel },
  );
  const color = (index: number) => PALETTE[index % PALETTE.length]!;
  const lines = series.map((item, index) => {
    const path = item.points.map((point, at) => `${at ? 'L' : 'M'}${round(frame.x(point.x))} ${round(frame.y(point.y))}`).join(' ');
    const dot =
      item.points.length === 1
        ? `<circle cx="${round(frame.x(item.points[0]!.x))}" cy="${round(frame.y(item.points[0]!.y))}" r="3" fill="${color(index)}"/>`
        : '';
    return `<path d="${path}" fill="none" stroke="${color(index)}" stroke-width="1.8"><title>${escapeMarkup(item.label)}</title></path>${dot}`;
  });
  return `${svgOpen(input.title)}${axes(frame)}${lines.join('')}${legend(series.map((item, index) => ({ label: item.label, color: color(index) })))}</svg>`;
}

export interface ScorePoint {
  x: number;
  value: number;
  low?: number | undefined;
  high?: number | undefined;
  highlighted: boolean;
  /** Shown when the pointer rests on the point. */
  label: string;
}

export interface ScoreChartInput {
  title: string;
  xLabel: string;
  yLabel: string;
  points: readonly ScorePoint[];
  /** Iterations without a score (a failed experiment): a cross on the x axis. */
  missing?: readonly { x: number; label: string }[];
  reference?: { label: string; value: number } | null;
  steps?: { label: string; points: readonly { x: number; y: number }[] } | null;
}

/**
 * One score per iteration with its interval as a whisker; highlighted points (accepted
 * experiments) filled, the others hollow. A dashed reference line (the base model) and a
 * best-so-far step line when given.
 */
export function scoreChart(input: ScoreChartInput): string | null {
  const points = input.points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.value));
  if (!points.length) return null;
  const missing = (input.missing ?? []).filter((item) => Number.isFinite(item.x));
  const steps = (input.steps?.points ?? []).filter((point) => Number.isFinite(point.y));
  const ys = [
    ...points.flatMap((point) => [point.value, point.low ?? point.value, point.high ?? point.value]),
    ...steps.map((point) => point.y),
    ...(input.reference ? [input.reference.value] : []),
  ];
  const lastX = Math.max(...points.map((point) => point.x), ...missing.map((item) => item.x));
  // Iterations are whole numbers: one tick each, thinned to about a dozen, half a step of room at both ends.
  const every = Math.max(1, Math.ceil(lastX / 12));
  const xTicks = Array.from({ length: lastX }, (_, index) => index + 1).filter((tick) => (tick - 1) % every === 0);
  const frame = frameFor([0.5, lastX + 0.5], xTicks, ys, { x: input.xLabel, y: input.yLabel });
  const parts: string[] = [];
  if (input.reference) {
    const y = round(frame.y(input.reference.value));
    parts.push(`<line x1="${plotRange.x[0]}" y1="${y}" x2="${plotRange.x[1]}" y2="${y}" stroke="${PALETTE[8]}" stroke-width="1.5" stroke-dasharray="5 3"/>`);
  }
  if (steps.length) {
    const path = steps
      .map((point, index) => (index ? `H${round(frame.x(point.x))} V${round(frame.y(point.y))}` : `M${round(frame.x(point.x))} ${round(frame.y(point.y))}`))
      .join(' ');
    parts.push(`<path d="${path} H${round(frame.x(lastX + 0.5))}" fill="none" stroke="${PALETTE[4]}" stroke-width="1.8"/>`);
  }
  for (const point of points) {
    const x = round(frame.x(point.x));
    if (point.low !== undefined && point.high !== undefined)
      parts.push(`<line x1="${x}" y1="${round(frame.y(point.low))}" x2="${x}" y2="${round(frame.y(point.high))}" stroke="${PALETTE[0]}"/>`);
    const fill = point.highlighted ? PALETTE[0] : '#fff';
    parts.push(
      `<circle cx="${x}" cy="${round(frame.y(point.value))}" r="${point.highlighted ? 5 : 4}" fill="${fill}" stroke="${PALETTE[0]}" stroke-width="1.5"><title>${escapeMarkup(point.label)}</title></circle>`,
    );
  }
  const bottom = CHART_HEIGHT - MARGIN.bottom;
  for (const item of missing) {
    const x = round(frame.x(item.x));
    parts.push(
      `<path d="M${x - 5} ${bottom - 13} L${x + 5} ${bottom - 3} M${x - 5} ${bottom - 3} L${x + 5} ${bottom - 13}" stroke="${PALETTE[2]}" stroke-width="2"><title>${escapeMarkup(item.label)}</title></path>`,
    );
  }
  const keys = [
    { label: 'accepted', color: PALETTE[0], marker: true },
    { label: 'not accepted', color: PALETTE[0], marker: true, hollow: true },
    ...(missing.length ? [{ label: 'no score', color: PALETTE[2], cross: true }] : []),
    ...(steps.length && input.steps ? [{ label: input.steps.label, color: PALETTE[4] }] : []),
    ...(input.reference ? [{ label: input.reference.label, color: PALETTE[8], dash: true }] : []),
  ];
  return `${svgOpen(input.title)}${axes(frame)}${parts.join('')}${legend(keys)}</svg>`;
}

export interface Bar {
  label: string;
  value: number | null;
  low?: number | undefined;
  high?: number | undefined;
}

/** Vertical bars from zero, with interval whiskers; a bar without a value shows "no score". */
export function barChart(input: { title: string; yLabel: string; bars: readonly Bar[] }): string | null {
  if (!input.bars.length) return null;
  const values = input.bars
    .flatMap((bar) => [bar.value, bar.low, bar.high])
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  const frame = frameFor([0, 1], [], [0, ...values], { x: '', y: input.yLabel });
  const slot = (plotRange.x[1] - plotRange.x[0]) / input.bars.length;
  const width = Math.min(90, slot * 0.6);
  const zero = round(frame.y(0));
  const parts = input.bars.map((bar, index) => {
    const center = plotRange.x[0] + slot * (index + 0.5);
    const name = `<text x="${round(center)}" y="${CHART_HEIGHT - MARGIN.bottom + 16}" text-anchor="middle" font-size="11">${escapeMarkup(bar.label)}</text>`;
    if (bar.value === null || !Number.isFinite(bar.value))
      return `${name}<text x="${round(center)}" y="${zero - 8}" text-anchor="middle" font-size="11" fill="${AXIS}">no score</text>`;
    const top = round(frame.y(bar.value));
    const rect = `<rect x="${round(center - width / 2)}" y="${Math.min(top, zero)}" width="${round(width)}" height="${round(Math.abs(zero - top))}" fill="${PALETTE[index % PALETTE.length]}"><title>${escapeMarkup(`${bar.label}: ${formatTick(bar.value)}`)}</title></rect>`;
    const whisker =
      bar.low !== undefined && bar.high !== undefined
        ? `<line x1="${round(center)}" y1="${round(frame.y(bar.low))}" x2="${round(center)}" y2="${round(frame.y(bar.high))}" stroke="#222" stroke-width="1.5"/>` +
          [bar.low, bar.high]
            .map(
              (end) =>
                `<line x1="${round(center - 8)}" y1="${round(frame.y(end))}" x2="${round(center + 8)}" y2="${round(frame.y(end))}" stroke="#222" stroke-width="1.5"/>`,
            )
            .join('')
        : '';
    const label = `<text x="${round(center + width / 2 + 4)}" y="${top}" font-size="11" dominant-baseline="middle">${escapeMarkup(formatTick(bar.value))}</text>`;
    return `${name}${rect}${whisker}${label}`;
  });
  return `${svgOpen(input.title)}${axes(frame)}${parts.join('')}</svg>`;
}
