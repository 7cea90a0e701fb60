import { describeAccepted, formatScore, formatValue, ITERATION_COLUMNS, iterationRow, iterationStoryItems, runFactRows } from './report-format.js';
import type { ExperimentNode, ReportIteration, RunReport } from '../core/index.js';
import type { Bar, ScorePoint } from './svg-charts.js';
import { barChart, escapeMarkup, lineChart, scoreChart } from './svg-charts.js';

/*
 * The run report as ONE self-contained HTML file: inline CSS, inline SVG, no script, no font,
 * image or stylesheet from anywhere, so it opens offline, from a mail attachment or a CI artifact
 * alike. Every text that comes from the run goes through escapeMarkup.
 */

const STYLE = `
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 2rem auto; max-width: 1080px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; } h3 { margin-bottom: .3rem; }
table { border-collapse: collapse; margin: .6rem 0; } th, td { border: 1px solid #ddd; padding: .25rem .55rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
.subtitle, .muted, .empty { color: #666; } .accepted { color: #2a7d2a; font-weight: 600; } .best { background: #eef6ee; }
svg.chart { max-width: 100%; height: auto; font-family: inherit; display: block; margin: .6rem 0; }
section.iteration { border-left: 3px solid #ddd; padding-left: .8rem; margin: 1rem 0; } section.iteration.was-accepted { border-left-color: #59a14f; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: 0; } dt { font-weight: 600; color: #444; } dd { margin: 0; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.2rem; } ul.tree li::before { content: "└ "; color: #999; }
`;

const text = escapeMarkup;

function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = [], rowClass?: (index: number) => string): string {
  const headRow = `<tr>${head.map((cell) => `<th>${text(cell)}</th>`).join('')}</tr>`;
  const body = rows.map(
    (row, index) =>
      `<tr${rowClass?.(index) ? ` class="${rowClass(index)}"` : ''}>${row.map((cell, column) => `<td${numeric.includes(column) ? ' class="number"' : ''}>${text(cell)}</td>`).join('')}</tr>`,
  );
  return `<table><thead>${headRow}</thead><tbody>${body.join('')}</tbody></table>`;
}

const chartOr = (svg: string | null, empty: string) => svg ?? `<p class="empty">${text(empty)}</p>`;

function heldOutSection(report: RunReport): string {
  const { heldOut } = report;
  const metric = heldOut.metric ?? report.primaryMetric?.metric ?? 'score';
  const bar = (label: string, score: { value: number | null; interval: { low: number; high: number } | null } | null): Bar => ({
    label,
    value: score?.value ?? null,
    low: score?.interval?.low,
    high: score?.interval?.high,
  });
  const bars = [bar('base model', heldOut.base), bar('fixed recipe', heldOut.baseline?.test ?? null), bar('FT-Agent best', heldOut.best)];
  const anyScore = bars.some((item) => item.value !== null);
  const rows = [
    ['base model', formatScore(heldOut.base)],
    [`fixed recipe${heldOut.baseline ? ` (${heldOut.baseline.runId})` : ''}`, heldOut.baseline ? formatScore(heldOut.baseline.test) : '—'],
    [`FT-Agent best${heldOut.best ? ` (${heldOut.best.experimentId})` : ''}`, formatScore(heldOut.best)],
  ];
  const notes = [
    heldOut.baselineHint,
    heldOut.baseline?.limit ? `The fixed recipe was evaluated on the first ${heldOut.baseline.limit} samples of each split only.` : null,
    heldOut.base ? null : 'The base model has no held-out test score in this run folder (base-test/report.json).',
  ].filter((note): note is string => note !== null);
  return [
    `<h2>Held-out test (${text(metric)})</h2>`,
    chartOr(
      anyScore ? barChart({ title: `Held-out test ${metric}: base model, fixed recipe, FT-Agent best (whiskers: 95% interval)`, yLabel: metric, bars }) : null,
      'Nothing was scored on the held-out test split yet.',
    ),
    table(['model', `${metric} [95% interval]`], rows, [1]),
    ...notes.map((note) => `<p class="muted">${text(note)}</p>`),
  ].join('\n');
}

function validationSection(report: RunReport): string {
  const byId = new Map(report.iterations.filter((iteration) => iteration.experimentId !== null).map((iteration) => [iteration.experimentId!, iteration]));
  const points: ScorePoint[] = report.iterations.flatMap((iteration) => {
    const score = iteration.validation;
    if (score?.value === null || score?.value === undefined) return [];
    const label = `iteration ${iteration.iteration} · ${iteration.experimentId ?? ''}: ${formatScore(score)} · ${describeAccepted(iteration.accepted)}`;
    return [
      { x: iteration.iteration, value: score.value, low: score.interval?.low, high: score.interval?.high, highlighted: iteration.accepted === true, label },
    ];
  });
  const missing = report.iterations
    .filter((iteration) => typeof iteration.validation?.value !== 'number' && iteration.experimentId !== null)
    .map((iteration) => ({
      x: iteration.iteration,
      label: `iteration ${iteration.iteration} · ${iteration.experimentId}: ${iteration.state ?? iteration.status}, no validation score`,
    }));
  // The agent's own best after each decision, not a running maximum: acceptance is by rule (beyond noise).
  const steps = report.iterations.flatMap((iteration) => {
    const value = iteration.bestAfter === null ? undefined : byId.get(iteration.bestAfter)?.validation?.value;
    return typeof value === 'number' ? [{ x: iteration.iteration, y: value }] : [];
  });
  const metric = report.primaryMetric;
  const yLabel = metric ? `${metric.metric} (${metric.direction} is better)` : 'validation score';
  const base = report.baseValidation?.value;
  const svg = scoreChart({
    title: `Validation ${metric?.metric ?? 'score'} per iteration (filled: accepted; whiskers: 95% interval)`,
    xLabel: 'iteration',
    yLabel,
    points,
    missing,
    reference: typeof base === 'number' ? { label: 'base model', value: base } : null,
    steps: steps.length ? { label: 'best so far', points: steps } : null,
  });
  return `<h2>Validation score per iteration</h2>\n${chartOr(svg, 'No iteration has a validation score yet.')}`;
}

function lossSection(report: RunReport): string {
  const svg = lineChart({
    title: 'Training loss per experiment',
    xLabel: 'step',
    yLabel: 'training loss',
    series: report.lossCurves.map((curve) => ({ label: curve.experimentId, points: curve.points.map((point) => ({ x: point.step, y: point.loss })) })),
  });
  const diverged = report.lossCurves
    .filter((curve) => curve.nonFinite > 0)
    .map((curve) => `${curve.experimentId} logged ${curve.nonFinite} NaN or infinite loss value(s), left out of the plot.`);
  return [
    `<h2>Training loss</h2>`,
    chartOr(svg, 'No experiment logged a training loss.'),
    ...diverged.map((note) => `<p class="muted">${text(note)}</p>`),
  ].join('\n');
}

function iterationsSection(report: RunReport): string {
  if (!report.iterations.length) return '<h2>Iterations</h2>\n<p class="empty">No iteration started.</p>';
  const rows = report.iterations.map(iterationRow);
  const best = report.run.bestExperimentId;
  return `<h2>Iterations</h2>\n${table([...ITERATION_COLUMNS], rows, [0, 6, 9], (index) => (report.iterations[index]!.experimentId === best && best !== null ? 'best' : ''))}`;
}

function iterationStory(iteration: ReportIteration): string {
  const title = `Iteration ${iteration.iteration}${iteration.experimentId ? ` · ${iteration.experimentId}` : ''}${iteration.attempt > 1 ? ` (attempt ${iteration.attempt})` : ''}`;
  const items = iterationStoryItems(iteration).map(([label, value]) => `<dt>${text(label)}</dt><dd>${text(value)}</dd>`);
  return `<section class="iteration${iteration.accepted ? ' was-accepted' : ''}"><h3>${text(title)}</h3><dl>${items.join('')}</dl></section>`;
}

function treeItems(nodes: readonly ExperimentNode[]): string {
  if (!nodes.length) return '';
  const items = nodes.map((node) => {
    const tags = [formatValue(node.validation), node.accepted === null ? null : describeAccepted(node.accepted)]
      .filter((tag): tag is string => tag !== null)
      .join(', ');
    const label = `${node.experimentId}${node.iteration === null ? '' : ` (iteration ${node.iteration})`}: ${tags}`;
    return `<li${node.accepted ? ' class="accepted"' : ''}>${text(label)}${node.best ? ' <strong>best</strong>' : ''}${treeItems(node.children)}</li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

/** The run report as one self-contained HTML page with its three plots. */
export function renderHtml(report: RunReport): string {
  const { run } = report;
  const title = `FT-Agent run ${run.runId}`;
  const body = [
    `<h1>${text(title)}</h1>`,
    `<p class="subtitle">${text(`${run.task} · ${run.profile} · ${run.status}${run.finishReason ? `: ${run.finishReason}` : ''}`)}</p>`,
    table(['run', run.runId], runFactRows(report)),
    heldOutSection(report),
    validationSection(report),
    lossSection(report),
    iterationsSection(report),
    `<h2>What each iteration tried and why</h2>\n${report.iterations.map(iterationStory).join('\n') || '<p class="empty">No iteration started.</p>'}`,
    `<h2>Experiment tree</h2>\n<ul class="tree"><li>base model${treeItems(report.tree)}</li></ul>`,
  ];
  if (report.notes.length) body.push(`<h2>Notes</h2>\n<ul>${report.notes.map((note) => `<li>${text(`${note.at}: ${note.text}`)}</li>`).join('')}</ul>`);
  if (report.warnings.length) body.push(`<h2>Warnings</h2>\n<ul>${report.warnings.map((warning) => `<li>${text(warning)}</li>`).join('')}</ul>`);
  body.push(`<p class="muted">${text(`Report schema ${report.schemaVersion}, generated ${report.generatedAt}.`)}</p>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
