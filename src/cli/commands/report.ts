import { resolve } from 'node:path';
import type { Command } from 'commander';
import { diagnose } from '../../agent/index.js';
import { resolveRuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { renderHtml, renderMarkdown, writeRunReportFiles } from '../../report/index.js';
import { createRunStore } from '../../store/index.js';
import type { CliContext } from '../context.js';
import { mark, printJson } from '../output.js';

const FORMATS = ['md', 'html', 'json'] as const;
type ReportFormat = (typeof FORMATS)[number];

const HELP = `
Writes the report of an FT-Agent run: report.md and report.html (one self-contained file with
the plots: training loss of every experiment, validation score per iteration, held-out test of
the base model, the fixed recipe and FT-Agent's best) into the run folder, or --out. It prints
the Markdown (--format html: the HTML page, --format json: the report's data model).

It reads <home>/runs/<run-id>/ as it is: a run still going or cut short is reported as far as it
got. The fixed recipe is the latest completed \`ftdojo baseline\` of the same task and profile.

Totals (the JSON's \`totals\`): trainedTokens, the tokens every experiment trained on, summed; and
stageSeconds per part: propose (decide and record join it), implement, validate (the data script
and validation), train, evaluate (the validation split), heldOut (scoring the chosen experiment on
test: the gap in the log before its test-scored event).

Examples:
  ftdojo report financeiq-mini-20261126-210000-a3f9
  ftdojo report financeiq-mini-20261126-210000-a3f9 --format json > report.json
  ftdojo report financeiq-mini-20261126-210000-a3f9 --out ./reports/financeiq
  ftdojo runs                                  lists the run ids`;

interface ReportOptions {
  format: string;
  out?: string;
}

export function registerReportCommand(program: Command, context: () => CliContext): void {
  program
    .command('report')
    .description("write a run's report (report.md, report.html with plots) and print it")
    .argument('<run-id>', 'a run id from `ftdojo runs`')
    .option('--format <format>', 'what to print: md, html or json', 'md')
    .option('--out <dir>', 'write report.md and report.html here instead of the run folder')
    .addHelpText('after', HELP)
    .action(async (runId: string, options: ReportOptions, command: Command) => {
      const ctx = context();
      if (!FORMATS.includes(options.format as ReportFormat))
        throw new FtdojoError('INVALID_INPUT', `unknown format "${options.format}"`, { hint: 'use --format md, --format html or --format json' });
      const global = command.optsWithGlobals() as { home?: string };
      const home = resolveRuntimeConfig(ctx.env, { home: global.home }).home;
      const store = createRunStore(home);
      try {
        // The agent's diagnosis rule names each experiment's dominant problem; the report layer sits below the agent.
        const files = await writeRunReportFiles(store, runId, home, options.out === undefined ? undefined : resolve(options.out), { diagnose });
        const format = options.format as ReportFormat;
        if (format === 'json') printJson(ctx.output, files.report);
        else ctx.output.out(format === 'html' ? renderHtml(files.report) : renderMarkdown(files.report));
        ctx.output.err(mark.dim(`wrote ${files.markdownPath} and ${files.htmlPath}`));
      } finally {
        store.close();
      }
    });
}
