import type { BenchAgent, BenchAgentRequest, BenchAgentResult, DojoSession, JsonValue, Lesson, TaskSpec } from '../../core/index.js';
import { DOJO_SESSION_VERSION, FTDOJO_VERSION, primaryMetric, TaskSpecSchema } from '../../core/index.js';
import type { LessonStore, RunStore } from '../../store/index.js';
import { spentSecondsOf } from '../../store/index.js';
import type { Implementer } from '../implement/implementer.js';
import { createTemplateImplementer } from '../implement/implementer.js';
import { lessonsOfRun } from '../learn/lessons-of-run.js';
import { loopStateOf } from '../loop/attempts.js';
import type { Planner } from '../loop/planner.js';
import type { RunRecorder } from '../loop/recorder.js';
import { createRunRecorder, startRunRecord } from '../loop/recorder.js';
import type { AgentEvent } from '../loop/run-agent.js';
import { runAgent } from '../loop/run-agent.js';
import { aborted, budgetSpent, maxIterations, noImprovementFor } from '../loop/stop-conditions.js';
import type { PlanningContext } from '../plan/heuristic-planner.js';

export { FTDOJO_VERSION };

/** Finished experiments in a row without beating the best before the run ends on a plateau. */
export const DEFAULT_PATIENCE = 3;

export interface FtAgentOptions {
  /** The leaderboard name: ft-agent, or ft-agent:no-failfast for the ablation. */
  name?: string;
  store: RunStore;
  /** The planner's flag as the run records it (heuristic, a base URL, gguf:<path>): resume uses it again. */
  plannerName: string;
  /** The composition root's choice of planner for a task, given what the session told. */
  plannerFor(spec: TaskSpec, context: Omit<PlanningContext, 'remainingSeconds'>, runDir: string, lessons: readonly Lesson[]): Planner;
  /**
   * The composition root's choice of implementer (a coder model with an LLM backbone); absent: the
   * reviewed template. It validates drafts through the run's session.
   */
  implementerFor?: ((spec: TaskSpec, session: DojoSession, lessons: readonly Lesson[]) => Implementer) | undefined;
  /** Where lessons are read from before a run and kept after it; absent: none are (tests that need a clean slate). */
  lessons?: LessonStore | undefined;
  failFast: boolean;
  llmGateway: boolean;
  /** Experiments per round, side by side (--parallel); 1 by default. */
  parallel?: number | undefined;
  maxIterations?: number | undefined;
  patience?: number | undefined;
  /**
   * More settings the run records for `ftdojo resume` to use again (the composition root's, e.g.
   * --base-model and --template); the agent only records them.
   */
  settings?: Readonly<Record<string, JsonValue>> | undefined;
  onRunStarted?: ((runId: string, runDir: string) => void) | undefined;
  onEvent?: ((event: AgentEvent) => void) | undefined;
}

/** What FT-Agent plans with, read through the session as any agent would read it. */
async function planningContextFrom(session: DojoSession, seed: number): Promise<{ spec: TaskSpec; context: Omit<PlanningContext, 'remainingSeconds'> }> {
  const [card, data, hardware] = await Promise.all([session.taskCard(), session.datasetCard({ sources: false }), session.hardware()]);
  const spec = TaskSpecSchema.parse(card.spec);
  return {
    spec,
    context: {
      sampleCap: data.pool.sampleCap,
      poolHasSolutions: data.pool.hasSolutions,
      modelContext: hardware.contextTokens ?? 2048,
      tokensPerSecond: hardware.tokensPerSecond,
      charactersPerToken: data.pool.charactersPerToken,
      poolRowTokens: data.pool.meanRowTokens,
      seed,
    },
  };
}

function openRecord(options: FtAgentOptions, request: BenchAgentRequest): { recorder: RunRecorder; spentSeconds: number } {
  const { store } = options;
  if (request.resume) {
    const state = store.state(request.resume);
    const recorder = createRunRecorder(store, request.resume);
    recorder.resumed(FTDOJO_VERSION);
    return { recorder, spentSeconds: spentSecondsOf(state) };
  }
  const recorder = startRunRecord(store, {
    task: request.task,
    profile: request.profile,
    taskFile: request.taskFile,
    budget: { wallSeconds: request.budgetSeconds, trainingSeconds: null, llmTokens: null, experiments: options.maxIterations ?? null },
    agent: {
      name: 'ft-agent',
      planner: options.plannerName,
      settings: {
        ...options.settings,
        evalLimit: request.evalLimit,
        llmGateway: options.llmGateway,
        failFast: options.failFast,
        ...(options.parallel && options.parallel > 1 ? { parallel: options.parallel } : {}),
      },
    },
    seed: request.seed,
    ftdojoVersion: FTDOJO_VERSION,
  });
  return { recorder, spentSeconds: 0 };
}

/**
 * FT-Agent behind the bench contract: it keeps its own run (the event log and experiment folders
 * under <home>/runs/<run-id>), works the task through the dojo session the harness opens for it,
 * and finishes by choosing its best experiment. The harness scores that choice on the held-out
 * split and hands the score back to `finalize`, which closes the run's record.
 */
export function createFtAgent(options: FtAgentOptions): BenchAgent {
  return {
    name: options.name ?? (options.failFast ? 'ft-agent' : 'ft-agent:no-failfast'),
    async run(request): Promise<BenchAgentResult> {
      const { recorder, spentSeconds } = openRecord(options, request);
      try {
        options.onRunStarted?.(recorder.runId, recorder.runDir);
        const session = await request.dojo.open({ workspace: recorder.runDir, spentSeconds, failFast: options.failFast, parallel: options.parallel ?? 1 });
        const { spec, context } = await planningContextFrom(session, request.seed);
        const state = options.store.state(recorder.runId);
        const lessonTask = { id: spec.id, domain: spec.domain, metric: primaryMetric(spec).name };
        const lessons = options.lessons?.relevant({ task: lessonTask.id, domain: lessonTask.domain, metric: lessonTask.metric }) ?? [];
        const outcome = await runAgent({
          session,
          recorder,
          planner: options.plannerFor(spec, context, recorder.runDir, lessons),
          implementer: options.implementerFor?.(spec, session, lessons) ?? createTemplateImplementer(),
          stops: [aborted(request.signal), budgetSpent(), noImprovementFor(options.patience ?? DEFAULT_PATIENCE), maxIterations(options.maxIterations)],
          state: loopStateOf(state, recorder.runDir),
          signal: request.signal,
          onEvent: options.onEvent,
          parallel: options.parallel,
        });
        const after = options.store.state(recorder.runId);
        // What this run's experiments taught, for the next run on this task (validation effects only).
        options.lessons?.add(lessonsOfRun(after, recorder.runDir, lessonTask));
        const counts = {
          iterations: after.completedIterations,
          failuresCaughtEarly: after.iterations.filter((iteration) =>
            iteration.stages.some((stage) => stage.stage === 'validate' && stage.outcome === 'failed'),
          ).length,
          succeeded: [...after.experiments.values()].filter((experiment) => experiment.state === 'succeeded').length,
          runRef: recorder.runDir,
          note: outcome.reason,
          adapterPath: null,
        };
        if (outcome.state === 'stopped') {
          recorder.runFinished('stopped', outcome.reason, outcome.bestExperimentId);
          recorder.close();
          return { state: 'stopped', ...counts };
        }
        await session.finish({ schemaVersion: DOJO_SESSION_VERSION, kind: 'finish', experimentId: outcome.bestExperimentId, reason: outcome.reason });
        return {
          state: 'completed',
          ...counts,
          async finalize(scores) {
            if (scores.chosen?.experimentId)
              recorder.testScored(scores.chosen.experimentId, { metric: scores.chosen.metric, value: scores.chosen.value, interval: scores.chosen.interval });
            recorder.runFinished('completed', outcome.reason, outcome.bestExperimentId);
            recorder.close();
          },
        };
      } catch (error) {
        recorder.close();
        throw error;
      }
    },
  };
}
