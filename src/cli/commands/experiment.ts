import { join } from 'node:path';
import type { Command } from 'commander';
import { resolveLlmGatewayConfig, resolveRuntimeConfig } from '../../config/index.js';
import type { Feedback, ProfileName } from '../../core/index.js';
import { compactTime, FtdojoError } from '../../core/index.js';
import { baseValidationDir, prepareTaskEnvironment, runExperiment, stageSubmission, withRunWorker } from '../../dojo/index.js';
import { openRunWorker } from '../../runtime/index.js';
import type { CliContext } from '../context.js';
import type { Output } from '../output.js';
import { formatNumber, mark, printJson } from '../output.js';
import { progressBar } from '../progress.js';
import { createTaskSandbox } from '../task-sandbox.js';
import { printValidationReport } from './validate.js';

interface ExperimentOptions {
  task?: string;
  taskFile?: string;
  profile: ProfileName;
  workspace: string;
  id?: string;
  evalLimit?: number;
  llmGateway?: boolean;
  json?: boolean;
}

const HELP = `
Runs one complete experiment of a submission, as the dojo runs it for any agent:
  1. the data script runs in the sandbox and the submission is validated (see \`ftdojo validate\`)
  2. full training with LLaMA-Factory (the submission's settings + the environment's managed keys)
  3. the adapter is evaluated on the validation split (the test split is never used here)
  4. the base model is evaluated on validation once per task and base model (kept in
     <home>/cache/dojo-base-eval, reused only while its evaluation fingerprint matches: weights,
     template, decoding, token limit, samples; why it was not is in base-evaluation.log)
  5. feedback.json: execution, data, training, evaluation, comparison (paired bootstrap against
     the base model) and budget, built by code from the measured facts; \`ftdojo schema feedback\`
     prints its JSON Schema
Everything goes to <home>/experiments/<id>/: submission/ (a copy of the workspace, where the
script runs: your folder is never written to), validation.json, validate/ (the micro run),
train/ (config, data, log, adapter, loss curve), eval/ (records.jsonl, report.json), feedback.json.
A stage that fails still ends with feedback.json saying where and why.

Examples:
  ftdojo experiment --task financeiq --workspace examples/financeiq
  ftdojo experiment --task financeiq --workspace ./sub --eval-limit 10 --json`;

export function printFeedbackSummary(output: Output, feedback: Feedback, path: string): void {
  const { execution, data, training, evaluation, comparison } = feedback;
  output.out(`${execution.state === 'succeeded' ? mark.ok('✓') : mark.fail('✗')} ${feedback.experimentId}: ${execution.state} at stage ${execution.stage}`);
  if (execution.error) {
    output.out(`  ${execution.error.category}: ${execution.error.rootCause[0] ?? ''}`);
    if (execution.error.hint) output.out(`  → ${execution.error.hint}`);
  }
  if (data)
    output.out(
      `  data: ${data.rows.output} rows (${data.rows.selected} within the cap of ${data.rows.sampleCap}), ${data.overCutoff} over cutoff, ${data.duplicates} duplicates`,
    );
  if (training?.loss)
    output.out(
      `  training: loss ${formatNumber(training.loss.start)} → ${formatNumber(training.loss.end)} (min ${formatNumber(training.loss.min)}) over ${training.loss.steps} steps${training.divergence.diverged ? mark.fail(' diverged') : ''}`,
    );
  if (evaluation)
    output.out(
      `  validation ${evaluation.primary.metric}: ${formatNumber(evaluation.primary.value)}${evaluation.primary.interval ? ` [${formatNumber(evaluation.primary.interval.low)}, ${formatNumber(evaluation.primary.interval.high)}]` : ''} on ${evaluation.samples} samples`,
    );
  if (comparison?.base) output.out(`  vs base: ${comparison.base.verdict} (${comparison.base.reason})`);
  output.out(`feedback: ${path}`);
}

export function registerExperimentCommand(program: Command, context: () => CliContext): void {
  program
    .command('experiment')
    .description('run one complete experiment of a submission: sandboxed script, validation, training, validation scores, feedback')
    .option('--task <id>', 'task id (see `ftdojo tasks`)')
    .option('--task-file <file>', 'a task file of your own')
    .option('--profile <profile>', 'mini or paper', 'mini')
    .requiredOption('--workspace <dir>', 'the folder with process_data.py and train.yaml')
    .option('--id <id>', 'experiment id (default: <task>-<profile>-<time>)')
    .option('--eval-limit <n>', 'evaluate the first N validation samples only', (value) => Number.parseInt(value, 10))
    .option(
      '--llm-gateway',
      'let the script reach a language model through the gateway (FTDOJO_LLM_BASE_URL, FTDOJO_LLM_MODEL, FTDOJO_LLM_API_KEY, FTDOJO_LLM_TOKEN_BUDGET)',
    )
    .option('--json', 'print the feedback document as JSON')
    .addHelpText('after', HELP)
    .action(async (options: ExperimentOptions, command: Command) => {
      const ctx = context();
      if (options.profile !== 'mini' && options.profile !== 'paper')
        throw new FtdojoError('INVALID_INPUT', `unknown profile "${options.profile}"`, { hint: 'use --profile mini or --profile paper' });
      if (options.evalLimit !== undefined && !(options.evalLimit > 0))
        throw new FtdojoError('INVALID_INPUT', '--eval-limit must be a positive whole number', { hint: 'pass e.g. --eval-limit 10' });
      const global = command.optsWithGlobals() as { home?: string };
      const runtime = resolveRuntimeConfig(ctx.env, { home: global.home });
      const task = await ctx.resolveTask(options);
      // One warm worker for the experiment's micro run, training and evaluations (FTDOJO_WARM_WORKER=0: none).
      const worker = openRunWorker(runtime);
      const environment = withRunWorker(await prepareTaskEnvironment({ task, profile: options.profile, repository: ctx.repository(), runtime }), worker);
      const id = options.id ?? `${task.spec.id}-${options.profile}-${compactTime(new Date())}`;
      const experimentDir = join(runtime.home, 'experiments', id);
      const workspace = await stageSubmission(options.workspace, join(experimentDir, 'submission'));
      const taskSandbox = await createTaskSandbox(runtime, environment, workspace, {
        gateway: resolveLlmGatewayConfig(ctx.env, { enabled: options.llmGateway }),
        logPath: join(experimentDir, 'llm-gateway.jsonl'),
      });
      const { sandbox, interpreters } = taskSandbox;
      const bar = options.json ? null : progressBar(ctx.output, 'working');
      let result: Awaited<ReturnType<typeof runExperiment>>;
      try {
        result = await runExperiment({
          environment,
          experimentId: id,
          workspace,
          experimentDir,
          sandbox,
          interpreters,
          env: taskSandbox.env,
          llmUsage: () => taskSandbox.gateway?.usage().usedTokens ?? 0,
          ...(taskSandbox.gateway ? { budget: { llmTokensLimit: resolveLlmGatewayConfig(ctx.env, { enabled: true }).tokenBudget } } : {}),
          baseEvalDir: options.evalLimit ? null : baseValidationDir(runtime.home, environment),
          ...(options.evalLimit ? { evalLimit: options.evalLimit } : {}),
          onEvent: (event) => {
            if (!bar) return;
            if (event.kind === 'stage') ctx.output.err(mark.dim(`› ${event.stage}`));
            if (event.kind === 'base-evaluation') ctx.output.err(mark.dim(`  base model: ${event.message}`));
            if (event.kind === 'train' && event.progress.totalSteps)
              bar.update(event.progress.step, event.progress.totalSteps, event.progress.loss === undefined ? '' : `loss ${event.progress.loss.toFixed(3)}`);
            if (event.kind === 'eval')
              bar.update(event.progress.done, event.progress.total, `${event.role} ${event.progress.samplesPerSecond.toFixed(2)} samples/s`);
          },
        });
      } finally {
        bar?.stop();
        await taskSandbox.close();
        await worker?.close();
      }
      ctx.exitCode = result.feedback.execution.state === 'succeeded' ? 0 : 1;
      if (options.json) return printJson(ctx.output, result.feedback);
      printValidationReport(ctx.output, result.validation);
      printFeedbackSummary(ctx.output, result.feedback, result.feedbackPath);
    });
}
