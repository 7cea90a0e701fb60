import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import type { BenchAgent, BenchAgentResult, HeldOutScores, IntegrityAudit, ProfileName, ScoringMode } from '../../core/index.js';
import { primaryMetric, profileScoringMode } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import type { BaseModelRef, ModelDownloadProgress, RuntimeWorker } from '../../runtime/index.js';
import { openRunWorker } from '../../runtime/index.js';
import type { DojoSessionHandle, SessionSandboxFactory, TaskEnvironment } from '../../dojo/index.js';
import { baseValidationDir, openDojoSession, prepareTaskEnvironment, withRunWorker } from '../../dojo/index.js';
import type { EvaluationReportFile } from '../../eval/index.js';
import { experimentPaths, runPaths } from '../../store/index.js';
import type { TaskDefinition } from '../../tasks/index.js';
import { baseTestDir, heldOutReserveSeconds, scoreHeldOut } from '../held-out/score-held-out.js';
import { auditAttempt, writeIntegrityAudit } from '../integrity/index.js';

/** A task resolved once: its definition, where it came from, and its prepared environment (made on first use). */
export interface ResolvedTask {
  task: TaskDefinition;
  taskFile: string | null;
  /** --base-model, when it replaces the profile's base model; null otherwise. */
  baseModel: BaseModelRef | null;
  /** How its validation and held-out scores are computed: --scoring, else the profile's mode. */
  scoring: ScoringMode;
  environment(): Promise<TaskEnvironment>;
}

export function resolvedTask(
  task: TaskDefinition,
  taskFile: string | null,
  options: {
    profile: ProfileName;
    repository: DataRepository;
    runtime: RuntimeConfig;
    /** --base-model and --template: a base model (downloaded once into the model store) and template instead of the profile's. */
    baseModel?: BaseModelRef | undefined;
    template?: string | undefined;
    onModelDownload?: ((progress: ModelDownloadProgress) => void) | undefined;
    /** --scoring: official or corrected instead of the profile's mode. */
    scoring?: ScoringMode | undefined;
  },
): ResolvedTask {
  let prepared: Promise<TaskEnvironment> | null = null;
  const { baseModel, template, onModelDownload } = options;
  const scoring = options.scoring ?? profileScoringMode(task.spec, options.profile);
  return {
    task,
    taskFile,
    baseModel: baseModel ?? null,
    scoring,
    environment: () =>
      (prepared ??= prepareTaskEnvironment({
        task,
        profile: options.profile,
        repository: options.repository,
        runtime: options.runtime,
        baseModel,
        template,
        onModelDownload,
        scoring,
      })),
  };
}

export interface AttemptOptions {
  resolved: ResolvedTask;
  profile: ProfileName;
  agent: BenchAgent;
  seed: number;
  budgetSeconds: number;
  evalLimit: number | null;
  runtime: RuntimeConfig;
  repository: DataRepository;
  /** The composition root's sandbox for a session's scripts, per session workspace. */
  sandboxFor(environment: TaskEnvironment, sessionWorkspace: string): SessionSandboxFactory;
  /** Keep back from the agent's budget the time held-out scoring takes (`ftdojo run`: one budget for everything). */
  reserveScoring?: boolean;
  /** Also score the base model on test (cached per task and profile), for the agent's report. */
  scoreBase?: boolean;
  /** Where a chosen adapter of an agent that trained outside the dojo is scored. */
  outsideTestDir: string;
  resume?: string | undefined;
  signal?: AbortSignal | undefined;
  onScoring?: ((what: string) => void) | undefined;
  /** Told the session's handle once it is open: a door that serves the session notes the refusals it makes itself there. */
  onOpened?: ((handle: DojoSessionHandle) => void) | undefined;
}

export interface AttemptOutcome {
  result: BenchAgentResult;
  /** The held-out score of what the agent chose (the base model when it chose nothing). */
  test: EvaluationReportFile | null;
  base: EvaluationReportFile | null;
  /** How the held-out scores were computed (the task's mode, whether or not anything was scored). */
  scoring: ScoringMode;
  chosenExperimentId: string | null;
  /** The integrity audit, taken once the session was closed (null for a stopped attempt, which is resumed later). */
  audit: IntegrityAudit | null;
  note: string;
  seconds: number;
}

/**
 * One agent's attempt at one task, as the harness runs it: the agent gets a dojo bound to the
 * task, profile, seed and budget; once it returns, its session is closed and what it chose is
 * scored once on the held-out test split. This is the only place held-out scores are measured
 * for agents (`ftdojo run` and `ftdojo bench` both come here).
 */
export async function runAttempt(options: AttemptOptions): Promise<AttemptOutcome> {
  // One warm runtime worker per run: its micro runs, trainings and evaluations (held-out scoring
  // included) share one Python process, closed when the attempt ends however it ends (a stop
  // included); none when FTDOJO_WARM_WORKER=0.
  const worker = openRunWorker(options.runtime);
  try {
    return await attemptWith(options, worker);
  } finally {
    await worker?.close();
  }
}

async function attemptWith(options: AttemptOptions, worker: RuntimeWorker | null): Promise<AttemptOutcome> {
  const started = Date.now();
  const { resolved, runtime } = options;
  const spec = resolved.task.spec;
  const testLimit = spec.profiles[options.profile].testSize;
  const testSamples = options.evalLimit ? Math.min(options.evalLimit, testLimit) : testLimit;
  const baseFolder = baseTestDir(runtime.home, spec.id, options.profile, options.evalLimit, resolved.baseModel);
  const reserve = options.reserveScoring ? heldOutReserveSeconds(testSamples, existsSync(join(baseFolder, 'report.json')) ? 1 : 2) : 0;
  let handle: DojoSessionHandle | null = null;
  let workspace: string | null = null;

  const result = await options.agent.run({
    task: spec.id,
    taskFile: resolved.taskFile,
    profile: options.profile,
    seed: options.seed,
    budgetSeconds: options.budgetSeconds,
    evalLimit: options.evalLimit,
    resume: options.resume,
    signal: options.signal,
    dojo: {
      async open(placement) {
        if (handle) throw new Error('an attempt opens one dojo session');
        const environment = withRunWorker(await resolved.environment(), worker);
        workspace = placement.workspace;
        handle = openDojoSession({
          environment,
          workspace: placement.workspace,
          budgetSeconds: Math.max(1, options.budgetSeconds - reserve),
          spentSeconds: placement.spentSeconds ?? 0,
          seed: options.seed,
          evalLimit: options.evalLimit,
          sandboxFor: options.sandboxFor(environment, placement.workspace),
          baseEvalDir: baseValidationDir(runtime.home, environment),
          repository: options.repository,
          ...(placement.failFast === false ? { failFast: false } : {}),
          ...(placement.parallel && placement.parallel > 1 ? { parallel: placement.parallel } : {}),
        });
        options.onOpened?.(handle);
        return handle.session;
      },
    },
  });
  const session = handle as DojoSessionHandle | null;
  if (session && !session.closed()) await session.close(result.state === 'stopped' ? 'stopped' : 'the agent returned without finishing its session');
  const chosenExperimentId = session?.closed()?.chosenExperimentId ?? null;
  const adapter = session ? session.chosenAdapter() : result.adapterPath;
  let test: EvaluationReportFile | null = null;
  let base: EvaluationReportFile | null = null;
  let note = result.note;
  let audit: IntegrityAudit | null = null;
  // The audit is taken before scoring and apart from it: a fault in either leaves the other whole.
  if (result.state !== 'stopped') {
    try {
      audit = await auditOf(options, { session, workspace, outsideAdapter: result.adapterPath, seconds: (Date.now() - started) / 1000 });
      await writeIntegrityAudit(workspace ? join(workspace, 'integrity.json') : join(options.outsideTestDir, 'integrity.json'), audit);
    } catch (error) {
      note = `${note ? `${note}; ` : ''}integrity audit failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  let testDir = '';
  if (result.state === 'completed') {
    const environment = withRunWorker(await resolved.environment(), worker);
    const limit = options.evalLimit ?? undefined;
    try {
      options.onScoring?.(
        chosenExperimentId
          ? `scoring ${chosenExperimentId} once on the held-out test split`
          : adapter
            ? "scoring the agent's model once on the held-out test split"
            : 'no experiment was chosen: scoring the base model on the held-out test split',
      );
      testDir = adapter
        ? session && chosenExperimentId && workspace
          ? experimentPaths(workspace, chosenExperimentId).test
          : options.outsideTestDir
        : baseFolder;
      test = await scoreHeldOut({ environment, adapterPath: adapter, outDir: testDir, limit });
      if (options.scoreBase) {
        base = adapter ? await scoreHeldOut({ environment, adapterPath: null, outDir: baseFolder, limit }) : test;
        // Kept beside the agent's files for its report.
        if (workspace) {
          await mkdir(runPaths(workspace).baseTest, { recursive: true });
          await copyFile(join(baseFolder, 'report.json'), runPaths(workspace).baseTestReport);
        }
      }
    } catch (error) {
      note = `held-out scoring failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const metric = primaryMetric(spec).name;
  const scores: HeldOutScores = {
    chosen: test
      ? {
          experimentId: chosenExperimentId,
          metric,
          value: test.report.primary.value ?? null,
          interval: test.report.primary.interval ?? null,
          reportPath: join(testDir, 'report.json'),
        }
      : null,
    base: base
      ? { metric, value: base.report.primary.value ?? null, interval: base.report.primary.interval ?? null, reportPath: join(baseFolder, 'report.json') }
      : null,
  };
  if (result.state !== 'stopped') await result.finalize?.(scores);
  return { result, test, base, scoring: resolved.scoring, chosenExperimentId, audit, note, seconds: Math.round((Date.now() - started) / 1000) };
}

/** The attempt's integrity audit: its session's folder, clock and refusals, or the attempt's own clock and adapter. */
async function auditOf(
  options: AttemptOptions,
  attempt: { session: DojoSessionHandle | null; workspace: string | null; outsideAdapter: string | null; seconds: number },
): Promise<IntegrityAudit> {
  const { session, workspace } = attempt;
  const environment = await options.resolved.environment();
  return auditAttempt({
    task: options.resolved.task.spec.id,
    agent: options.agent.name,
    seed: options.seed,
    heldOutKeys: environment.heldOutKeys,
    baseModel: environment.modelPath,
    session: session && workspace ? { workspace, closed: session.closed(), wallSeconds: session.wallSeconds(), refusals: session.refusals() } : null,
    // With a session, what it chose is scored, whatever the agent's result names.
    outsideAdapter: session ? null : attempt.outsideAdapter,
    attemptSeconds: { limit: options.budgetSeconds, spent: attempt.seconds },
  });
}
