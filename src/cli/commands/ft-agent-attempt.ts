import { basename } from 'node:path';
import type { AgentLlmConfig, RuntimeConfig } from '../../config/index.js';
import { resolveLlmGatewayConfig } from '../../config/index.js';
import type { BenchAgent, JsonValue, ProfileName } from '../../core/index.js';
import type { AgentEvent } from '../../agent/index.js';
import { createFtAgent, diagnose } from '../../agent/index.js';
import type { AttemptOptions, AttemptOutcome, ResolvedTask } from '../../bench/index.js';
import { runAttempt } from '../../bench/index.js';
import { writeRunReportFiles } from '../../report/index.js';
import type { LessonStore, RunStore } from '../../store/index.js';
import { runPaths } from '../../store/index.js';
import type { ChatModel } from '../../llm/index.js';
import type { CliContext } from '../context.js';
import { mark } from '../output.js';
import { createTaskSandbox } from '../task-sandbox.js';
import { agentChatModelOf, chooseAgentImplementer, chooseAgentPlanner } from './agent-planner.js';
import { printRunReport } from './run-report.js';

/** The composition root's sandbox for dojo sessions: bubblewrap, with the LLM gateway when asked for. */
export function sessionSandboxes(ctx: CliContext, runtime: RuntimeConfig, llmGateway: boolean): AttemptOptions['sandboxFor'] {
  const gateway = resolveLlmGatewayConfig(ctx.env, { enabled: llmGateway });
  return (environment, sessionWorkspace) => async (workspace, time) => {
    const made = await createTaskSandbox(runtime, environment, workspace, {
      gateway,
      logPath: runPaths(sessionWorkspace).llmGatewayLog,
      leftSeconds: () => time.leftSeconds(),
    });
    return { ...made, llmTokensUsed: () => made.gateway?.usage().usedTokens ?? 0 };
  };
}

export interface FtAgentChoice {
  store: RunStore;
  llm: AgentLlmConfig;
  plannerName: string;
  failFast: boolean;
  llmGateway: boolean;
  maxIterations: number | undefined;
  /** --parallel: experiments per round, side by side. */
  parallel?: number | undefined;
  /** Where lessons are read and kept (ftdojo run); absent: none (a suite's seeds stay independent). */
  lessons?: LessonStore | undefined;
  name?: string;
  /** Recorded with the run for `ftdojo resume` (runModelSettings). */
  settings?: Readonly<Record<string, JsonValue>> | undefined;
  onRunStarted?: (runId: string, runDir: string) => void;
  onEvent?: ((event: AgentEvent) => void) | undefined;
}

/** FT-Agent with the planner chosen at the edge (the built-in rules, an OpenAI-compatible API, a local GGUF). */
export function ftAgentFor(choice: FtAgentChoice): BenchAgent {
  // One model for the planner and the coder; made when a run first needs it.
  let model: ChatModel | null | undefined;
  const modelOnce = () => (model ??= choice.llm.kind === 'heuristic' ? null : agentChatModelOf(choice.llm));
  return createFtAgent({
    store: choice.store,
    plannerName: choice.plannerName,
    plannerFor: (spec, context, runDir, lessons) => chooseAgentPlanner(choice.llm, modelOnce(), spec, context, runDir, lessons),
    implementerFor: (spec, session, lessons) => chooseAgentImplementer(choice.llm, modelOnce(), spec, session, lessons, choice.failFast),
    lessons: choice.lessons,
    failFast: choice.failFast,
    llmGateway: choice.llmGateway,
    maxIterations: choice.maxIterations,
    parallel: choice.parallel,
    ...(choice.name ? { name: choice.name } : {}),
    ...(choice.settings ? { settings: choice.settings } : {}),
    onRunStarted: choice.onRunStarted,
    onEvent: choice.onEvent,
  });
}

export interface SingleAttempt {
  resolved: ResolvedTask;
  profile: ProfileName;
  runtime: RuntimeConfig;
  store: RunStore;
  agent: BenchAgent;
  seed: number;
  budgetSeconds: number;
  evalLimit: number | undefined;
  llmGateway: boolean;
  json: boolean;
  resume?: string;
  /** The run id once the agent has made its run (for the Ctrl-C message). */
  currentRunId: () => string | null;
}

/**
 * `ftdojo run` and `ftdojo resume`: a bench of one task and one agent. The harness (bench/)
 * scores the chosen experiment and the base model on test within the run's one budget; this
 * prints the run's report and writes report.md and report.html.
 */
export async function runSingleAttempt(ctx: CliContext, attempt: SingleAttempt): Promise<AttemptOutcome> {
  const controller = new AbortController();
  const onSigint = () => {
    ctx.output.err(mark.skip(`\nstopping: the current step is cut short and recorded; go on later with \`ftdojo resume ${runId ?? '<run-id>'}\``));
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  let outcome: AttemptOutcome;
  try {
    outcome = await runAttempt({
      resolved: attempt.resolved,
      profile: attempt.profile,
      agent: attempt.agent,
      seed: attempt.seed,
      budgetSeconds: attempt.budgetSeconds,
      evalLimit: attempt.evalLimit ?? null,
      runtime: attempt.runtime,
      repository: ctx.repository(),
      sandboxFor: sessionSandboxes(ctx, attempt.runtime, attempt.llmGateway),
      reserveScoring: true,
      scoreBase: true,
      outsideTestDir: attempt.runtime.home,
      resume: attempt.resume,
      signal: controller.signal,
      onScoring: (what) => attempt.json || ctx.output.err(mark.dim(`› ${what}`)),
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const runId = outcome.result.runRef ? basename(outcome.result.runRef) : attempt.currentRunId();
  if (runId) {
    printRunReport(ctx.output, attempt.store, runId, { baseTest: outcome.base, json: attempt.json });
    const files = await writeRunReportFiles(attempt.store, runId, attempt.runtime.home, undefined, { diagnose });
    if (!attempt.json) ctx.output.err(mark.dim(`report: ${files.markdownPath} · ${files.htmlPath}`));
  }
  if (outcome.note !== outcome.result.note) ctx.output.err(mark.skip(outcome.note));
  ctx.exitCode = outcome.result.state === 'completed' ? 0 : 130;
  return outcome;
}
