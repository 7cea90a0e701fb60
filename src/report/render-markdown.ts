import { describeAccepted, formatScore, formatValue, ITERATION_COLUMNS, iterationRow, iterationStoryItems, runFactRows } from './report-format.js';
import type { ExperimentNode, ReportIteration, RunReport } from '../core/index.js';

/**
 * Prose from the plan and the log stays one line of plain text: no line break that could start
 * a heading or a list, no HTML, code span or emphasis. Brackets and underscores are left alone
 * (no link without a URL after them, no emphasis inside a word) so the terminal copy reads well.
 */
function prose(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\`*<>])/g, '\\$1');
}

/** A table cell is prose that must also not hold a `|`, which would end the cell early. */
function cell(text: string | number): string {
  return prose(String(text)).replace(/\|/g, '\\|');
}

function markdownTable(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

function factsSection(report: RunReport): string {
  return markdownTable(['run', report.run.runId], runFactRows(report));
}

function heldOutSection(report: RunReport): string {
  const { heldOut } = report;
  const rows: string[][] = [];
  if (heldOut.base) rows.push(['base model', formatScore(heldOut.base)]);
  if (heldOut.baseline)
    rows.push([`fixed recipe (${heldOut.baseline.runId})`, heldOut.baseline.test ? formatScore(heldOut.baseline.test) : 'not scored on test']);
  if (heldOut.best) rows.push([`FT-Agent best (${heldOut.best.experimentId})`, formatScore(heldOut.best)]);
  const lines = [`## Held-out test${heldOut.metric ? ` (${heldOut.metric})` : ''}`, ''];
  lines.push(rows.length ? markdownTable(['model', 'score [95% interval]'], rows) : 'Nothing was scored on the held-out test split yet.');
  if (heldOut.baseline?.limit) lines.push('', `The fixed recipe was evaluated on the first ${heldOut.baseline.limit} samples of each split only.`);
  if (heldOut.baselineHint) lines.push('', heldOut.baselineHint);
  if (!heldOut.base) lines.push('', 'The base model has no held-out test score in this run folder (base-test/report.json).');
  return lines.join('\n');
}

function iterationsSection(report: RunReport): string {
  const rows = report.iterations.map(iterationRow);
  const table = markdownTable(
    ITERATION_COLUMNS.map((column) => (column === 'validation' && report.primaryMetric ? `validation ${report.primaryMetric.metric}` : column)),
    rows,
  );
  return ['## Iterations', '', rows.length ? table : 'No iteration started.'].join('\n');
}

function iterationStory(iteration: ReportIteration): string {
  const heading = `### Iteration ${iteration.iteration}${iteration.experimentId ? ` · ${iteration.experimentId}` : ''}${iteration.attempt > 1 ? ` (attempt ${iteration.attempt})` : ''}`;
  return [heading, '', ...iterationStoryItems(iteration).map(([label, text]) => `- **${prose(label)}:** ${prose(text)}`)].join('\n');
}

function treeLines(nodes: readonly ExperimentNode[], depth: number): string[] {
  return nodes.flatMap((node) => {
    const tags = [formatValue(node.validation), node.accepted === null ? null : describeAccepted(node.accepted), node.best ? '**best**' : null].filter(
      (tag): tag is string => tag !== null,
    );
    const line = `${'  '.repeat(depth)}- ${node.experimentId}${node.iteration === null ? '' : ` (iteration ${node.iteration})`}: ${tags.join(', ')}`;
    return [line, ...treeLines(node.children, depth + 1)];
  });
}

function lossSection(report: RunReport): string {
  const rows = report.lossCurves.map((curve) => {
    const losses = curve.points.map((point) => point.loss);
    return [
      curve.experimentId,
      curve.points.at(-1)?.step ?? 0,
      formatValue(losses[0]),
      formatValue(losses.at(-1)),
      formatValue(losses.length ? Math.min(...losses) : null),
      curve.nonFinite,
      curve.source,
    ];
  });
  return [
    '## Training loss',
    '',
    rows.length ? markdownTable(['experiment', 'last step', 'first', 'last', 'lowest', 'NaN/inf', 'from'], rows) : 'No experiment logged a training loss.',
  ].join('\n');
}

/** The run report as Markdown: facts, held-out scores, the iterations table and story, the tree, the losses. */
export function renderMarkdown(report: RunReport): string {
  const sections = [
    `# FT-Agent run ${report.run.runId}`,
    factsSection(report),
    heldOutSection(report),
    iterationsSection(report),
    ['## What each iteration tried and why', ...(report.iterations.length ? report.iterations.map(iterationStory) : ['No iteration started.'])].join('\n\n'),
    ['## Experiment tree', '', '- base model', ...treeLines(report.tree, 1)].join('\n'),
    lossSection(report),
  ];
  if (report.notes.length) sections.push(['## Notes', '', ...report.notes.map((note) => `- ${note.at}: ${prose(note.text)}`)].join('\n'));
  if (report.warnings.length) sections.push(['## Warnings', '', ...report.warnings.map((warning) => `- ${prose(warning)}`)].join('\n'));
  sections.push(`_Report schema ${report.schemaVersion}, generated ${report.generatedAt}._`);
  return `${sections.join('\n\n')}\n`;
}
