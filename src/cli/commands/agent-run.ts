import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { resolveAgentLlmConfig, resolveLlmGatewayConfig } from '../../config/index.js';
import type { ProfileName } from '../../core/index.js';
import type { AgentOutcome } from '../../agent/index.js';
import { diagnose, runAgent } from '../../agent/index.js';
import { baseTestDir, scoreHeldOut } from '../../bench/index.js';
import { prepareTaskEnvironment } from '../../dojo/index.js';
import { writeRunReportFiles } from '../../report/index.js';
import type { RunStore } from '../../store/index.js';
import type { TaskDefinition } from '../../tasks/index.js';
import type { CliContext } from '../context.js';
import { mark } from '../output.js';
import { createTaskSandbox } from '../task-sandbox.js';
import { chooseAgentPlanner } from './agent-planner.js';
import { createAgentProgress } from './agent-progress.js';
import { printRunReport } from './run-report.js';

/** Assumed training speed of the embedded model here (tokens/s), for the first plan's size. */
const MINI_TOKENS_PER_SECOND = 60;

/**
 * Seconds to keep back for the held-out scoring after the loop: per model scored, loading plus
 * about 0.8 s a sample (measured: 50 financeiq test samples in 40 s on this machine's 2 cores).
 */
export function heldOutReserveSeconds(samples: number, models: number): number {
  return Math.round(models * (20 + 0.8 * samples));
}

export interface AgentSession {
  task: TaskDefinition;
  profile: ProfileName;
  runtime: RuntimeConfig;
  store: RunStore;
  runId: string;
  wallSeconds: number;
  spentSeconds: number;
  llm: string | undefined;
  llmGateway: boolean;
  evalLimit: number | undefined;
  maxIterations: number | undefined;
  json: boolean;
  /** The run's seed: the first plan's data selection (default 0). */
  seed?: number | undefined;
  /** false: the fail-fast ablation (no micro run; checks only report). */
  failFast?: boolean | undefined;
  /** Print nothing (the bench suite prints its own lines). */
  quiet?: boolean | undefined;
  /** Score the best experiment and the base model on test at the end (default true; the bench harness scores itself). */
  scoreTest?: boolean | undefined;
  /** Stops the run (the bench suite's own Ctrl-C); without it, SIGINT does. */
  signal?: AbortSignal | undefined;
}

export const FTDOJO_VERSION = '0.1.0';

export interface AgentRunSettings {
  profile: ProfileName;
  wallSeconds: number;
  maxIterations: number | undefined;
  plannerName: string;
  evalLimit: number | undefined;
  llmGateway: boolean;
  failFast: boolean;
  seed: number;
}

/** A new FT-Agent run in the store, with everything `ftdojo resume` needs to go on with it. */
export function startAgentRun(store: RunStore, task: TaskDefinition, settings: AgentRunSettings): string {
  return store.createRun({
    task: task.spec.id,
    profile: settings.profile,
    budget: { wallSeconds: settings.wallSeconds, trainingSeconds: null, llmTokens: null, experiments: settings.maxIterations ?? null },
    agent: { name: 'ft-agent', planner: settings.plannerName, settings: { evalLimit: settings.evalLimit ?? null, llmGateway: settings.llmGateway, failFast: settings.failFast } },
    seed: settings.seed,
    ftdojoVersion: FTDOJO_VERSION,
  }).runId;
}

/** Runs (or resumes) FT-Agent in a run of the store, scores the chosen experiment on test once, and prints the report. */
export async function driveAgent(ctx: CliContext, session: AgentSession): Promise<AgentOutcome> {
  const { task, profile, runtime, store, runId } = session;
  const llm = resolveAgentLlmConfig(ctx.env, session.llm === undefined ? {} : { llm: session.llm });
  const environment = await prepareTaskEnvironment({ task, profile, repository: ctx.repository(), runtime });
  const gateway = resolveLlmGatewayConfig(ctx.env, { enabled: session.llmGateway });
  const runDir = store.runDir(runId);
  const planner = chooseAgentPlanner(llm, task.spec, { sampleCap: environment.sampleCap, poolHasSolutions: environment.poolHasSolutions, modelContext: environment.modelContext ?? 2048, tokensPerSecond: MINI_TOKENS_PER_SECOND, charactersPerToken: environment.charactersPerToken, poolRowTokens: environment.meanRowTokens, seed: session.seed ?? 0 }, runDir);
  const scoreTest = session.scoreTest ?? true;
  const silent = session.json || session.quiet === true;
  const testLimit = task.spec.profiles[profile].testSize;
  const testSamples = session.evalLimit ? Math.min(session.evalLimit, testLimit) : testLimit;
  const baseTestFolder = baseTestDir(runtime.home, task.spec.id, profile, session.evalLimit);
  const controller = new AbortController();
  const onSigint = () => {
    ctx.output.err(mark.skip('\nstopping: the current step is cut short and recorded; go on later with `ftdojo resume ' + runId + '`'));
    controller.abort();
  };
  if (session.signal) session.signal.addEventListener('abort', () => controller.abort(), { once: true });
  else process.once('SIGINT', onSigint);
  let outcome: AgentOutcome;
  try {
    outcome = await runAgent({
      environment,
      store,
      runId,
      planner,
      wallSeconds: session.wallSeconds,
      spentSeconds: session.spentSeconds,
      reserveSeconds: scoreTest ? heldOutReserveSeconds(testSamples, existsSync(join(baseTestFolder, 'report.json')) ? 1 : 2) : 0,
      ...(session.failFast === false ? { failFast: false } : {}),
      baseEvalDir: join(runtime.home, 'cache', 'dojo-base-eval', `${task.spec.id}-${profile}`),
      signal: controller.signal,
      ...(session.evalLimit ? { evalLimit: session.evalLimit } : {}),
      ...(session.maxIterations ? { maxIterations: session.maxIterations } : {}),
      sandboxFor: async (workspace) => {
        const made = await createTaskSandbox(runtime, environment, workspace, { gateway, logPath: join(runDir, 'llm-gateway.jsonl') });
        return { ...made, llmTokensUsed: () => made.gateway?.usage().usedTokens ?? 0 };
      },
      onEvent: silent ? undefined : createAgentProgress(ctx.output),
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (outcome.state === 'completed') {
    const best = outcome.bestExperimentId;
    if (best && scoreTest) {
      if (!silent) ctx.output.err(mark.dim(`› scoring ${best} once on the held-out test split`));
      const report = await scoreHeldOut({ task, profile, repository: ctx.repository(), runtime, adapterPath: join(runDir, 'experiments', best, 'train', 'output'), outDir: join(runDir, 'experiments', best, 'test'), ...(session.evalLimit ? { limit: session.evalLimit } : {}) });
      const primary = report.report.primary;
      store.append(runId, { type: 'test-scored', experimentId: best, metric: primary.metric, value: primary.value, interval: primary.interval ?? null });
    }
    store.append(runId, { type: 'run-finished', state: 'completed', reason: outcome.reason, bestExperimentId: best });
  } else {
    store.append(runId, { type: 'run-finished', state: 'stopped', reason: outcome.reason, bestExperimentId: outcome.bestExperimentId });
  }
  let baseTest = null;
  if (outcome.state === 'completed' && scoreTest) {
    // Scored once per task and profile (cached), and kept beside the run for its report.
    baseTest = await scoreHeldOut({ task, profile, repository: ctx.repository(), runtime, adapterPath: null, outDir: baseTestFolder, ...(session.evalLimit ? { limit: session.evalLimit } : {}) });
    await mkdir(join(runDir, 'base-test'), { recursive: true });
    await copyFile(join(baseTestFolder, 'report.json'), join(runDir, 'base-test', 'report.json'));
  }
  if (session.quiet !== true) printRunReport(ctx.output, store, runId, { baseTest, json: session.json });
  const files = await writeRunReportFiles(store, runId, runtime.home, undefined, { diagnose });
  if (!silent) ctx.output.err(mark.dim(`report: ${files.markdownPath} · ${files.htmlPath}`));
  store.closeRun(runId);
  ctx.exitCode = outcome.state === 'completed' ? 0 : 130;
  return outcome;
}
