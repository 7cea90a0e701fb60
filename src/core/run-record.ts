import { z } from 'zod';
import { FtdojoError } from './errors.js';
import { ExitStateSchema, IntervalSchema, VerdictSchema } from './feedback.js';
import { JsonValueSchema } from './sample.js';
import { ProfileNameSchema } from './task-spec.js';

/**
 * The record of an FT-Agent run: an append-only list of events, one JSON object a line in
 * `<home>/runs/<run-id>/events.jsonl` (src/store). The log is the truth; everything else (the
 * run's state, the SQLite index, the dashboard) is replayed from it.
 *
 * Versioning (STYLE.md §9): every event carries `schemaVersion`. Every version this build reads
 * has its schema in `RUN_EVENT_LADDER`, with the step that lifts it to the next one; a v2 adds
 * its schema as the current one, keeps v1's here and adds the v1 → v2 step.
 *
 * v2 (the dojo session seam): run-started records `taskFile`, the task file a task of one's own
 * came from (null for a catalogue task), so `ftdojo resume` finds the task again. v1 logs are
 * lifted with `taskFile: null`; every other event keeps its fields.
 */
export const RUN_EVENT_VERSION = 2;

/** The fields every event has: which run, where in the log (1, 2, 3, ... without gaps), when. */
const base = {
  schemaVersion: z.literal(1),
  runId: z.string().min(1),
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
};

const experimentId = () => z.string().min(1);
const seconds = () => z.number().nonnegative();
const limit = () => z.number().positive().nullable();
const countLimit = () => z.number().int().positive().nullable();

/** What the run may spend; null: no limit. */
export const RunBudgetSchema = z.object({
  wallSeconds: limit(),
  trainingSeconds: limit(),
  llmTokens: countLimit(),
  experiments: countLimit(),
});
export type RunBudget = z.infer<typeof RunBudgetSchema>;

/** Which agent ran, with which planner and settings (enough to run it again the same way). */
export const RunAgentSchema = z.object({
  name: z.string().min(1),
  planner: z.string().min(1),
  settings: z.record(z.string(), JsonValueSchema),
});
export type RunAgent = z.infer<typeof RunAgentSchema>;

/** The steps of one iteration, in order. */
export const RunStageSchema = z.enum(['propose', 'implement', 'validate', 'train', 'evaluate', 'decide', 'record']);
export type RunStage = z.infer<typeof RunStageSchema>;

export const StageOutcomeSchema = z.enum(['succeeded', 'failed', 'skipped', 'timeout', 'interrupted']);
export type StageOutcome = z.infer<typeof StageOutcomeSchema>;

export const RunEndStateSchema = z.enum(['completed', 'stopped', 'failed']);
export type RunEndState = z.infer<typeof RunEndStateSchema>;

/** A path inside the run folder, written with forward slashes. */
const runRelativePath = () =>
  z
    .string()
    .min(1)
    .refine(
      (path) => !path.startsWith('/') && !/^[a-zA-Z]:/.test(path) && !path.includes('\\') && !path.split('/').includes('..'),
      'a relative path inside the run folder, e.g. "experiments/exp-001/feedback.json"',
    );

const RunStartedV1Schema = z.object({
  ...base,
  type: z.literal('run-started'),
  task: z.string().min(1),
  profile: ProfileNameSchema,
  budget: RunBudgetSchema,
  agent: RunAgentSchema,
  seed: z.number().int().nonnegative(),
  ftdojoVersion: z.string().min(1),
});

/** The run goes on after a stop or a crash (`ftdojo resume`), possibly with another ftdojo. */
const RunResumedV1Schema = z.object({ ...base, type: z.literal('run-resumed'), ftdojoVersion: z.string().min(1) });

const IterationStartedV1Schema = z.object({
  ...base,
  type: z.literal('iteration-started'),
  iteration: z.number().int().positive(),
  /** The experiment this iteration builds on; null for one that starts from the base model. */
  parentExperimentId: experimentId().nullable(),
});

/** The hypothesis stays an opaque JSON object in v1; the typed schema lives in hypothesis.ts. */
const HypothesisProposedV1Schema = z.object({
  ...base,
  type: z.literal('hypothesis-proposed'),
  hypothesis: z.record(z.string(), JsonValueSchema),
  summary: z
    .string()
    .min(1)
    .regex(/^[^\r\n]*$/, 'a summary is one line'),
});

/** Stage events belong to the iteration started last. `experimentId` is null before it exists (propose). */
const StageStartedV1Schema = z.object({ ...base, type: z.literal('stage-started'), experimentId: experimentId().nullable(), stage: RunStageSchema });

const StageFinishedV1Schema = z.object({
  ...base,
  type: z.literal('stage-finished'),
  experimentId: experimentId().nullable(),
  stage: RunStageSchema,
  outcome: StageOutcomeSchema,
  seconds: seconds(),
});

const ExperimentFinishedV1Schema = z.object({
  ...base,
  type: z.literal('experiment-finished'),
  experimentId: experimentId(),
  state: ExitStateSchema,
  /** The experiment's feedback.json, relative to the run folder. */
  feedbackPath: runRelativePath(),
  /** The primary metric on the validation split; null when there is none. */
  primaryMetric: z.number().nullable(),
  /** Against the best so far (feedback.comparison.verdict); null when nothing was compared. */
  verdict: VerdictSchema.nullable(),
});

const DecisionV1Schema = z.object({
  ...base,
  type: z.literal('decision'),
  experimentId: experimentId(),
  accepted: z.boolean(),
  /** The best experiment after this decision; null while there is none. */
  bestExperimentId: experimentId().nullable(),
  reason: z.string(),
});

/** Ends an iteration: the one resume must redo is the one started and not finished. */
const IterationFinishedV1Schema = z.object({ ...base, type: z.literal('iteration-finished'), iteration: z.number().int().positive() });

/** The held-out score, measured once (by the bench) for the experiment the run chose. */
const TestScoredV1Schema = z.object({
  ...base,
  type: z.literal('test-scored'),
  experimentId: experimentId(),
  metric: z.string().min(1),
  value: z.number().nullable(),
  interval: IntervalSchema.nullable(),
});

const RunFinishedV1Schema = z.object({
  ...base,
  type: z.literal('run-finished'),
  state: RunEndStateSchema,
  reason: z.string(),
  bestExperimentId: experimentId().nullable(),
});

const NoteV1Schema = z.object({ ...base, type: z.literal('note'), text: z.string() });

export const RunEventV1Schema = z.discriminatedUnion('type', [
  RunStartedV1Schema,
  RunResumedV1Schema,
  IterationStartedV1Schema,
  HypothesisProposedV1Schema,
  StageStartedV1Schema,
  StageFinishedV1Schema,
  ExperimentFinishedV1Schema,
  DecisionV1Schema,
  IterationFinishedV1Schema,
  TestScoredV1Schema,
  RunFinishedV1Schema,
  NoteV1Schema,
]);

const v2 = <T extends z.ZodRawShape>(schema: z.ZodObject<T>) => schema.extend({ schemaVersion: z.literal(2) });

export const RunEventV2Schema = z.discriminatedUnion('type', [
  v2(RunStartedV1Schema).extend({ taskFile: z.string().min(1).nullable() }),
  v2(RunResumedV1Schema),
  v2(IterationStartedV1Schema),
  v2(HypothesisProposedV1Schema),
  v2(StageStartedV1Schema),
  v2(StageFinishedV1Schema),
  v2(ExperimentFinishedV1Schema),
  v2(DecisionV1Schema),
  v2(IterationFinishedV1Schema),
  v2(TestScoredV1Schema),
  v2(RunFinishedV1Schema),
  v2(NoteV1Schema),
]);

/** The current version: what ftdojo writes. */
export const RunEventSchema = RunEventV2Schema;
export type RunEvent = z.infer<typeof RunEventSchema>;
export type RunEventType = RunEvent['type'];
export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as a writer hands it over: the log fills in version, run id, sequence number and time. */
export type RunEventDraft = DistributiveOmit<RunEvent, 'schemaVersion' | 'runId' | 'seq' | 'at'>;
/** What run-started records, as `createRun` takes it. */
export type RunMeta = Omit<RunEventOf<'run-started'>, 'schemaVersion' | 'runId' | 'seq' | 'at' | 'type'>;

/**
 * Every version a build reads: its schema, and the step that lifts a parsed document of version v
 * to version v + 1. Each step's output is checked against the next version's schema.
 */
export interface VersionLadder {
  /** What the documents are, for messages: "run event". */
  what: string;
  current: number;
  schemas: Readonly<Record<number, z.ZodType>>;
  steps: Readonly<Record<number, (document: never) => unknown>>;
}

export const RUN_EVENT_LADDER: VersionLadder = {
  what: 'run event',
  current: RUN_EVENT_VERSION,
  schemas: { 1: RunEventV1Schema, 2: RunEventV2Schema },
  steps: {
    1: (event: z.infer<typeof RunEventV1Schema>) => ({ ...event, schemaVersion: 2, ...(event.type === 'run-started' ? { taskFile: null } : {}) }),
  },
};

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
}

/** Reads a document of any version on the ladder and lifts it, one step at a time, to the current one. */
export function climbVersions(json: unknown, ladder: VersionLadder): unknown {
  const version = typeof json === 'object' && json !== null ? (json as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version === 'number' && version > ladder.current) {
    throw new FtdojoError('INVALID_INPUT', `${ladder.what} schema version ${version} is newer than this ftdojo reads (up to ${ladder.current})`, {
      hint: `upgrade ftdojo to read this ${ladder.what}`,
    });
  }
  const schema = typeof version === 'number' ? ladder.schemas[version] : undefined;
  if (schema === undefined || typeof version !== 'number') {
    const known = Object.keys(ladder.schemas).join(', ');
    throw new FtdojoError('INVALID_INPUT', `not a ${ladder.what}: schemaVersion: expected one of ${known}, got ${JSON.stringify(version) ?? 'nothing'}`, {
      hint: `pass a JSON object with a schemaVersion this ftdojo reads (${known})`,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new FtdojoError('INVALID_INPUT', `not a ${ladder.what}: ${firstIssue(parsed.error)}`, {
      hint: `pass a ${ladder.what} of schema version ${version} as ftdojo wrote it`,
    });
  }
  let document: unknown = parsed.data;
  for (let from = version; from < ladder.current; from += 1) {
    const step = ladder.steps[from] as ((document: unknown) => unknown) | undefined;
    const next = ladder.schemas[from + 1];
    if (step === undefined || next === undefined) throw new FtdojoError('INTERNAL', `no upgrade from ${ladder.what} schema version ${from} to ${from + 1}`);
    const lifted = next.safeParse(step(document));
    if (!lifted.success)
      throw new FtdojoError(
        'INTERNAL',
        `the upgrade of a ${ladder.what} from schema version ${from} to ${from + 1} made an invalid one: ${firstIssue(lifted.error)}`,
      );
    document = lifted.data;
  }
  return document;
}

/** Reads a run event of any known version, upgraded to the current one. */
export function parseRunEvent(json: unknown): RunEvent {
  return climbVersions(json, RUN_EVENT_LADDER) as RunEvent;
}
