import { resolve } from 'node:path';
import type { Command } from 'commander';
import { agentPlannerFlag, resolveAgentLlmConfig, resolveRuntimeConfig } from '../../config/index.js';
import type { ProfileName } from '../../core/index.js';
import { describeModel, FtdojoError } from '../../core/index.js';
import { resolvedTask } from '../../bench/index.js';
import { createRunStore, openLessonStore, spentSecondsOf } from '../../store/index.js';
import type { CliContext } from '../context.js';
import { mark, printJson, table } from '../output.js';
import { withServedModel } from './agent-planner.js';
import { nonNegativeInteger, parseDuration, positiveInteger } from '../option-parsers.js';
import { createAgentProgress } from './agent-progress.js';
import { BASE_MODEL_HELP, BASE_MODEL_OPTION, TEMPLATE_OPTION, baseModelFlag, modelDownloadReporter } from './base-model-flag.js';
import { ftAgentFor, runSingleAttempt } from './ft-agent-attempt.js';
import type { RunModelChoice } from './run-model-settings.js';
import { runModelChoice, runModelSettings } from './run-model-settings.js';

const RUN_HELP = `
Runs FT-Agent on a task end to end: each iteration proposes a typed hypothesis (a data strategy
and training settings), implements it as a submission, and runs it in the dojo (sandboxed data
script, fail-fast validation, training, validation scores, feedback). An experiment is accepted
only by rule: the first one not worse than the base model, then only one that beats the best
beyond noise (paired bootstrap on the validation items). The run ends on its budget, a plateau
(3 experiments without improvement) or when the planner has no untried idea; the best experiment
is then scored once on the held-out test split, next to the base model.

Everything is kept in <home>/runs/<run-id>/: events.jsonl (the append-only log every step is
written to before the next starts), experiments/<id>/ (submission, validation, training, eval,
feedback.json). Ctrl-C cuts the current step short; \`ftdojo resume <run-id>\` goes on, keeping
every finished iteration (also after a crash or kill -9).

--parallel N runs rounds of N experiments side by side: the planner proposes N different plans
(each with its own parent), each runs in processes of its own and its runtime check projects its
memory against 1/N of the machine's, and once all have ended they are decided by the same rule
and written to the log in iteration order (a round reads as if run one after another, so resume
and replay are exact). On a 2-core CPU they share the cores; on a GPU machine give each its GPU.

Planner (the agent's brain):
  --llm heuristic   the built-in expert rules over the same typed hypotheses; needs no LLM, and is
                    the default when no FTDOJO_LLM_BASE_URL / FTDOJO_AGENT_LLM_BASE_URL is set
  --llm <base-url>  any OpenAI-compatible chat API (OpenAI, Azure, vLLM, Ollama, LM Studio,
                    DeepSeek...), with FTDOJO_LLM_MODEL and FTDOJO_LLM_API_KEY (or the
                    FTDOJO_AGENT_LLM_* variables for the agent alone). Every answer is checked
                    against the hypothesis schema and the budget, and re-asked when it fails; an
                    iteration the model cannot plan falls back to the built-in rules. Each call's
                    tokens and cost go to <run>/planner-calls.jsonl.
  --llm gguf:<path> a local GGUF model run in-process (node-llama-cpp), fully offline; the JSON
                    schema becomes a grammar, so answers are well-formed by construction
                    (FTDOJO_AGENT_LLM_GGUF, FTDOJO_AGENT_LLM_GGUF_THREADS, ..._CONTEXT_SIZE).

Coder: with a model, the model also writes each experiment's code (process_data.py, and
train.yaml when the plan needs other settings). The dojo's static and data checks run each draft
in the sandbox and send their diagnostics back for repair, at most FTDOJO_AGENT_CODER_REPAIRS
times (default 3); code that still fails is replaced by the reviewed template, and
experiments/<id>/implementation.json keeps every round (its diff, what stopped it).
FTDOJO_AGENT_CODER=template keeps the template for every experiment.

Lessons: when a run ends, what each experiment changed and the validation effect it measured are
kept in <home>/lessons.sqlite; the next run on the task (then its domain, then its metric) reads
them: the built-in planner starts from the best-known move and orders its moves by them, a model
sees them in its prompt. \`ftdojo lessons\` lists them; --no-lessons runs without them.

A task of your own: --task-file my-task.yaml instead of the task id (\`ftdojo tasks validate\`
explains every mistake in one); resume finds the file again.

Examples:
  ftdojo run financeiq
  ftdojo run --task-file my-task.yaml --budget 10m
  ftdojo run financeiq --budget 30m --max-iterations 4
  FTDOJO_LLM_MODEL=qwen2.5:7b ftdojo run financeiq --llm http://localhost:11434/v1
  ftdojo runs
  ftdojo resume financeiq-mini-20261126-210000-a3f9
${BASE_MODEL_HELP}`;

interface RunOptions {
  profile: ProfileName;
  budget: string;
  taskFile?: string;
  llm?: string;
  llmGateway?: boolean;
  evalLimit?: number;
  maxIterations?: number;
  parallel?: number;
  seed: number;
  failfast: boolean;
  lessons: boolean;
  json?: boolean;
  baseModel?: string;
  template?: string;
}

export function registerRunCommands(program: Command, context: () => CliContext): void {
  program
    .command('run')
    .description('run FT-Agent on a task within a budget and report what it found (the main job)')
    .argument('[task]', 'task id (see `ftdojo tasks`); or --task-file')
    .option('--task-file <file>', 'a task file of your own (YAML or JSON) instead of a catalogue id')
    .option('--profile <profile>', 'mini or paper', 'mini')
    .option('--budget <time>', 'wall-clock budget for the whole run, e.g. 20m, 1h', '20m')
    .option('--llm <planner>', 'heuristic (built in), an OpenAI-compatible base URL, or gguf:<path> (a local model)')
    .option('--llm-gateway', 'let data scripts reach a language model through the gateway')
    .option('--eval-limit <n>', 'evaluate the first N samples of each split only (quick runs)', positiveInteger('--eval-limit'))
    .option('--max-iterations <n>', 'stop after N iterations', positiveInteger('--max-iterations'))
    .option(
      '--parallel <n>',
      'experiments per round, side by side: the planner proposes N different plans, each runs in its own processes with 1/N of the memory, decided by rule in iteration order',
      positiveInteger('--parallel', 2),
    )
    .option('--seed <n>', "the run's seed (the first plan's data selection)", nonNegativeInteger('--seed'), 0)
    .option('--no-failfast', 'skip fail-fast validation: no micro run, checks only report (the ablation)')
    .option('--no-lessons', "neither read earlier runs' lessons nor keep this run's")
    .option('--base-model <model>', BASE_MODEL_OPTION)
    .option('--template <name>', TEMPLATE_OPTION)
    .option('--json', 'print the report as JSON')
    .addHelpText('after', RUN_HELP)
    .action(async (taskId: string | undefined, options: RunOptions, command: Command) => {
      const ctx = context();
      if (options.profile !== 'mini' && options.profile !== 'paper')
        throw new FtdojoError('INVALID_INPUT', `unknown profile "${options.profile}"`, { hint: 'use --profile mini or --profile paper' });
      if (taskId && options.taskFile)
        throw new FtdojoError('INVALID_INPUT', `give a task id or --task-file, not both (got "${taskId}" and ${options.taskFile})`, {
          hint: 'ftdojo run financeiq, or ftdojo run --task-file my-task.yaml',
        });
      if (!taskId && !options.taskFile)
        throw new FtdojoError('INVALID_INPUT', 'no task given', { hint: 'ftdojo run financeiq (see `ftdojo tasks`), or ftdojo run --task-file my-task.yaml' });
      const wallSeconds = parseDuration(options.budget, '--budget');
      const global = command.optsWithGlobals() as { home?: string };
      const runtime = resolveRuntimeConfig(ctx.env, { home: global.home });
      const taskFile = options.taskFile ? resolve(options.taskFile) : null;
      const task = await ctx.resolveTask({ ...(taskId ? { task: taskId } : {}), ...(taskFile ? { taskFile } : {}) });
      // Resolved now so that a half-configured provider fails before a run exists, and the run
      // records the planner it really uses (resume uses it again).
      const llm = await withServedModel(resolveAgentLlmConfig(ctx.env, options.llm === undefined ? {} : { llm: options.llm }), (line) =>
        options.json ? undefined : ctx.output.err(mark.dim(line)),
      );
      const store = createRunStore(runtime.home);
      let runId: string | null = null;
      // Recorded with the run, so that resume trains and scores the same model.
      const model: RunModelChoice = { baseModel: baseModelFlag(options.baseModel, runtime), template: options.template };
      const agent = ftAgentFor({
        store,
        llm,
        plannerName: agentPlannerFlag(llm),
        failFast: options.failfast,
        llmGateway: options.llmGateway ?? false,
        maxIterations: options.maxIterations,
        parallel: options.parallel,
        lessons: options.lessons ? openLessonStore(runtime.home) : undefined,
        settings: { ...runModelSettings(model), lessons: options.lessons },
        onRunStarted: (id, dir) => {
          runId = id;
          if (options.json) return;
          ctx.output.err(`run ${id}: FT-Agent on ${task.spec.id} (${options.profile}), budget ${Math.round(wallSeconds / 60)} min → ${dir}`);
          ctx.output.err(mark.dim('  watch it in the dashboard: `npx ftdojo ui` in another terminal'));
        },
        onEvent: options.json ? undefined : createAgentProgress(ctx.output),
      });
      try {
        await runSingleAttempt(ctx, {
          resolved: resolvedTask(task, taskFile, {
            profile: options.profile,
            repository: ctx.repository(),
            runtime,
            ...model,
            onModelDownload: modelDownloadReporter(ctx, options.json ?? false),
          }),
          profile: options.profile,
          runtime,
          store,
          agent,
          seed: options.seed,
          budgetSeconds: wallSeconds,
          evalLimit: options.evalLimit,
          llmGateway: options.llmGateway ?? false,
          json: options.json ?? false,
          currentRunId: () => runId,
        });
      } finally {
        store.close();
      }
    });

  program
    .command('resume')
    .description('continue a stopped or crashed run, keeping every finished iteration')
    .argument('<run-id>', 'a run id from `ftdojo runs`')
    .option('--json', 'print the report as JSON')
    .action(async (runId: string, options: { json?: boolean }, command: Command) => {
      const ctx = context();
      const global = command.optsWithGlobals() as { home?: string };
      const runtime = resolveRuntimeConfig(ctx.env, { home: global.home });
      const store = createRunStore(runtime.home);
      try {
        const state = store.state(runId);
        if (state.status === 'completed')
          throw new FtdojoError('INVALID_INPUT', `run ${runId} is already completed`, {
            hint: `read its report in ${store.runDir(runId)}, or start a new one with \`ftdojo run ${state.taskFile ? `--task-file ${state.taskFile}` : state.task}\``,
          });
        if (state.status === 'running')
          throw new FtdojoError('INVALID_INPUT', `run ${runId} is still running in another process`, { hint: 'wait for it, or stop it with Ctrl-C first' });
        const spentSeconds = spentSecondsOf(state);
        const settings = state.agent.settings;
        const wallSeconds = state.budget.wallSeconds ?? 1200;
        // The --base-model and --template the run started with (none recorded: the profile's).
        const model = runModelChoice(settings, runtime);
        const onModel = `${model.baseModel ? ` on ${describeModel(model.baseModel)}` : ''}${model.template ? ` with template ${model.template}` : ''}`;
        if (!options.json)
          ctx.output.err(
            `resuming ${runId}${onModel}: ${state.completedIterations} finished iteration(s) kept${state.pendingIteration ? `, iteration ${state.pendingIteration.iteration} redone` : ''}; ${Math.round(wallSeconds - spentSeconds)} s of budget left`,
          );
        const task = await ctx.resolveTask(state.taskFile ? { taskFile: state.taskFile } : { task: state.task });
        const llmGateway = settings.llmGateway === true;
        const llm = await withServedModel(resolveAgentLlmConfig(ctx.env, { llm: state.agent.planner }), (line) =>
          options.json ? undefined : ctx.output.err(mark.dim(line)),
        );
        const agent = ftAgentFor({
          store,
          llm,
          plannerName: state.agent.planner,
          failFast: settings.failFast !== false,
          llmGateway,
          maxIterations: state.budget.experiments ?? undefined,
          parallel: typeof settings.parallel === 'number' ? settings.parallel : undefined,
          lessons: settings.lessons === false ? undefined : openLessonStore(runtime.home),
          onEvent: options.json ? undefined : createAgentProgress(ctx.output),
        });
        const evalLimit = typeof settings.evalLimit === 'number' ? settings.evalLimit : undefined;
        await runSingleAttempt(ctx, {
          resolved: resolvedTask(task, state.taskFile, {
            profile: state.profile,
            repository: ctx.repository(),
            runtime,
            ...model,
            onModelDownload: modelDownloadReporter(ctx, options.json ?? false),
          }),
          profile: state.profile,
          runtime,
          store,
          agent,
          seed: state.seed,
          budgetSeconds: wallSeconds,
          evalLimit,
          llmGateway,
          json: options.json ?? false,
          resume: runId,
          currentRunId: () => runId,
        });
      } finally {
        store.close();
      }
    });

  program
    .command('runs')
    .description('list agent runs: status, iterations, best validation score')
    .option('--json', 'print the list as JSON')
    .action((options: { json?: boolean }, command: Command) => {
      const ctx = context();
      const global = command.optsWithGlobals() as { home?: string };
      const store = createRunStore(resolveRuntimeConfig(ctx.env, { home: global.home }).home);
      try {
        const runs = store.list();
        if (options.json) return printJson(ctx.output, runs);
        if (!runs.length) return ctx.output.out('no runs yet: start one with `ftdojo run <task>`');
        ctx.output.out(
          table(
            ['run', 'task', 'status', 'iterations', 'best', 'validation'],
            runs.map((run) => [
              run.runId,
              `${run.task} · ${run.profile}`,
              run.status === 'completed' ? mark.ok(run.status) : run.status,
              run.iterations,
              run.bestExperimentId ?? '—',
              run.bestMetric === null ? '—' : run.bestMetric.toFixed(3),
            ]),
          ),
        );
      } finally {
        store.close();
      }
    });
}
