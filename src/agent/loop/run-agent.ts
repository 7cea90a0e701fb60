import { relative } from 'node:path';
import type { Feedback, Hypothesis, JsonValue, RunStage, StageOutcome } from '../../core/index.js';
import type { ExperimentEvent, TaskEnvironment } from '../../dojo/index.js';
import { runExperiment } from '../../dojo/index.js';
import { readEvaluationReport } from '../../eval/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import type { RunStore } from '../../store/index.js';
import { writeSubmission } from '../implement/write-submission.js';
import { diagnose } from '../plan/diagnose.js';
import type { Attempt } from '../plan/heuristic-planner.js';
import { attemptsOf, experimentDir } from './attempts.js';
import type { Planner } from './planner.js';

export type AgentEvent =
  | { kind: 'iteration'; iteration: number; attempt: number; remainingSeconds: number }
  | { kind: 'hypothesis'; iteration: number; hypothesis: Hypothesis }
  | { kind: 'experiment'; iteration: number; event: ExperimentEvent }
  | { kind: 'decision'; iteration: number; experimentId: string; accepted: boolean; reason: string; feedback: Feedback }
  | { kind: 'stopped'; reason: string };

export interface TaskSandboxFactory {
  (workspace: string): Promise<{ sandbox: Sandbox; interpreters: { python: string; node: string }; env: Record<string, string>; close(): Promise<void>; llmTokensUsed(): number }>;
}

export interface RunAgentOptions {
  environment: TaskEnvironment;
  store: RunStore;
  runId: string;
  planner: Planner;
  sandboxFor: TaskSandboxFactory;
  /** Seconds for the whole run, as recorded in run-started. */
  wallSeconds: number;
  /** Seconds already spent before this process (a resumed run). */
  spentSeconds?: number;
  /** Seconds kept back from the experiments for what follows the loop (the held-out scoring). */
  reserveSeconds?: number;
  /** Below this many seconds left, no new experiment starts. */
  minimumExperimentSeconds?: number;
  /** Iterations without an accepted experiment before the run ends on a plateau. */
  patience?: number;
  maxIterations?: number;
  evalLimit?: number;
  /** false: the fail-fast ablation (runExperiment's failFast). */
  failFast?: boolean;
  baseEvalDir: string;
  signal?: AbortSignal;
  onEvent?: (event: AgentEvent) => void;
}

export interface AgentOutcome {
  state: 'completed' | 'stopped';
  reason: string;
  bestExperimentId: string | null;
  attempts: Attempt[];
}

/** The dojo's experiment stages that open a run stage (validation starts with the script). */
const STAGE_OF: Readonly<Record<string, RunStage>> = { script: 'validate', train: 'train', evaluate: 'evaluate' };

/**
 * FT-Agent's loop: propose → implement → validate → train → evaluate (in the dojo, through
 * runExperiment) → decide by rule → record, until the budget, a plateau or the planner's ideas
 * run out. Every step is an event in the run's append-only log before the next starts, so a run
 * stopped at any moment resumes with every finished iteration kept (the unfinished one is redone).
 * Acceptance is a rule, never an opinion: the first experiment that is not worse than the base
 * model becomes the best; later ones must beat the best beyond noise (paired bootstrap, feedback's
 * comparison verdict "improved").
 */
export async function runAgent(options: RunAgentOptions): Promise<AgentOutcome> {
  const { store, runId, environment } = options;
  const runDir = store.runDir(runId);
  const started = Date.now();
  const remaining = () => options.wallSeconds - (options.spentSeconds ?? 0) - (options.reserveSeconds ?? 0) - (Date.now() - started) / 1000;
  const emit = (event: AgentEvent) => options.onEvent?.(event);
  const state = store.state(runId);
  const attempts = attemptsOf(state, runDir);
  let bestId = state.bestExperimentId;
  let sinceImprovement = 0;
  for (const attempt of attempts) sinceImprovement = attempt.accepted ? 0 : sinceImprovement + 1;
  let iteration = state.completedIterations;
  let redo = state.pendingIteration?.attempt ?? 0;

  const finish = (stopState: AgentOutcome['state'], reason: string): AgentOutcome => {
    emit({ kind: 'stopped', reason });
    return { state: stopState, reason, bestExperimentId: bestId, attempts };
  };

  for (;;) {
    if (options.signal?.aborted) return finish('stopped', 'stopped by the user');
    if (remaining() < (options.minimumExperimentSeconds ?? 180)) return finish('completed', `budget: ${Math.max(0, Math.round(remaining()))} s left, too little for another experiment`);
    if (sinceImprovement >= (options.patience ?? 3)) return finish('completed', `plateau: ${sinceImprovement} experiments in a row did not beat the best`);
    if (options.maxIterations !== undefined && iteration >= options.maxIterations) return finish('completed', `${iteration} iterations, the maximum asked for`);
    iteration += 1;
    const attemptNumber = redo + 1;
    redo = 0;
    const experimentId = `exp-${String(iteration).padStart(3, '0')}${attemptNumber > 1 ? `-a${attemptNumber}` : ''}`;
    const best = bestId ? (attempts.find((attempt) => attempt.experimentId === bestId) ?? null) : null;
    emit({ kind: 'iteration', iteration, attempt: attemptNumber, remainingSeconds: remaining() });
    // Plan first: an iteration is only recorded when there is something to try.
    const proposeStart = Date.now();
    const hypothesis = await options.planner.propose({ attempts, best, remainingSeconds: remaining() });
    if (!hypothesis) return finish('completed', 'the planner has no untried idea left');
    store.append(runId, { type: 'iteration-started', iteration, parentExperimentId: best?.experimentId ?? null });
    store.append(runId, { type: 'stage-started', experimentId: null, stage: 'propose' });
    store.append(runId, { type: 'stage-finished', experimentId: null, stage: 'propose', outcome: 'succeeded', seconds: (Date.now() - proposeStart) / 1000 });

    const stage = async <T>(name: RunStage, id: string | null, body: () => Promise<T>): Promise<T> => {
      const stageStart = Date.now();
      store.append(runId, { type: 'stage-started', experimentId: id, stage: name });
      const value = await body();
      store.append(runId, { type: 'stage-finished', experimentId: id, stage: name, outcome: 'succeeded', seconds: (Date.now() - stageStart) / 1000 });
      return value;
    };

    store.append(runId, { type: 'hypothesis-proposed', hypothesis: JSON.parse(JSON.stringify(hypothesis)) as Record<string, JsonValue>, summary: hypothesis.rationale.split('\n')[0]!.slice(0, 200) });
    emit({ kind: 'hypothesis', iteration, hypothesis });
    const dir = experimentDir(runDir, experimentId);
    const workspace = `${dir}/submission`;
    await stage('implement', experimentId, () => writeSubmission(hypothesis, workspace));

    const sandbox = await options.sandboxFor(workspace);
    let current: RunStage | null = null;
    let currentStart = Date.now();
    const switchStage = (next: RunStage | null, outcome: StageOutcome) => {
      if (current) store.append(runId, { type: 'stage-finished', experimentId, stage: current, outcome, seconds: (Date.now() - currentStart) / 1000 });
      current = next;
      currentStart = Date.now();
      if (next) store.append(runId, { type: 'stage-started', experimentId, stage: next });
    };
    let result: Awaited<ReturnType<typeof runExperiment>>;
    try {
      result = await runExperiment({
        environment,
        experimentId,
        workspace,
        experimentDir: dir,
        sandbox: sandbox.sandbox,
        interpreters: sandbox.interpreters,
        env: sandbox.env,
        llmUsage: () => sandbox.llmTokensUsed(),
        budget: { wallSeconds: remaining(), experimentsSpent: attempts.length },
        best: best && bestId ? { experimentId: bestId, report: await readEvaluationReport(`${experimentDir(runDir, bestId)}/eval/report.json`) } : null,
        baseEvalDir: options.baseEvalDir,
        ...(options.evalLimit ? { evalLimit: options.evalLimit } : {}),
        ...(options.failFast === false ? { failFast: false } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onEvent: (event) => {
          emit({ kind: 'experiment', iteration, event });
          const next = event.kind === 'stage' ? STAGE_OF[event.stage] : undefined;
          if (next && next !== current) switchStage(next, 'succeeded');
        },
      });
    } finally {
      await sandbox.close();
    }
    if (options.signal?.aborted) {
      switchStage(null, 'interrupted');
      return finish('stopped', 'stopped by the user');
    }
    const feedback = result.feedback;
    switchStage(null, feedback.execution.state === 'succeeded' ? 'succeeded' : feedback.execution.state === 'timeout' ? 'timeout' : 'failed');
    const comparison = feedback.comparison;
    store.append(runId, { type: 'experiment-finished', experimentId, state: feedback.execution.state, feedbackPath: relative(runDir, result.feedbackPath), primaryMetric: feedback.evaluation?.primary.value ?? null, verdict: comparison?.verdict ?? null });

    const succeeded = feedback.execution.state === 'succeeded' && feedback.evaluation !== null;
    const versusBase = comparison?.base?.verdict ?? null;
    const accepted = succeeded && (bestId === null ? versusBase !== 'worse' : comparison?.best?.verdict === 'improved');
    const reason = !succeeded
      ? `not accepted: the experiment ${feedback.execution.state} at ${feedback.execution.stage}`
      : bestId === null
        ? `${accepted ? 'accepted as the first best' : 'not accepted'}: against the base model ${versusBase ?? 'not compared'}${comparison?.base ? ` (${comparison.base.reason})` : ''}`
        : `${accepted ? 'accepted' : 'not accepted'}: against ${bestId} ${comparison?.best?.verdict ?? 'not compared'}${comparison?.best ? ` (${comparison.best.reason})` : ''}`;
    if (accepted) bestId = experimentId;
    store.append(runId, { type: 'decision', experimentId, accepted, bestExperimentId: bestId, reason });
    attempts.push({ experimentId, hypothesis, diagnosis: diagnose(feedback), accepted, tokensPerSecond: feedback.training?.throughput.tokensPerSecond ?? null });
    sinceImprovement = accepted ? 0 : sinceImprovement + 1;
    store.append(runId, { type: 'iteration-finished', iteration });
    emit({ kind: 'decision', iteration, experimentId, accepted, reason, feedback });
  }
}
