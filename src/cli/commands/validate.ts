import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { resolveLlmGatewayConfig, resolveRuntimeConfig } from '../../config/index.js';
import type { ProfileName, TierResult, ValidationReport, ValidationTier } from '../../core/index.js';
import { FtdojoError, VALIDATION_TIERS } from '../../core/index.js';
import { prepareTaskEnvironment, stageSubmission, validateSubmission } from '../../dojo/index.js';
import type { CliContext } from '../context.js';
import type { Output } from '../output.js';
import { mark, printJson } from '../output.js';
import { createTaskSandbox } from '../task-sandbox.js';

interface ValidateOptions {
  task?: string;
  taskFile?: string;
  profile: ProfileName;
  workspace: string;
  through: string;
  llmGateway?: boolean;
  json?: boolean;
}

const HELP = `
Checks a submission cheaply before any full run, in three tiers; each runs only when the
one before it found no error:
  static   nothing runs: the data script parses (Python ast / node --check); train.yaml parses,
           leaves the keys the environment manages alone (model, data paths, template, output_dir),
           uses only keys the installed LLaMA-Factory accepts with the right types, and passes the
           cross-field rules (ranges, cutoff_len within the model's context, LoRA keys only with
           LoRA, precision this device runs, the task's sample cap)
  data     the script runs in the sandbox (no network, the task's pool read-only at /task) with
           --debug, its output's shape is checked, then the full run, and every row it wrote:
           Alpaca shape, sample cap, empty and duplicate rows, token lengths with the model's real
           tokenizer against cutoff_len, answers in the task's output format, overlap with the
           validation and test items (a leakage gate; only counts are reported), label balance
  runtime  peak memory projected from the config (a batch that cannot fit never starts), then a
           3-step micro training run: it starts, the loss is finite and not exploding, and the
           measured seconds per step project the full run plus evaluation within the budget
Each finding is a diagnostic: code, error or warning, the evidence, and how to fix it.

The workspace holds:
  process_data.py (or .mjs/.js)  reads /task/pool.jsonl, writes output/train.json: a JSON list of
                                 {"instruction": ..., "input": ..., "output": ...}; --debug: ~100 rows
  train.yaml                     the LLaMA-Factory settings you choose, e.g.
                                   learning_rate: 2.0e-4
                                   num_train_epochs: 2
                                   lora_rank: 8
                                   cutoff_len: 512

The workspace is copied into a scratch folder first and the script runs on the copy: your folder
is never written to.

Exit code 0 when every tier passed, 1 when one failed, 2 for a usage mistake.

Examples:
  ftdojo validate --task financeiq --workspace ./my-submission
  ftdojo validate --task financeiq --workspace ./my-submission --through data --json`;

const icon = (status: TierResult['status']) => (status === 'passed' ? mark.ok('✓') : status === 'failed' ? mark.fail('✗') : mark.dim('-'));

function factText(facts: Record<string, unknown>): string {
  return Object.entries(facts)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key} ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(2) : String(value)}`)
    .join(', ');
}

export function printValidationReport(output: Output, report: ValidationReport): void {
  output.out(`validate ${report.task} · ${report.profile} · ${report.workspace}`);
  for (const tier of report.tiers) {
    const facts = factText(tier.facts);
    output.out(
      `${icon(tier.status)} ${tier.tier.padEnd(8)}${tier.status === 'skipped' ? mark.dim('skipped') : `${tier.status} in ${tier.seconds.toFixed(1)} s`}${facts ? mark.dim(`  ${facts}`) : ''}`,
    );
    for (const diagnostic of tier.diagnostics) {
      const tag = diagnostic.severity === 'error' ? mark.fail('error') : mark.skip('warning');
      output.out(`    ${tag} ${diagnostic.code}: ${diagnostic.message}`);
      for (const line of diagnostic.evidence) output.out(mark.dim(`      │ ${line}`));
      output.out(`      → ${diagnostic.hint}`);
    }
  }
  output.out(
    report.passed
      ? mark.ok(`passed: the submission may start its full run (${report.seconds.toFixed(1)} s)`)
      : mark.fail(`stopped at the ${report.failedTier} tier after ${report.seconds.toFixed(1)} s: fix the errors above and run again`),
  );
}

export function registerValidateCommand(program: Command, context: () => CliContext): void {
  program
    .command('validate')
    .description('fail-fast checks of a submission (static, data, runtime) before any full run')
    .option('--task <id>', 'task id (see `ftdojo tasks`)')
    .option('--task-file <file>', 'a task file of your own')
    .option('--profile <profile>', 'mini or paper', 'mini')
    .requiredOption('--workspace <dir>', 'the folder with process_data.py and train.yaml')
    .option('--through <tier>', 'stop after this tier: static, data or runtime', 'runtime')
    .option(
      '--llm-gateway',
      'let the script reach a language model through the gateway (FTDOJO_LLM_BASE_URL, FTDOJO_LLM_MODEL, FTDOJO_LLM_API_KEY, FTDOJO_LLM_TOKEN_BUDGET)',
    )
    .option('--json', 'print the validation report as JSON')
    .addHelpText('after', HELP)
    .action(async (options: ValidateOptions, command: Command) => {
      const ctx = context();
      if (!VALIDATION_TIERS.includes(options.through as ValidationTier))
        throw new FtdojoError('INVALID_INPUT', `unknown tier "${options.through}"`, { hint: 'use --through static, data or runtime' });
      if (options.profile !== 'mini' && options.profile !== 'paper')
        throw new FtdojoError('INVALID_INPUT', `unknown profile "${options.profile}"`, { hint: 'use --profile mini or --profile paper' });
      const global = command.optsWithGlobals() as { home?: string };
      const runtime = resolveRuntimeConfig(ctx.env, { home: global.home });
      const task = await ctx.resolveTask(options);
      const environment = await prepareTaskEnvironment({ task, profile: options.profile, repository: ctx.repository(), runtime });
      const scratchDir = await mkdtemp(join(runtime.home, 'validate-'));
      try {
        const workspace = await stageSubmission(options.workspace, join(scratchDir, 'submission'));
        const taskSandbox = await createTaskSandbox(runtime, environment, workspace, {
          gateway: resolveLlmGatewayConfig(ctx.env, { enabled: options.llmGateway }),
        });
        const { sandbox, interpreters } = taskSandbox;
        const result = await validateSubmission({
          env: taskSandbox.env,
          environment,
          workspace,
          scratchDir,
          sandbox,
          interpreters,
          through: options.through as ValidationTier,
          ...(options.json ? {} : { onTier: (tier, phase) => void (phase === 'start' && ctx.output.err(mark.dim(`› ${tier} …`))) }),
        });
        await taskSandbox.close();
        ctx.exitCode = result.report.passed ? 0 : 1;
        if (options.json) return printJson(ctx.output, result.report);
        printValidationReport(ctx.output, result.report);
      } finally {
        await rm(scratchDir, { recursive: true, force: true });
      }
    });
}
