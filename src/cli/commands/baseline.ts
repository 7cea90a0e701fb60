import type { Command } from 'commander';
import type { BaselineEvent, BaselineResult, BaselineSplitScore } from '../../bench/index.js';
import { BASELINE_SPLITS, runBaseline } from '../../bench/index.js';
import { resolveRuntimeConfig } from '../../config/index.js';
import type { ProfileName } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import type { CliContext } from '../context.js';
import type { Output } from '../output.js';
import { formatNumber, mark, printJson, table } from '../output.js';
import type { ProgressBar } from '../progress.js';
import { progressBar } from '../progress.js';
import { positiveInteger } from '../option-parsers.js';
import { BASE_MODEL_HELP, BASE_MODEL_OPTION, baseModelFlag, modelDownloadReporter, TEMPLATE_OPTION } from './base-model-flag.js';

interface BaselineOptions {
  task?: string;
  taskFile?: string;
  profile: ProfileName;
  maxSteps?: number;
  limit?: number;
  json?: boolean;
  baseModel?: string;
  template?: string;
}

const HELP = `
Trains the fixed-recipe baseline (the paper's "manual SFT") with LLaMA-Factory and evaluates the
base model and the fine-tuned one on validation and test, side by side.

Recipe: a seeded sample of the task's pool within the profile's sample cap (rows with a target;
math rows with a worked solution train on the solution and the boxed answer), LoRA rank 8 /
alpha 16 on all linear layers, learning rate 2e-4 with a cosine schedule and 10% warmup,
cutoff_len 512 (longer rows are passed over), batch 4 x 2 accumulation, fp32 on CPU; the number
of examples and epochs is sized to a time budget (5 minutes of training on the mini profile).
The base model's generations are cached under <home>/cache/baseline-base-eval and reused by the
next run of the same task and split.

Everything goes to <home>/runs/baseline-<task>-<profile>-<time>/: train.yaml, data/ (alpaca rows,
dataset_info.json, selection.json), train.log, output/ (adapter, trainer_log.jsonl, training_loss.png),
eval/<base|tuned>/<split>/ (records.jsonl, report.json), scores.json and status.json.
Ctrl-C stops the current stage and leaves the folder saying what finished.

Examples:
  ftdojo baseline --task financeiq --profile mini
  ftdojo baseline --task financeiq --max-steps 5 --limit 10      a quick run through every stage
  ftdojo baseline --task chemcot-mol-und --json
${BASE_MODEL_HELP}`;

function clock(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?';
  const total = Math.max(0, Math.round(seconds));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

const STAGE_WORDS: Record<string, string> = {
  prepare: 'preparing the data and the training config',
  train: 'training (loading the model first)',
  'eval-base-validation': 'evaluating the base model on validation',
  'eval-base-test': 'evaluating the base model on test',
  'eval-tuned-validation': 'evaluating the fine-tuned model on validation',
  'eval-tuned-test': 'evaluating the fine-tuned model on test',
};

/**
 * Progress on stderr: a bar (step, loss, ETA) on a terminal; otherwise a plain line when a stage
 * starts and at most every 15 seconds within it, so logs stay readable.
 */
function progressReporter(output: Output, interactive: boolean) {
  let bar: ProgressBar | undefined;
  let lastLine = 0;
  const plain = (text: string, force = false) => {
    if (interactive) return;
    const now = Date.now();
    if (!force && now - lastLine < 15_000) return;
    lastLine = now;
    output.err(text);
  };
  return {
    handle(event: BaselineEvent) {
      if (event.kind === 'stage') {
        bar?.stop();
        bar = undefined;
        output.err(`${mark.dim('›')} ${STAGE_WORDS[event.stage] ?? event.stage}`);
        lastLine = Date.now();
        return;
      }
      if (event.kind === 'train') {
        const progress = event.progress;
        if (progress.phase === 'starting') return plain(`  loading… ${clock(progress.elapsedSeconds)}`);
        const label = `loss ${formatNumber(progress.loss ?? null, 3)} · ${clock(progress.elapsedSeconds)} elapsed · eta ${clock(progress.remainingSeconds)}`;
        if (interactive) {
          bar ??= progressBar(output, 'train');
          bar.update(progress.step, progress.totalSteps, label);
        }
        return plain(`  step ${progress.step}/${progress.totalSteps} · ${label}`, progress.step === progress.totalSteps);
      }
      if (event.kind === 'score') {
        bar?.stop();
        bar = undefined;
        output.err(
          `  ${event.role === 'base' ? 'base' : 'fine-tuned'} ${event.split}: ${event.score.primary.metric} ${scoreCell(event.score)} (${event.score.samples} samples, ${clock(event.score.seconds)})`,
        );
        return;
      }
      const progress = event.progress;
      const label = `${progress.samplesPerSecond.toFixed(2)} samples/s`;
      if (interactive) {
        bar ??= progressBar(output, `${event.role} ${event.split}`);
        bar.update(progress.done, progress.total, label);
      }
      plain(`  ${progress.done}/${progress.total} samples · ${label}`);
    },
    stop() {
      bar?.stop();
    },
  };
}

function scoreCell(score: BaselineSplitScore | undefined): string {
  if (!score) return mark.dim('not run');
  const interval = score.primary.interval ? ` [${formatNumber(score.primary.interval.low, 3)}, ${formatNumber(score.primary.interval.high, 3)}]` : '';
  return `${formatNumber(score.primary.value, 3)}${interval}`;
}

function deltaCell(base: BaselineSplitScore | undefined, tuned: BaselineSplitScore | undefined): string {
  if (base?.primary.value == null || tuned?.primary.value == null) return '';
  const delta = tuned.primary.value - base.primary.value;
  const better = tuned.primary.direction === 'higher' ? delta > 0 : delta < 0;
  const text = `${delta >= 0 ? '+' : ''}${delta.toFixed(3)}`;
  return delta === 0 ? text : better ? mark.ok(text) : mark.fail(text);
}

export function printBaselineSummary(output: Output, result: BaselineResult): void {
  const { scores, training } = result;
  const facts = scores.training;
  output.out(`baseline ${scores.task} · ${scores.profile} · recipe ${scores.recipe.name}`);
  output.out(
    `data: ${scores.data.selected} of ${scores.data.usableRows} usable pool rows (${scores.data.tokens.mean} tokens on average, ${scores.data.skippedOverCutoff} passed over for length, ${scores.data.truncated} over cutoff_len${scores.data.fromSolution ? `, ${scores.data.fromSolution} with worked solutions` : ''})`,
  );
  const loss = facts.firstLoss !== null && facts.lastLoss !== null ? `, loss ${facts.firstLoss.toFixed(3)} → ${facts.lastLoss.toFixed(3)}` : '';
  const epochs = `${scores.sizing.epochs} epoch${scores.sizing.epochs === 1 ? '' : 's'}`;
  const done = facts.state === 'succeeded' ? `${facts.steps} steps (${epochs})` : `${facts.steps} of ~${scores.sizing.steps} planned steps`;
  output.out(`training: ${facts.state}, ${done} in ${clock(facts.seconds)}${loss}${facts.tokensPerSecond ? `, ${facts.tokensPerSecond} tokens/s` : ''}`);
  if (training.state !== 'succeeded') {
    output.out(mark.fail(`training ${training.state}${training.category ? ` (${training.category})` : ''}:`));
    for (const line of training.rootCause) output.out(`  ${line}`);
    if (training.hint) output.out(`  fix: ${training.hint}`);
  }
  if (scores.scores.base || scores.scores.tuned) {
    const metric = scores.scores.base?.validation?.primary.metric ?? scores.scores.tuned?.validation?.primary.metric ?? 'primary';
    const rows = BASELINE_SPLITS.map((split) => {
      const base = scores.scores.base?.[split];
      const tuned = scores.scores.tuned?.[split];
      return [split, String(base?.samples ?? tuned?.samples ?? ''), scoreCell(base), scoreCell(tuned), deltaCell(base, tuned)];
    });
    output.out(table(['split', 'n', `base ${metric} [95% CI]`, `fine-tuned ${metric} [95% CI]`, 'Δ'], rows));
    if (scores.limit !== null) output.out(mark.skip(`evaluated on the first ${scores.limit} samples of each split only (--limit)`));
  }
  output.out(`run folder: ${result.runDir}`);
}

export function registerBaselineCommand(program: Command, context: () => CliContext): void {
  program
    .command('baseline')
    .description('train the fixed-recipe baseline (manual SFT) and compare base vs fine-tuned on validation and test')
    .option('--task <id>', 'task id (see `ftdojo tasks`)')
    .option('--task-file <file>', 'a task file of your own')
    .option('--profile <profile>', 'mini or paper', 'mini')
    .option('--max-steps <n>', 'stop training after N optimizer steps (a quick run)', positiveInteger('--max-steps'))
    .option('--limit <n>', 'evaluate the first N samples of each split only', positiveInteger('--limit'))
    .option('--base-model <model>', BASE_MODEL_OPTION)
    .option('--template <name>', TEMPLATE_OPTION)
    .option('--json', 'print scores.json, the run folder and the training outcome as JSON')
    .addHelpText('after', HELP)
    .action(async (options: BaselineOptions, command: Command) => {
      const ctx = context();
      if (options.profile !== 'mini' && options.profile !== 'paper')
        throw new FtdojoError('INVALID_INPUT', `unknown profile "${options.profile}"`, { hint: 'use --profile mini or --profile paper' });
      const global = command.optsWithGlobals() as { home?: string };
      const runtime = resolveRuntimeConfig(ctx.env, { home: global.home });
      const task = await ctx.resolveTask(options);
      const reporter = progressReporter(ctx.output, !options.json && Boolean(process.stderr.isTTY));
      const controller = new AbortController();
      const onInterrupt = () => {
        ctx.output.err(mark.skip('\nstopping: the run folder will say what finished (Ctrl-C again to quit at once)'));
        process.once('SIGINT', () => process.exit(130));
        controller.abort();
      };
      process.once('SIGINT', onInterrupt);
      let result: BaselineResult;
      try {
        result = await runBaseline({
          task,
          profile: options.profile,
          repository: ctx.repository(),
          runtime,
          maxSteps: options.maxSteps,
          limit: options.limit,
          model: baseModelFlag(options.baseModel, runtime),
          template: options.template,
          onModelDownload: modelDownloadReporter(ctx, options.json ?? false),
          signal: controller.signal,
          onEvent: options.json ? undefined : (event) => reporter.handle(event),
        });
      } finally {
        reporter.stop();
        process.removeListener('SIGINT', onInterrupt);
      }
      if (result.state !== 'succeeded') ctx.exitCode = 1;
      if (options.json)
        return printJson(ctx.output, {
          state: result.state,
          runDir: result.runDir,
          scoresPath: result.scoresPath,
          scores: result.scores,
          training: result.training,
        });
      printBaselineSummary(ctx.output, result);
    });
}
