import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { resolveRuntimeConfig } from '../../config/index.js';
import type { ProfileName, ScoringMode } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import { evaluationCodeRunner } from '../../dojo/index.js';
import { readPredictionsJsonl, scorePredictions } from '../../eval/index.js';
import type { CliContext } from '../context.js';
import { SCORING_FLAG, SCORING_FLAG_HELP, SCORING_HELP, scoringModeOption } from '../option-parsers.js';
import { mark, printJson } from '../output.js';
import { printMetricTables } from './metric-tables.js';

const SPLITS = ['validation', 'test'] as const;

export function registerScoreCommand(program: Command, context: () => CliContext): void {
  program
    .command('score')
    .description('score a JSONL file of {"id", "output"} predictions on a task split')
    .option('--task <id>', 'task id (see `ftdojo tasks`)')
    .option('--task-file <file>', 'a task file of your own')
    .option('--profile <profile>', 'mini or paper', 'mini')
    .option('--split <split>', 'validation or test', 'validation')
    .requiredOption('--predictions <file>', 'JSONL, one {"id": ..., "output": ...} per line')
    .option(SCORING_FLAG, SCORING_FLAG_HELP, scoringModeOption)
    .option('--resamples <n>', 'bootstrap resamples for the 95% interval', (value) => Number.parseInt(value, 10), 1000)
    .option('--json', 'print the full score report as JSON (with per-sample outcomes)')
    .addHelpText(
      'after',
      `\nExample:\n  ftdojo score --task financeiq --profile mini --split validation --predictions preds.jsonl --scoring official\n\nSamples without a prediction are scored as empty answers; unknown ids are listed and ignored.\n${SCORING_HELP}`,
    )
    .action(
      async (
        options: {
          task?: string;
          taskFile?: string;
          profile: ProfileName;
          split: string;
          predictions: string;
          scoring?: ScoringMode;
          resamples: number;
          json?: boolean;
        },
        command: Command,
      ) => {
        const ctx = context();
        if (!SPLITS.includes(options.split as (typeof SPLITS)[number])) {
          throw new FtdojoError('INVALID_INPUT', `unknown split "${options.split}"`, { hint: 'use --split validation or --split test' });
        }
        if (options.profile !== 'mini' && options.profile !== 'paper')
          throw new FtdojoError('INVALID_INPUT', `unknown profile "${options.profile}"`, { hint: 'use --profile mini or --profile paper' });
        const task = await ctx.resolveTask(options);
        const text = await readFile(options.predictions, 'utf8').catch((cause: unknown) => {
          throw new FtdojoError('INVALID_INPUT', `cannot read ${options.predictions}`, { hint: 'pass the path of a JSONL predictions file', cause });
        });
        const predictions = readPredictionsJsonl(text, options.predictions);
        const splits = await task.buildSplits(ctx.repository(), options.profile);
        const samples = options.split === 'test' ? splits.test : splits.validation;
        const report = await scorePredictions({
          task: task.spec,
          profile: options.profile,
          split: options.split,
          samples,
          predictions,
          bootstrap: { resamples: options.resamples, seed: 0 },
          scoring: options.scoring,
          // Pass@1 of TableBench's chart code runs the code: in the sandbox, with the runtime's Python.
          codeRunner: evaluationCodeRunner(resolveRuntimeConfig(ctx.env, { home: (command.optsWithGlobals() as { home?: string }).home })),
        });
        if (options.json) return printJson(ctx.output, report);

        ctx.output.out(
          `${task.spec.id} · ${options.profile} · ${options.split} · scoring ${report.scoring}: ${report.samples} samples, ${report.predictions} predictions${report.missing ? `, ${report.missing} missing (scored empty)` : ''}`,
        );
        if (report.unknownIds.length)
          ctx.output.out(mark.skip(`ignored ${report.unknownIds.length} prediction(s) with unknown ids, e.g. ${report.unknownIds.slice(0, 3).join(', ')}`));
        printMetricTables(ctx.output, report.metrics);
      },
    );
}
