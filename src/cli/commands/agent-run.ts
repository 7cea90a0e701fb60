import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { resolveAgentLlmConfig, resolveLlmGatewayConfig } from '../../config/index.js';
import type { ProfileName } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';
import type { AgentOutcome } from '../../agent/index.js';
import { createHeuristicPlanner, runAgent } from '../../agent/index.js';
import { scoreHeldOut } from '../../bench/index.js';
import { prepareTaskEnvironment } from '../../dojo/index.js';
import type { RunStore } from '../../store/index.js';
import type { TaskDefinition } from '../../tasks/index.js';
import type { CliContext } from '../context.js';
import { mark } from '../output.js';
import { createTaskSandbox } from '../task-sandbox.js';
import { printRunReport } from './run-report.js';

/** Assumed training speed of the embedded model here (tokens/s), for the first plan's size. */
const MINI_TOKENS_PER_SECOND = 60;

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
}

/** Runs (or resumes) FT-Agent in a run of the store, scores the chosen experiment on test once, and prints the report. */
export async function driveAgent(ctx: CliContext, session: AgentSession): Promise<AgentOutcome> {
  const { task, profile, runtime, store, runId } = session;
  const llm = resolveAgentLlmConfig(ctx.env, session.llm === undefined ? {} : { llm: session.llm });
  if (llm.kind !== 'heuristic') {
    throw new FtdojoError('UNSUPPORTED', `the LLM planner (${llm.model} at ${llm.baseUrl}) is not wired into the loop yet`, { hint: 'run with --llm heuristic (the built-in planner); the LLM planner comes with the next release' });
  }
  const environment = await prepareTaskEnvironment({ task, profile, repository: ctx.repository(), runtime });
  const gateway = resolveLlmGatewayConfig(ctx.env, { enabled: session.llmGateway });
  const planner = createHeuristicPlanner({ sampleCap: environment.sampleCap, poolHasSolutions: environment.poolHasSolutions, modelContext: environment.modelContext ?? 2048, tokensPerSecond: MINI_TOKENS_PER_SECOND, charactersPerToken: environment.charactersPerToken });
  const controller = new AbortController();
  const onSigint = () => {
    ctx.output.err(mark.skip('\nstopping: the current step is cut short and recorded; go on later with `ftdojo resume ' + runId + '`'));
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  const runDir = store.runDir(runId);
  let outcome: AgentOutcome;
  try {
    outcome = await runAgent({
      environment,
      store,
      runId,
      planner,
      wallSeconds: session.wallSeconds,
      spentSeconds: session.spentSeconds,
      baseEvalDir: join(runtime.home, 'cache', 'dojo-base-eval', `${task.spec.id}-${profile}`),
      signal: controller.signal,
      ...(session.evalLimit ? { evalLimit: session.evalLimit } : {}),
      ...(session.maxIterations ? { maxIterations: session.maxIterations } : {}),
      sandboxFor: async (workspace) => {
        const made = await createTaskSandbox(runtime, environment, workspace, { gateway, logPath: join(runDir, 'llm-gateway.jsonl') });
        return { ...made, llmTokensUsed: () => made.gateway?.usage().usedTokens ?? 0 };
      },
      onEvent: (event) => {
        if (session.json) return;
        if (event.kind === 'iteration') ctx.output.err(mark.dim(`› iteration ${event.iteration}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''} · ${Math.round(event.remainingSeconds / 60)} min left`));
        if (event.kind === 'hypothesis') ctx.output.err(`  plan: ${event.hypothesis.rationale}`);
        if (event.kind === 'experiment' && event.event.kind === 'stage') ctx.output.err(mark.dim(`  ${event.event.stage}`));
        if (event.kind === 'experiment' && event.event.kind === 'train' && event.event.progress.totalSteps) ctx.output.err(mark.dim(`    step ${event.event.progress.step}/${event.event.progress.totalSteps}${event.event.progress.loss === undefined ? '' : ` · loss ${event.event.progress.loss.toFixed(3)}`}`));
        if (event.kind === 'decision') ctx.output.err(`  ${event.accepted ? mark.ok('accepted') : mark.skip('not accepted')}: ${event.reason}`);
        if (event.kind === 'stopped') ctx.output.err(mark.dim(`› ${event.reason}`));
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (outcome.state === 'completed') {
    const best = outcome.bestExperimentId;
    if (best) {
      if (!session.json) ctx.output.err(mark.dim(`› scoring ${best} once on the held-out test split`));
      const report = await scoreHeldOut({ task, profile, repository: ctx.repository(), runtime, adapterPath: join(runDir, 'experiments', best, 'train', 'output'), outDir: join(runDir, 'experiments', best, 'test'), ...(session.evalLimit ? { limit: session.evalLimit } : {}) });
      const primary = report.report.primary;
      store.append(runId, { type: 'test-scored', experimentId: best, metric: primary.metric, value: primary.value, interval: primary.interval ?? null });
    }
    store.append(runId, { type: 'run-finished', state: 'completed', reason: outcome.reason, bestExperimentId: best });
  } else {
    store.append(runId, { type: 'run-finished', state: 'stopped', reason: outcome.reason, bestExperimentId: outcome.bestExperimentId });
  }
  const baseTest = outcome.state === 'completed' ? await scoreHeldOut({ task, profile, repository: ctx.repository(), runtime, adapterPath: null, outDir: join(runtime.home, 'cache', 'dojo-base-test', `${task.spec.id}-${profile}${session.evalLimit ? `-limit${session.evalLimit}` : ''}`), ...(session.evalLimit ? { limit: session.evalLimit } : {}) }) : null;
  printRunReport(ctx.output, store, runId, { baseTest, json: session.json });
  store.closeRun(runId);
  ctx.exitCode = outcome.state === 'completed' ? 0 : 130;
  return outcome;
}
