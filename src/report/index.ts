/**
 * The run report: a versioned data model of one FT-Agent run (build-run-report.ts), rendered as
 * Markdown and as one self-contained HTML page with hand-written SVG plots. Reads the run's log
 * and folders; knows nothing of the agent (its caller passes the agent's diagnosis rule in).
 */
export { buildRunReport, experimentTree, runReportOf, type BuildRunReportOptions } from './build-run-report.js';
export { readOptionalFile } from './read-experiment-files.js';
export { baselineHint, findLatestBaseline } from './find-baseline.js';
export { renderMarkdown } from './render-markdown.js';
export { renderHtml } from './render-html.js';
export { REPORT_HTML_FILE, REPORT_MARKDOWN_FILE, writeRunReportFiles, type RunReportFiles } from './write-run-report-files.js';
