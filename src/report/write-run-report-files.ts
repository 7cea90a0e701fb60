import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../runtime/index.js';
import type { RunStore } from '../store/index.js';
import type { BuildRunReportOptions } from './build-run-report.js';
import { buildRunReport } from './build-run-report.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import type { RunReport } from '../core/index.js';

export const REPORT_MARKDOWN_FILE = 'report.md';
export const REPORT_HTML_FILE = 'report.html';

export interface RunReportFiles {
  markdownPath: string;
  htmlPath: string;
  /** The model both files were rendered from (what `--format json` prints). */
  report: RunReport;
}

/**
 * Builds a run's report and writes report.md and report.html into `outDir` (the run folder by
 * default): what `ftdojo report` does, and what the run command calls when a run ends. Each file
 * is written atomically, so a dashboard reading it never sees half a page.
 */
export async function writeRunReportFiles(
  store: RunStore,
  runId: string,
  home: string,
  outDir?: string,
  options: Omit<BuildRunReportOptions, 'home'> = {},
): Promise<RunReportFiles> {
  const report = buildRunReport(store, runId, { ...options, home });
  const dir = outDir ?? store.runDir(runId);
  await mkdir(dir, { recursive: true });
  const markdownPath = join(dir, REPORT_MARKDOWN_FILE);
  const htmlPath = join(dir, REPORT_HTML_FILE);
  await writeFileAtomically(markdownPath, renderMarkdown(report));
  await writeFileAtomically(htmlPath, renderHtml(report));
  return { markdownPath, htmlPath, report };
}
