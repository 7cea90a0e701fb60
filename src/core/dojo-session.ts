import { z } from 'zod';
import { FeedbackSchema } from './feedback.js';
import { JsonValueSchema } from './sample.js';
import { ProfileNameSchema } from './task-spec.js';
import { TierResultSchema, VALIDATION_TIERS, ValidationReportSchema } from './validation-report.js';

/**
 * The dojo's session seam: everything an agent may see and do during one attempt at one task.
 * FT-Agent enters through it, and so does any other agent (issue #12 opens it over MCP and HTTP),
 * so every message an agent sends or receives is versioned and checked here, and nothing in it
 * names our code. Held-out scoring is not part of it: the harness scores the chosen experiment
 * after the session is closed.
 */
export const DOJO_SESSION_VERSION = 1;

const version = { schemaVersion: z.literal(DOJO_SESSION_VERSION) };
const seconds = () => z.number().nonnegative();

/** Experiment ids are chosen by the session (exp-001, ...) or proposed by the agent in this shape. */
export const EXPERIMENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const SessionOpenRequestSchema = z
  .object({
    ...version,
    kind: z.literal('open'),
    /** A catalogue task id (`ftdojo tasks`), or `taskFile`: a task file of one's own. */
    task: z.string().min(1).optional(),
    taskFile: z.string().min(1).optional(),
    profile: ProfileNameSchema.default('mini'),
    /** Wall-clock seconds for every act of the session, experiments included. */
    budgetSeconds: z.number().positive(),
    seed: z.number().int().nonnegative().default(0),
    /** Score the first N validation samples only (quick sessions); null: the whole split. */
    evalLimit: z.number().int().positive().nullable().default(null),
  })
  .refine((request) => (request.task === undefined) !== (request.taskFile === undefined), 'give exactly one of task (a catalogue id) or taskFile (a path)');
export type SessionOpenRequest = z.input<typeof SessionOpenRequestSchema>;

/** Time and experiments: what was spent, what is left, and whether any act can still be taken. */
export const BudgetStatusSchema = z.object({
  ...version,
  kind: z.literal('budget'),
  wallSeconds: z.object({ limit: seconds(), spent: seconds(), left: seconds() }),
  experiments: z.object({ started: z.number().int().nonnegative(), limit: z.number().int().positive().nullable() }),
  /** No experiment starts with less than this left (loading, the micro run and evaluation). */
  minimumExperimentSeconds: seconds(),
  exhausted: z.boolean(),
});
export type BudgetStatus = z.infer<typeof BudgetStatusSchema>;

/** What a training of `rows` rows is projected to cost, and whether it fits in the time left. */
export const RunProjectionSchema = z.object({
  ...version,
  kind: z.literal('projection'),
  rows: z.number().int().nonnegative(),
  epochs: z.number().positive(),
  tokens: z.number().nonnegative(),
  trainingSeconds: seconds(),
  /** Validation, loading and the fail-fast tiers around the training. */
  overheadSeconds: seconds(),
  totalSeconds: seconds(),
  leftSeconds: seconds(),
  fits: z.boolean(),
  /** How the figures were found: "measured by exp-002" or "assumed for this device". */
  basis: z.string(),
});
export type RunProjection = z.infer<typeof RunProjectionSchema>;

export const HardwareStatusSchema = z.object({
  ...version,
  kind: z.literal('hardware'),
  device: z.enum(['cpu', 'gpu']),
  cpus: z.number().int().positive(),
  memoryBytes: z.number().nonnegative(),
  baseModel: z.string(),
  /** The base model's context length in tokens, when its config says. */
  contextTokens: z.number().int().positive().nullable(),
  /** Training speed in tokens a second, measured by the session's last training when there was one. */
  tokensPerSecond: z.number().positive(),
  measured: z.boolean(),
});
export type HardwareStatus = z.infer<typeof HardwareStatusSchema>;

export const SessionInfoSchema = z.object({
  ...version,
  kind: z.literal('session'),
  sessionId: z.string().min(1),
  task: z.string().min(1),
  profile: ProfileNameSchema,
  seed: z.number().int().nonnegative(),
  evalLimit: z.number().int().positive().nullable(),
  /** What a submission must hold, in a few lines. */
  submissionContract: z.string(),
  budget: BudgetStatusSchema,
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const TaskCardMessageSchema = z.object({
  ...version,
  kind: z.literal('task-card'),
  task: z.string(),
  profile: ProfileNameSchema,
  markdown: z.string(),
  spec: z.record(z.string(), JsonValueSchema),
});
export type TaskCardMessage = z.infer<typeof TaskCardMessageSchema>;

export const DatasetCardMessageSchema = z.object({
  ...version,
  kind: z.literal('dataset-card'),
  task: z.string(),
  /** The agent-visible pool: rows and the fields a row has. */
  pool: z.object({
    rows: z.number().int().nonnegative(),
    fields: z.array(z.string()),
    /** Mean tokens of a row with the base model's tokenizer and chat template, and characters per token. */
    meanRowTokens: z.number().nonnegative(),
    charactersPerToken: z.number().positive(),
    /** Rows carry worked solutions (extra.solution): training can teach reasoning. */
    hasSolutions: z.boolean(),
    /** At most this many training rows are allowed. */
    sampleCap: z.number().int().positive(),
  }),
  sources: z.array(z.object({ id: z.string(), markdown: z.string() })),
});
export type DatasetCardMessage = z.infer<typeof DatasetCardMessageSchema>;

/** Pool reads: a page from an offset, or a seeded sample. Never held-out rows. */
export const PoolReadRequestSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('page'), offset: z.number().int().nonnegative().default(0), limit: z.number().int().positive().max(200).default(20) }),
  z.object({ mode: z.literal('sample'), size: z.number().int().positive().max(200).default(20), seed: z.number().int().nonnegative().default(0) }),
]);
export type PoolReadRequest = z.input<typeof PoolReadRequestSchema>;

export const PoolRowsMessageSchema = z.object({
  ...version,
  kind: z.literal('pool-rows'),
  total: z.number().int().nonnegative(),
  /** The pool index of each row, in the order given. */
  indices: z.array(z.number().int().nonnegative()),
  rows: z.array(z.record(z.string(), JsonValueSchema)),
});
export type PoolRowsMessage = z.infer<typeof PoolRowsMessageSchema>;

/** A relative path that stays inside a workspace: no "..", no leading "/", no empty or "." parts, no backslashes. */
export function isWorkspacePath(path: string): boolean {
  return !path.startsWith('/') && !path.includes('\\') && !path.split('/').some((part) => part === '..' || part === '' || part === '.');
}

/**
 * A submission: the workspace files an agent hands over (relative paths, text). It must hold a
 * data script (`process_data.py`, `.mjs` or `.js`) and `train.yaml`; anything else (strategy.json,
 * notes) travels with it.
 */
export const SubmissionFilesSchema = z.record(
  z.string().min(1).max(200).refine(isWorkspacePath, 'a relative path inside the workspace, e.g. "process_data.py"'),
  z.string().max(1_000_000, 'a submission file holds at most 1 MB of text'),
);
export type SubmissionFiles = z.infer<typeof SubmissionFilesSchema>;

export const ExperimentRequestSchema = z.object({
  ...version,
  kind: z.literal('experiment'),
  files: SubmissionFilesSchema,
  /** The experiment this one builds on (the tree); null: from the base model. */
  parentExperimentId: z.string().nullable().default(null),
  /** The experiment the feedback compares this one with (the best so far); null: the base model only. */
  compareTo: z.string().nullable().default(null),
  /** An id of one's own (lowercase letters, digits, dashes); the session picks exp-NNN otherwise. */
  experimentId: z.string().regex(EXPERIMENT_ID_PATTERN).optional(),
});
export type ExperimentRequest = z.input<typeof ExperimentRequestSchema>;

export const ValidateRequestSchema = z.object({
  ...version,
  kind: z.literal('validate'),
  files: SubmissionFilesSchema,
  /** The last tier to run: `data` stops before the micro training run (seconds instead of tens of them). */
  through: z.enum(VALIDATION_TIERS).default('runtime'),
});
export type ValidateRequest = z.input<typeof ValidateRequestSchema>;

export const ValidationMessageSchema = z.object({ ...version, kind: z.literal('validation'), report: ValidationReportSchema });
export type ValidationMessage = z.infer<typeof ValidationMessageSchema>;

/** The steps an experiment goes through, in order. */
export const ExperimentPhaseSchema = z.enum(['queued', 'script', 'validate-static', 'validate-data', 'validate-runtime', 'train', 'evaluate', 'done']);
export type ExperimentPhase = z.infer<typeof ExperimentPhaseSchema>;

export const ExperimentStatusMessageSchema = z.object({
  ...version,
  kind: z.literal('experiment-status'),
  experimentId: z.string(),
  parentExperimentId: z.string().nullable(),
  state: z.enum(['running', 'succeeded', 'failed', 'timeout', 'cancelled']),
  phase: ExperimentPhaseSchema,
  seconds: seconds(),
  /** The fail-fast tiers finished so far. */
  tiers: z.array(TierResultSchema),
  train: z
    .object({
      step: z.number().int().nonnegative(),
      totalSteps: z.number().int().nonnegative(),
      loss: z.number().nullable(),
      etaSeconds: z.number().nullable(),
    })
    .nullable(),
  evaluate: z.object({ role: z.enum(['base', 'candidate']), done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable(),
  /** The validation score of the primary metric, once evaluated. */
  primaryMetric: z.number().nullable(),
  feedbackReady: z.boolean(),
});
export type ExperimentStatusMessage = z.infer<typeof ExperimentStatusMessageSchema>;

export const FeedbackMessageSchema = z.object({ ...version, kind: z.literal('feedback'), experimentId: z.string(), feedback: FeedbackSchema });
export type FeedbackMessage = z.infer<typeof FeedbackMessageSchema>;

export const FinishRequestSchema = z.object({
  ...version,
  kind: z.literal('finish'),
  /** The experiment to be scored on the held-out split; null stands by the base model. */
  experimentId: z.string().nullable(),
  reason: z.string().default(''),
});
export type FinishRequest = z.input<typeof FinishRequestSchema>;

export const SessionClosedSchema = z.object({
  ...version,
  kind: z.literal('closed'),
  sessionId: z.string(),
  chosenExperimentId: z.string().nullable(),
  reason: z.string(),
  experiments: z.array(z.object({ experimentId: z.string(), state: ExperimentStatusMessageSchema.shape.state, primaryMetric: z.number().nullable() })),
  budget: BudgetStatusSchema,
});
export type SessionClosed = z.infer<typeof SessionClosedSchema>;

/**
 * One attempt at one task. Acts are refused with an FtdojoError (code BUDGET_EXHAUSTED,
 * SESSION_CLOSED, UNKNOWN_EXPERIMENT, INVALID_INPUT) that says how to go on; outcomes of
 * experiments (a failed script, a run out of memory) are data in their status and feedback.
 */
export interface DojoSession {
  readonly sessionId: string;
  info(): Promise<SessionInfo>;
  taskCard(): Promise<TaskCardMessage>;
  /** The pool's facts and, unless `sources: false`, each source's dataset card (slower: it tokenizes). */
  datasetCard(options?: { sources?: boolean }): Promise<DatasetCardMessage>;
  readPool(request: PoolReadRequest): Promise<PoolRowsMessage>;
  hardware(): Promise<HardwareStatus>;
  budget(): Promise<BudgetStatus>;
  /** What a training of `rows` rows for `epochs` epochs would cost now. */
  project(request: { rows: number; epochs?: number }): Promise<RunProjection>;
  validate(request: ValidateRequest): Promise<ValidationMessage>;
  /** Starts an experiment and answers at once; one runs at a time. */
  startExperiment(request: ExperimentRequest): Promise<ExperimentStatusMessage>;
  status(experimentId: string): Promise<ExperimentStatusMessage>;
  /** Waits until the experiment ends or `timeoutSeconds` pass; `onStatus` hears every change (in process). */
  awaitExperiment(
    experimentId: string,
    options?: { timeoutSeconds?: number; onStatus?: (status: ExperimentStatusMessage) => void },
  ): Promise<ExperimentStatusMessage>;
  feedback(experimentId: string): Promise<FeedbackMessage>;
  cancel(experimentId: string): Promise<ExperimentStatusMessage>;
  /** Chooses the experiment to be scored (or none); the session accepts no act after it. */
  finish(request: FinishRequest): Promise<SessionClosed>;
}

/**
 * A session that passes every act on to `inner` except those in `overrides`: how a harness, a
 * door or an agent watches a session (counts, refusals, the finish) without restating the seam.
 */
export function forwardingSession(inner: DojoSession, overrides: Partial<Omit<DojoSession, 'sessionId'>> = {}): DojoSession {
  return {
    sessionId: inner.sessionId,
    info: () => inner.info(),
    taskCard: () => inner.taskCard(),
    datasetCard: (options) => inner.datasetCard(options),
    readPool: (request) => inner.readPool(request),
    hardware: () => inner.hardware(),
    budget: () => inner.budget(),
    project: (request) => inner.project(request),
    validate: (request) => inner.validate(request),
    startExperiment: (request) => inner.startExperiment(request),
    status: (experimentId) => inner.status(experimentId),
    awaitExperiment: (experimentId, options) => inner.awaitExperiment(experimentId, options),
    feedback: (experimentId) => inner.feedback(experimentId),
    cancel: (experimentId) => inner.cancel(experimentId),
    finish: (request) => inner.finish(request),
    ...overrides,
  };
}
