import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Command } from 'commander';
import { Option } from 'commander';
import { agentPlannerFlag, resolveAgentLlmConfig, resolveRuntimeConfig } from '../../config/index.js';
import { compactTime, FtdojoError, suiteCellKey } from '../../core/index.js';
import type { Leaderboard, SuiteRow } from '../../bench/index.js';
import { assertSuiteBaseModel, failFastRatio, readSuiteRows, resolvedTask, runSuite, taskBaseModel } from '../../bench/index.js';
import { createRunStore } from '../../store/index.js';
import type { TaskDefinition } from '../../tasks/index.js';
import { listTasks } from '../../tasks/index.js';
import type { CliContext } from '../context.js';
import { formatNumber, mark, printJson, table } from '../output.js';
import { withServedModel } from './agent-planner.js';
import { nonNegativeInteger, parseDuration, positiveInteger } from '../option-parsers.js';
import { BASE_MODEL_HELP, BASE_MODEL_OPTION, baseModelFlag, modelDownloadReporter, TEMPLATE_OPTION } from './base-model-flag.js';
import { assertAgentNames, benchAgentsFor } from './bench-agents.js';
import type { RayBenchFlags } from './bench-ray.js';
import { runBenchOnRay } from './bench-ray.js';
import { ftAgentFor, sessionSandboxes } from './ft-agent-attempt.js';
import { runModelSettings } from './run-model-settings.js';

const DEFAULT_AGENTS = ['ft-agent', 'fixed-recipe', 'base'];

const BENCH_HELP = `
Runs every agent on every task of the suite (the mini profile: the embedded SmolLM2 on this
CPU), one after another, and scores what each agent chose once on the held-out test split. The
harness does that scoring, the same for every agent, through the BenchAgent contract in core:
  ft-agent       FT-Agent with the planner of \`ftdojo run\` (--llm, or the built-in rules)
  fixed-recipe   the manual-SFT recipe of \`ftdojo baseline\`: one sized training, no search
  base           the base model, untuned
  react          a general tool-calling agent over the dojo's MCP tools, with any
                 OpenAI-compatible model that calls tools (--llm): the paper's "general agent"
  cmd:<name>     an outside agent (Claude Code, Codex CLI, a script of yours) from an agents
                 file (--agents-file; the shipped agents/agents.yaml documents each entry): it runs
                 in the sandbox and works its session through the MCP server; only cmd:stand-in
                 runs without installing anything
--no-failfast adds "ft-agent:no-failfast" (no micro run; checks only report) and prints the
ablation: effective iterations (experiments trained and evaluated) per hour, with and without.

--executor ray runs each agent × task × seed as one Ray job (\`ftdojo cluster up --local\` starts
a head here; --ray-address names an existing cluster's, see \`ftdojo cluster --help\`): rows go to
--store (a path every node sees) as jobs finish, jobs.json keeps each job's state and log tail,
and the same command again re-attaches to running jobs and resubmits failed ones.

Each finished run is appended to <out>/rows.jsonl before the next starts: run the same command
with --out <that folder> to go on after Ctrl-C or a crash. <out>/leaderboard.json and .md hold
the table. Each row records its base model; a folder run on another --base-model is refused
(pass another --out).

Examples:
  ftdojo bench --suite mini
  ftdojo bench --suite mini --tasks financeiq,bioprobench-pqa --budget 10m --seeds 2
  ftdojo bench --suite mini --tasks financeiq --agents ft-agent --no-failfast --json
  ftdojo bench --task-file my-task.yaml --agents ft-agent,base --budget 10m
  ftdojo bench --tasks financeiq --agents ft-agent,react,cmd:stand-in --llm http://127.0.0.1:8000/v1
  ftdojo bench --executor ray --tasks financeiq,bioprobench-pqa --agents base,fixed-recipe --seeds 2 --store /shared/suite`;

interface BenchOptions extends RayBenchFlags {
  executor: string;
  seed?: number;
  store?: string;
  suite: string;
  tasks?: string;
  taskFile?: string[];
  agents: string;
  agentsFile?: string;
  out?: string;
  failfast: boolean;
  json?: boolean;
}

function printLeaderboard(ctx: CliContext, leaderboard: Leaderboard, rows: readonly SuiteRow[], outDir: string): string {
  const score = (mean: number | null, spread: number | null) =>
    mean === null ? '—' : `${formatNumber(mean, 3)}${spread === null ? '' : ` ± ${formatNumber(spread, 3)}`}`;
  const lines = [
    table(
      ['task', 'agent', 'scoring', 'test (mean ± sd)', 'seeds', 'iterations', 'caught early', 'effective/h', 'minutes', '⚑'],
      leaderboard.entries.map((entry) => [
        entry.task,
        entry.agent,
        entry.scoring,
        `${entry.best ? mark.ok(score(entry.mean, entry.spread)) : score(entry.mean, entry.spread)} ${entry.metric}`,
        entry.runs,
        formatNumber(entry.iterations, 1),
        entry.failuresCaughtEarly,
        formatNumber(entry.effectivePerHour, 1),
        formatNumber(entry.seconds / 60, 1),
        entry.flags?.length ? mark.fail(entry.flags.join(', ')) : '',
      ]),
    ),
    ...leaderboard.wins
      .filter((win) => win.against.length > 0)
      .map((win) => `${win.agent} beats ${win.against.join(' and ')} on ${win.tasks} of ${win.of} task(s)`),
  ];
  const ablation = failFastRatio(rows, 'ft-agent');
  if (ablation)
    lines.push(
      `fail-fast ablation: ${formatNumber(ablation.withFailFast, 2)} effective iterations/h with fail-fast, ${formatNumber(ablation.without, 2)} without: ratio ${formatNumber(ablation.ratio, 2)}×`,
    );
  lines.push(
    "scoring: official is the benchmark's own evaluation code (the paper's numbers); corrected is ours where we deliberately differ (each task card lists how)",
  );
  if (leaderboard.entries.some((entry) => entry.flags?.length))
    lines.push("⚑ integrity flags: each attempt's integrity.json (in its session folder, or under test/ for an agent outside the dojo) says why");
  lines.push(`rows and leaderboard: ${outDir}`);
  return lines.join('\n');
}

/** The suite as Ray jobs: Ctrl-C stops its jobs; the same command with the same --store goes on. */
async function benchOnRay(ctx: CliContext, input: Omit<Parameters<typeof runBenchOnRay>[1], 'signal' | 'quiet'> & { flags: BenchOptions }): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    ctx.output.err(
      mark.skip(`\nstopping the suite's Ray jobs: finished rows are kept; go on with \`ftdojo bench ... --executor ray --store ${input.outDir}\``),
    );
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const result = await runBenchOnRay(ctx, { ...input, signal: controller.signal, quiet: input.flags.json ?? false });
    const text = printLeaderboard(ctx, result.leaderboard, result.rows, input.outDir);
    await writeFile(join(input.outDir, 'leaderboard.md'), `${stripVTControlCharacters(text)}\n`);
    const failed = result.ledger.jobs.filter((job) => job.state === 'failed' && !result.rows.some((row) => suiteCellKey(row) === suiteCellKey(job)));
    if (input.flags.json) printJson(ctx.output, { outDir: input.outDir, rows: result.rows, leaderboard: result.leaderboard, jobs: result.ledger.jobs });
    else {
      ctx.output.out(text);
      if (failed.length > 0)
        ctx.output.out(
          mark.fail(
            `${failed.length} job(s) died and gave no score (jobs.json has each one's class and log tail); run the same command again to resubmit them`,
          ),
        );
    }
    return controller.signal.aborted ? 130 : failed.length > 0 ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export function registerBenchCommand(program: Command, context: () => CliContext): void {
  program
    .command('bench')
    .description('run agents on a suite of tasks and print a leaderboard of held-out test scores')
    .option('--suite <suite>', 'mini (every task, mini profile) or paper', 'mini')
    .option('--tasks <ids>', 'comma-separated task ids (default: the whole suite)')
    .option('--task-file <files...>', 'task files of your own, beside or instead of --tasks')
    .option('--agents <names>', 'comma-separated: ft-agent, fixed-recipe, base, react, cmd:<name>', DEFAULT_AGENTS.join(','))
    .option('--agents-file <path>', 'where cmd:<name> agents are defined (default: the shipped agents/agents.yaml)')
    .option('--seeds <n>', 'seeds per task and agent (mean and spread over them)', positiveInteger('--seeds', 3), 1)
    .option('--budget <time>', "each agent run's wall-clock budget", '20m')
    .option('--eval-limit <n>', 'score the first N samples of each split only (quick suites)', positiveInteger('--eval-limit'))
    .option('--llm <planner>', "FT-Agent's planner and react's model: heuristic, an OpenAI-compatible base URL, or gguf:<path>")
    .option('--out <dir>', 'the suite folder (an existing one is resumed)')
    .option('--no-failfast', 'also run ft-agent without fail-fast validation, and print the ablation ratio')
    .option('--base-model <model>', BASE_MODEL_OPTION)
    .option('--template <name>', TEMPLATE_OPTION)
    .option('--json', 'print the rows and the leaderboard as JSON')
    .option('--executor <where>', 'local (one run after another on this machine) or ray (one Ray job per run, see below)', 'local')
    .option('--ray-address <url>', "the Ray dashboard's address (http://<head>:8265); default: the head `ftdojo cluster up --local` started")
    .option('--store <dir>', 'with --executor ray: the suite folder, on a path every node sees (a local folder, NFS, a mounted bucket); same as --out')
    .option('--max-jobs <n>', 'with --executor ray: jobs at once (default: as many as the cluster holds)', positiveInteger('--max-jobs'))
    .option('--job-cpus <n>', 'with --executor ray: CPUs each job reserves (default by profile: mini 2, paper 8)', positiveInteger('--job-cpus'))
    .option('--job-gpus <n>', 'with --executor ray: GPUs each job reserves (default by profile: mini 0, paper 1)', nonNegativeInteger('--job-gpus'))
    .option('--ray-runtime-env <file>', "with --executor ray: a JSON/YAML Ray runtime environment merged into each job's (image_uri, env_vars, pip...)")
    .option('--ray-entrypoint <command>', 'with --executor ray: how a worker starts ftdojo (default: this node and this installation, e.g. "npx ftdojo")')
    .addOption(new Option('--seed <n>', 'run this seed only (what one Ray job of a suite runs)').argParser(nonNegativeInteger('--seed')).hideHelp())
    .addHelpText('after', `${BENCH_HELP}\n${BASE_MODEL_HELP}`)
    .action(async (options: BenchOptions, command: Command) => {
      const ctx = context();
      if (options.suite !== 'mini' && options.suite !== 'paper')
        throw new FtdojoError('INVALID_INPUT', `unknown suite "${options.suite}"`, { hint: 'use --suite mini or --suite paper' });
      const profile = options.suite;
      const agentNames = options.agents
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      const global = command.optsWithGlobals() as { home?: string; mirror?: string };
      const runtime = resolveRuntimeConfig(ctx.env, { home: global.home });
      const catalogue = options.tasks
        ? await Promise.all(options.tasks.split(',').map((id) => ctx.resolveTask({ task: id.trim() })))
        : options.taskFile?.length
          ? []
          : listTasks();
      const files = await Promise.all(
        (options.taskFile ?? []).map(async (file) => ({ task: await ctx.resolveTask({ taskFile: resolve(file) }), file: resolve(file) })),
      );
      const repository = ctx.repository();
      const baseModel = baseModelFlag(options.baseModel, runtime);
      const model = { baseModel, template: options.template, onModelDownload: modelDownloadReporter(ctx, options.json ?? false) };
      const resolved = [
        ...catalogue.map((task) => resolvedTask(task, null, { profile, repository, runtime, ...model })),
        ...files.map(({ task, file }) => resolvedTask(task, file, { profile, repository, runtime, ...model })),
      ];
      const byId = new Map<string, TaskDefinition>(resolved.map((entry) => [entry.task.spec.id, entry.task]));
      const outDir = resolve(options.store ?? options.out ?? join(runtime.home, 'bench', `${options.suite}-${compactTime(new Date())}`));
      if (options.executor !== 'local' && options.executor !== 'ray')
        throw new FtdojoError('INVALID_INPUT', `unknown executor "${options.executor}"`, {
          hint: 'use --executor local (this machine) or --executor ray (a Ray cluster)',
        });
      if (options.executor === 'ray') {
        assertSuiteBaseModel(
          outDir,
          readSuiteRows(outDir),
          resolved.map((entry) => taskBaseModel(entry, profile, runtime)),
        );
        const names = options.failfast ? agentNames : [...agentNames, 'ft-agent:no-failfast'];
        assertAgentNames(names);
        const tasks = resolved.map((entry) => ({ id: entry.task.spec.id, file: entry.taskFile }));
        ctx.exitCode = await benchOnRay(ctx, { flags: options, profile, runtime, global, tasks, agents: names, outDir });
        return;
      }
      const llm = await withServedModel(resolveAgentLlmConfig(ctx.env, options.llm === undefined ? {} : { llm: options.llm }), (line) =>
        options.json ? undefined : ctx.output.err(mark.dim(line)),
      );
      const plannerName = agentPlannerFlag(llm);
      const store = createRunStore(runtime.home);
      // Each FT-Agent run records the suite's model, so `ftdojo resume <run-id>` goes on with it.
      const settings = runModelSettings({ baseModel, template: options.template });
      const ftAgent = (failFast: boolean) => ftAgentFor({ store, llm, plannerName, failFast, llmGateway: false, maxIterations: undefined, settings });
      const agents = await benchAgentsFor(ctx, agentNames, {
        runtime,
        repository,
        llm,
        agentsFile: options.agentsFile,
        outDir,
        taskFor: (id) => byId.get(id)!,
        ftAgent,
        baseModel,
        template: options.template,
      });
      if (!options.failfast) agents.push(ftAgent(false));
      const controller = new AbortController();
      const onSigint = () => {
        ctx.output.err(mark.skip(`\nstopping: finished runs are kept; go on with \`ftdojo bench ... --out ${outDir}\``));
        controller.abort();
      };
      process.once('SIGINT', onSigint);
      const budgetSeconds = parseDuration(options.budget, '--budget');
      try {
        const { rows, leaderboard } = await runSuite({
          tasks: resolved,
          profile,
          sandboxFor: sessionSandboxes(ctx, runtime, false),
          agents,
          seeds: options.seeds,
          onlySeed: options.seed,
          budgetSeconds,
          evalLimit: options.evalLimit ?? null,
          repository,
          runtime,
          outDir,
          signal: controller.signal,
          onEvent: (event) => {
            if (options.json) return;
            if (event.kind === 'start')
              ctx.output.err(mark.dim(`› ${event.task} · ${event.agent} · seed ${event.seed}${event.skipped ? ' (done before, kept)' : ''}`));
            else
              ctx.output.err(
                `  test ${event.row.metric} ${formatNumber(event.row.test, 3)} · ${event.row.iterations} iteration(s) · ${Math.round(event.row.seconds / 60)} min · ${event.row.note}`,
              );
          },
        });
        const text = printLeaderboard(ctx, leaderboard, rows, outDir);
        await writeFile(join(outDir, 'leaderboard.md'), `${stripVTControlCharacters(text)}\n`);
        if (options.json) printJson(ctx.output, { outDir, rows, leaderboard, failFast: failFastRatio(rows, 'ft-agent') });
        else ctx.output.out(text);
        ctx.exitCode = controller.signal.aborted ? 130 : 0;
      } finally {
        process.removeListener('SIGINT', onSigint);
        store.close();
      }
    });
}
