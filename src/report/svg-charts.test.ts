import { describe, expect, it } from 'vitest';
import { barChart, escapeMarkup, formatTick, lineChart, niceTicks, scoreChart } from './svg-charts.js';

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe('escapeMarkup', () => {
  it('escapes the five characters that matter in element content and quoted attributes', () => {
    expect(escapeMarkup(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });
});

describe('niceTicks', () => {
  it('picks round steps of 1, 2 or 5 times a power of ten that cover the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.23, 0.71, 5)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    expect(niceTicks(5, 20, 6)).toEqual([5, 10, 15, 20]);
    expect(niceTicks(0.5, 2.1, 5)).toEqual([0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(0, 1234, 5)).toEqual([0, 500, 1000, 1500]);
  });

  it('widens a range of one value and refuses what is not finite', () => {
    expect(niceTicks(2, 2, 4)).toEqual([1.8, 1.9, 2, 2.1, 2.2]);
    expect(niceTicks(0, 0, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });

  it('formats ticks without floating-point noise', () => {
    expect(formatTick(0.30000000000000004)).toBe('0.3');
    expect(formatTick(1500)).toBe('1500');
  });
});

describe('lineChart', () => {
  it('draws one path per series with a legend entry, and axes with ticks', () => {
    const svg = lineChart({
      title: 'Loss',
      xLabel: 'step',
      yLabel: 'loss',
      series: [
        {
          label: 'exp-001',
          points: [
            { x: 5, y: 2 },
            { x: 10, y: 1.5 },
          ],
        },
        {
          label: 'exp-002',
          points: [
            { x: 5, y: 1.8 },
            { x: 10, y: 1.2 },
          ],
        },
      ],
    })!;
    expect(count(svg, /<svg /g)).toBe(1);
    expect(svg).toMatch(/^<svg class="chart" viewBox="0 0 720 300"[^>]*role="img"/);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(count(svg, /<path d="M/g)).toBe(2);
    expect(svg).toContain('>exp-001</text>');
    expect(svg).toContain('>exp-002</text>');
    expect(svg).toContain('>step</text>');
    expect(svg).toContain('>1.2</text>');
    expect(svg).toContain('>10</text>');
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('leaves out points that are not finite, and draws nothing without any', () => {
    const svg = lineChart({
      title: 'Loss',
      xLabel: 'step',
      yLabel: 'loss',
      series: [
        {
          label: 'diverged',
          points: [
            { x: 1, y: Number.NaN },
            { x: 2, y: 1 },
          ],
        },
      ],
    })!;
    expect(svg).toContain('<circle');
    expect(svg).not.toMatch(/NaN/);
    expect(lineChart({ title: 'Loss', xLabel: 'step', yLabel: 'loss', series: [{ label: 'empty', points: [] }] })).toBeNull();
  });

  it('thins a long curve to a small path', () => {
    const points = Array.from({ length: 5000 }, (_, index) => ({ x: index, y: 1 / (index + 1) }));
    const svg = lineChart({ title: 'Loss', xLabel: 'step', yLabel: 'loss', series: [{ label: 'long', points }] })!;
    expect(count(svg, /[ML]\d/g)).toBeLessThanOrEqual(401);
  });

  it('escapes every text it writes', () => {
    const svg = lineChart({ title: '<script>alert(1)</script>', xLabel: 'a & b', yLabel: '"y"', series: [{ label: '<b>x</b>', points: [{ x: 1, y: 1 }] }] })!;
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(svg).toContain('a &amp; b');
  });
});

describe('scoreChart', () => {
  const points = [
    { x: 1, value: 0.4, low: 0.3, high: 0.5, highlighted: true, label: 'one' },
    { x: 2, value: 0.35, highlighted: false, label: 'two' },
  ];

  it('fills highlighted points, hollows the rest, draws whiskers, the reference and the best-so-far steps', () => {
    const svg = scoreChart({
      title: 'Validation',
      xLabel: 'iteration',
      yLabel: 'accuracy',
      points,
      missing: [{ x: 3, label: 'failed' }],
      reference: { label: 'base model', value: 0.2 },
      steps: {
        label: 'best so far',
        points: [
          { x: 1, y: 0.4 },
          { x: 2, y: 0.4 },
        ],
      },
    })!;
    expect(count(svg, /<svg /g)).toBe(1);
    expect(svg).toMatch(/<circle [^>]*r="5" fill="#4e79a7"[^>]*><title>one<\/title>/);
    expect(svg).toMatch(/<circle [^>]*r="4" fill="#fff"[^>]*><title>two<\/title>/);
    expect(svg).toContain('stroke-dasharray="5 3"');
    expect(svg).toMatch(/<path d="M[\d.]+ [\d.]+ H[\d.]+ V[\d.]+ H[\d.]+"/);
    expect(svg).toContain('<title>failed</title>');
    for (const label of ['accepted', 'not accepted', 'no score', 'best so far', 'base model']) expect(svg).toContain(`>${label}</text>`);
    // One tick per iteration, 1 to 3.
    expect(svg).toMatch(/>1<\/text>.*>2<\/text>.*>3<\/text>/);
  });

  it('draws nothing without a score', () => {
    expect(scoreChart({ title: 'Validation', xLabel: 'iteration', yLabel: 'accuracy', points: [] })).toBeNull();
  });
});

describe('barChart', () => {
  it('draws a bar from zero with whiskers per value, and says "no score" for a missing one', () => {
    const svg = barChart({
      title: 'Held-out',
      yLabel: 'accuracy',
      bars: [
        { label: 'base model', value: 0.3, low: 0.2, high: 0.4 },
        { label: 'fixed recipe', value: null },
        { label: 'FT-Agent best', value: 0.52, low: 0.42, high: 0.62 },
      ],
    })!;
    expect(count(svg, /<svg /g)).toBe(1);
    expect(count(svg, /<rect /g)).toBe(2);
    expect(svg).toContain('>no score</text>');
    // A whisker is a vertical line and two caps.
    expect(count(svg, /stroke="#222"/g)).toBe(6);
    expect(svg).toContain('<title>FT-Agent best: 0.52</title>');
  });
});
