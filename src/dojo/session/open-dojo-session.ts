import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DojoSession, ExperimentStatusMessage, Feedback, FinishRequest, SessionClosed } from '../../core/index.js';
import {
  compactTime,
  DOJO_SESSION_VERSION,
  ExperimentRequestSchema,
  FinishRequestSchema,
  FtdojoError,
  parseFeedback,
  ValidateRequestSchema,
} from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import { readEvaluationReport } from '../../eval/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import { experimentPaths, runPaths } from '../../store/index.js';
import type { TaskEnvironment } from '../environment/task-environment.js';
import { runExperiment } from '../experiment/run-experiment.js';
import type { ValidationLimits } from '../validate/index.js';
import { validateSubmission } from '../validate/index.js';
import { countRefusals } from './count-refusals.js';
import type { ExperimentTracker } from './experiment-tracker.js';
import { createExperimentTracker } from './experiment-tracker.js';
import { createPoolReader } from './pool-reader.js';
import { budgetRefusal, busy, sessionClosed, stateOf, statusFromFeedback, unknownExperiment } from './session-refusals.js';
import { datasetCardOf, hardwareOf, SUBMISSION_CONTRACT, taskCardOf } from './session-reads.js';
import { budgetStatus, precisionCheckSpeed, speedBeforeTraining, createSessionClock, MINIMUM_EXPERIMENT_SECONDS, projectRun } from './session-budget.js';
import { writeSubmissionFiles } from './submission-files.js';

/** The sandbox a session's scripts run in, for one workspace folder (chosen by the composition root). */
export interface SessionSandbox {
  sandbox: Sandbox;
  interpreters: { python: string; node: string };
  env: Record<string, string>;
  close(): Promise<void>;
  llmTokensUsed(): number;
}
/** The session's clock as a sandbox sees it: what an LLM gateway inside bounds each call by. */
export interface SessionTime {
  leftSeconds(): number;
}

export type SessionSandboxFactory = (workspace: string, time: SessionTime) => Promise<SessionSandbox>;

export interface OpenDojoSessionOptions {
  environment: TaskEnvironment;
  /** Where the session keeps its experiments (experiments/<id>/, as in a run folder). */
  workspace: string;
  budgetSeconds: number;
  /** Seconds an earlier process spent on this attempt (a resumed run). */
  spentSeconds?: number;
  seed: number;
  evalLimit: number | null;
  experimentsLimit?: number | null;
  sandboxFor: SessionSandboxFactory;
  /** Where the base model's validation evaluation is cached; null: not evaluated. */
  baseEvalDir: string | null;
  /** false: the fail-fast ablation (no micro run; checks only report). */
  failFast?: boolean;
  repository?: DataRepository;
  sessionId?: string;
  minimumExperimentSeconds?: number;
  /** The fail-fast tiers' limits (the debug run's seconds, the micro run's steps); tests shorten them. */
  validationLimits?: ValidationLimits;
  /**
   * How many experiments may run at once (default 1). Each then runs in processes of its own and
   * its runtime tier projects its memory against its share of the machine's (1/parallel): a run
   * that does not fit beside the others is stopped before it trains.
   */
  parallel?: number;
  now?: () => number;
}

/** The harness's hold on a session: the agent gets `session`; the harness learns what was chosen. */
export interface DojoSessionHandle {
  session: DojoSession;
  /** The finish message, once the agent (or the harness) closed the session. */
  closed(): SessionClosed | null;
  /** Closes the session if the agent did not, choosing nothing; cancels a running experiment. */
  close(reason: string): Promise<SessionClosed>;
  /** The chosen experiment's adapter folder: what the harness scores on the held-out split. */
  chosenAdapter(): string | null;
  /** Acts the session refused (and those a door noted), by error code: for the integrity audit. */
  refusals(): Record<string, number>;
  /** A refusal a door made itself before the act reached the session (bad tool input). */
  noteRefusal(kind: string): void;
  /** The session's clock as of its close (now while open), not held at the limit as the budget status is: what an overrun shows in. */
  wallSeconds(): { limit: number; spent: number };
}

export function openDojoSession(options: OpenDojoSessionOptions): DojoSessionHandle {
  const env = options.environment;
  const now = options.now ?? Date.now;
  const clock = createSessionClock({ budgetSeconds: options.budgetSeconds, spentSeconds: options.spentSeconds ?? 0, now });
  const sessionId = options.sessionId ?? `session-${compactTime(new Date(now()))}-${randomBytes(2).toString('hex')}`;
  const minimum = options.minimumExperimentSeconds ?? MINIMUM_EXPERIMENT_SECONDS;
  const paths = runPaths(options.workspace);
  const pool = createPoolReader(env.layout.agentDir);
  const trackers = new Map<string, ExperimentTracker>();
  const finished = new Map<string, Feedback>();
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const parallel = Math.max(1, options.parallel ?? 1);
  // Side by side, each experiment has its share of the memory and processes of its own (the run's warm worker serves one request at a time).
  const experimentEnv: TaskEnvironment = parallel > 1 ? { ...env, worker: undefined, memoryBytes: Math.floor(env.memoryBytes / parallel) } : env;
  let validations = 0;
  /** Faults (not outcomes) of experiments run in the background: rethrown to whoever awaits them. */
  const failures = new Map<string, unknown>();
  let closedMessage: SessionClosed | null = null;
  let spentAtClose: number | null = null;
  const earlier = existsSync(paths.experiments)
    ? readdirSync(paths.experiments).filter((id) => existsSync(experimentPaths(options.workspace, id).feedback))
    : [];
  const limit = options.experimentsLimit ?? null;

  const started = () => earlier.length + trackers.size;
  const status = () => budgetStatus(clock, { started: started(), limit }, minimum);
  const sessionTime: SessionTime = { leftSeconds: () => clock.left() };
  const feedbackOf = (id: string): Feedback | null => {
    const known = finished.get(id);
    if (known) return known;
    const path = experimentPaths(options.workspace, id).feedback;
    if (!existsSync(path)) return null;
    const feedback = parseFeedback(JSON.parse(readFileSync(path, 'utf8')));
    finished.set(id, feedback);
    return feedback;
  };
  const measuredSpeed = (): { tokensPerSecond: number; basis: string } => {
    const ids = [...earlier, ...trackers.keys()].reverse();
    for (const id of ids) {
      const speed = feedbackOf(id)?.training?.throughput.tokensPerSecond;
      if (speed) return { tokensPerSecond: speed, basis: `measured by ${id}` };
    }
    return speedBeforeTraining(env.device, precisionCheckSpeed(env.cpuPrecision));
  };
  const knownIds = () => [...new Set([...earlier, ...trackers.keys()])];
  const unknown = (id: string) => unknownExperiment(sessionId, id, knownIds());
  const assertOpen = (act: string) => {
    if (closedMessage) throw sessionClosed(sessionId, act);
  };
  const assertBudget = (act: string, needs: number) => {
    const budget = status();
    const emptyRun = () =>
      projectRun({
        rows: 0,
        epochs: 1,
        meanRowTokens: env.meanRowTokens,
        ...measuredSpeed(),
        evaluationItems: evaluationItems(),
        secondsPerEvaluationItem: 0.8,
        leftSeconds: budget.wallSeconds.left,
      });
    const refusal = budgetRefusal(budget, act, needs, emptyRun);
    if (refusal) throw refusal;
  };
  const assertIdle = (act: string) => {
    if (running.size >= parallel) throw busy([...running.keys()].join(', '), act);
  };
  const evaluationItems = () => Math.min(options.evalLimit ?? Infinity, env.validation.length);
  const nextId = () => {
    const taken = new Set(knownIds());
    for (let number = taken.size + 1; ; number += 1) {
      const id = `exp-${String(number).padStart(3, '0')}`;
      if (!taken.has(id) && !existsSync(experimentPaths(options.workspace, id).dir)) return id;
    }
  };
  const statusOf = (id: string): ExperimentStatusMessage => {
    const tracker = trackers.get(id);
    if (tracker) return tracker.status();
    const feedback = feedbackOf(id);
    if (!feedback) throw unknown(id);
    return statusFromFeedback(id, feedback);
  };

  const runInBackground = (id: string, compareTo: string | null, tracker: ExperimentTracker, controller: AbortController) => async () => {
    const experiment = experimentPaths(options.workspace, id);
    // The experiment it builds on: when only the row count or seed changed, its step time stands in for a micro run.
    const parentId = tracker.status().parentExperimentId;
    const parent = parentId ? { experimentId: parentId, ...experimentPaths(options.workspace, parentId) } : null;
    try {
      const sandbox = await options.sandboxFor(experiment.submission, sessionTime);
      try {
        const best =
          compareTo && existsSync(experimentPaths(options.workspace, compareTo).evaluationReport)
            ? { experimentId: compareTo, report: await readEvaluationReport(experimentPaths(options.workspace, compareTo).evaluationReport) }
            : null;
        const result = await runExperiment({
          environment: experimentEnv,
          experimentId: id,
          workspace: experiment.submission,
          experimentDir: experiment.dir,
          sandbox: sandbox.sandbox,
          interpreters: sandbox.interpreters,
          env: sandbox.env,
          llmUsage: () => sandbox.llmTokensUsed(),
          budget: { wallSeconds: clock.left(), experimentsSpent: started() - 1, experimentsLimit: limit },
          best,
          baseEvalDir: options.baseEvalDir,
          parent,
          ...(options.evalLimit ? { evalLimit: options.evalLimit } : {}),
          ...(options.failFast === false ? { failFast: false } : {}),
          ...(options.validationLimits ? { validationLimits: options.validationLimits } : {}),
          signal: controller.signal,
          onEvent: (event) => tracker.apply(event),
        });
        finished.set(id, result.feedback);
        tracker.finish(controller.signal.aborted ? 'cancelled' : stateOf(result.feedback), result.feedback);
      } finally {
        await sandbox.close();
      }
    } catch (error) {
      tracker.finish(controller.signal.aborted ? 'cancelled' : 'failed', null);
      throw error;
    }
  };

  const session: DojoSession = {
    sessionId,
    async info() {
      return {
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'session',
        sessionId,
        task: env.task.spec.id,
        profile: env.profile,
        seed: options.seed,
        evalLimit: options.evalLimit,
        submissionContract: SUBMISSION_CONTRACT,
        budget: status(),
      };
    },
    taskCard: async () => taskCardOf(env),
    datasetCard: async (cardOptions = {}) => datasetCardOf(env, pool.rows(), cardOptions.sources === false ? undefined : options.repository),
    readPool: async (request) => pool.read(request),
    hardware: async () => hardwareOf(env, measuredSpeed()),
    async budget() {
      return status();
    },
    async project({ rows, epochs }) {
      if (!Number.isInteger(rows) || rows < 0)
        throw new FtdojoError('INVALID_INPUT', `rows must be a whole number ≥ 0, got ${rows}`, {
          hint: 'ask for the rows your script would write, e.g. {"rows": 400}',
        });
      return projectRun({
        rows,
        epochs: epochs ?? 1,
        meanRowTokens: env.meanRowTokens,
        ...measuredSpeed(),
        evaluationItems: evaluationItems(),
        secondsPerEvaluationItem: 0.8,
        leftSeconds: clock.left(),
      });
    },
    async validate(request) {
      assertOpen('validate');
      assertBudget('validate a submission', 1);
      assertIdle('validate');
      const parsed = ValidateRequestSchema.parse(request);
      validations += 1;
      const folder = join(paths.validations, `v-${String(validations).padStart(3, '0')}-${Date.now().toString(36)}`);
      await writeSubmissionFiles(join(folder, 'submission'), parsed.files);
      const sandbox = await options.sandboxFor(join(folder, 'submission'), sessionTime);
      try {
        const result = await validateSubmission({
          environment: env,
          workspace: join(folder, 'submission'),
          scratchDir: join(folder, 'validate'),
          sandbox: sandbox.sandbox,
          interpreters: sandbox.interpreters,
          env: sandbox.env,
          remainingSeconds: clock.left(),
          through: parsed.through,
          ...(options.validationLimits ? { limits: options.validationLimits } : {}),
        });
        return { schemaVersion: DOJO_SESSION_VERSION, kind: 'validation', report: result.report };
      } finally {
        await sandbox.close();
      }
    },
    async startExperiment(request) {
      assertOpen('run an experiment');
      assertIdle('start another experiment');
      assertBudget('run an experiment', minimum);
      const parsed = ExperimentRequestSchema.safeParse(request);
      if (!parsed.success)
        throw new FtdojoError('INVALID_INPUT', `experiment request: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`, {
          hint: 'send {"files": {"process_data.py": "...", "train.yaml": "..."}}',
        });
      const { files, parentExperimentId, compareTo } = parsed.data;
      for (const ref of [parentExperimentId, compareTo]) if (ref !== null && !knownIds().includes(ref)) throw unknown(ref);
      const id = parsed.data.experimentId ?? nextId();
      if (knownIds().includes(id))
        throw new FtdojoError('INVALID_INPUT', `experiment ${id} exists already in session ${sessionId}`, {
          hint: 'choose another id, or leave it out and the session picks one',
        });
      await writeSubmissionFiles(experimentPaths(options.workspace, id).submission, files);
      const tracker = createExperimentTracker(id, parentExperimentId, now);
      trackers.set(id, tracker);
      const controller = new AbortController();
      const done = runInBackground(id, compareTo, tracker, controller)()
        .catch((error: unknown) => void failures.set(id, error))
        .finally(() => running.delete(id));
      running.set(id, { controller, done });
      return tracker.status();
    },
    async status(id) {
      return statusOf(id);
    },
    async awaitExperiment(id, awaitOptions = {}) {
      const tracker = trackers.get(id);
      if (!tracker) return statusOf(id);
      const stop = awaitOptions.onStatus ? tracker.listen(awaitOptions.onStatus) : () => true;
      try {
        const own = running.get(id);
        if (own) {
          const timeout = awaitOptions.timeoutSeconds;
          await (timeout === undefined ? own.done : Promise.race([own.done, new Promise((resolve) => setTimeout(resolve, timeout * 1000).unref())]));
        }
      } finally {
        stop();
      }
      if (failures.has(id)) throw failures.get(id);
      return tracker.status();
    },
    async feedback(id) {
      const feedback = feedbackOf(id);
      if (feedback) return { schemaVersion: DOJO_SESSION_VERSION, kind: 'feedback', experimentId: id, feedback };
      if (trackers.has(id))
        throw new FtdojoError('INVALID_INPUT', `experiment ${id} has no feedback yet: it is ${trackers.get(id)!.status().phase}`, {
          hint: `wait for it (awaitExperiment "${id}")`,
          retryable: true,
          fault: 'user',
        });
      throw unknown(id);
    },
    async cancel(id) {
      assertOpen('cancel an experiment');
      if (!trackers.has(id) && !feedbackOf(id)) throw unknown(id);
      const own = running.get(id);
      if (own) {
        own.controller.abort();
        await own.done.catch(() => undefined);
      }
      return statusOf(id);
    },
    async finish(request: FinishRequest) {
      assertOpen('finish');
      const parsed = FinishRequestSchema.parse(request);
      for (const own of running.values()) own.controller.abort();
      await Promise.all([...running.values()].map((own) => own.done.catch(() => undefined)));
      const chosen = parsed.experimentId;
      if (chosen !== null) {
        const feedback = feedbackOf(chosen);
        if (!knownIds().includes(chosen) && !feedback) throw unknown(chosen);
        if (feedback?.execution.state !== 'succeeded' || !existsSync(experimentPaths(options.workspace, chosen).adapter)) {
          const succeeded = knownIds().filter((id) => feedbackOf(id)?.execution.state === 'succeeded');
          throw new FtdojoError('INVALID_INPUT', `experiment ${chosen} did not train a model that can be scored`, {
            hint: succeeded.length
              ? `choose one of ${succeeded.join(', ')}, or null for the base model`
              : 'choose null (the base model): no experiment succeeded',
            fault: 'user',
          });
        }
      }
      closedMessage = {
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'closed',
        sessionId,
        chosenExperimentId: chosen,
        reason: parsed.reason,
        experiments: knownIds().map((id) => {
          const experiment = statusOf(id);
          return { experimentId: id, state: experiment.state, primaryMetric: experiment.primaryMetric };
        }),
        budget: status(),
      };
      spentAtClose = clock.spent();
      return closedMessage;
    },
  };

  const counted = countRefusals(session);
  return {
    session: counted.session,
    closed: () => closedMessage,
    async close(reason) {
      return closedMessage ?? session.finish({ schemaVersion: DOJO_SESSION_VERSION, kind: 'finish', experimentId: null, reason });
    },
    chosenAdapter: () => (closedMessage?.chosenExperimentId ? experimentPaths(options.workspace, closedMessage.chosenExperimentId).adapter : null),
    refusals: counted.refusals,
    noteRefusal: counted.noteRefusal,
    wallSeconds: () => ({ limit: clock.limit, spent: spentAtClose ?? clock.spent() }),
  };
}
