import { z } from 'zod';
import { FtdojoError } from './errors.js';
import { DirectionSchema } from './task-spec.js';

/**
 * The structured feedback protocol: one versioned JSON document per experiment, built by code
 * from measured facts (src/dojo/feedback) and read by the agent, the dashboard and the bench.
 * Validation results only: nothing from the held-out test split ever enters it. Leakage is
 * reported as counts, never as the items.
 *
 * Versioning (STYLE.md §9): every version this build can read is a member of
 * `FeedbackAnyVersionSchema`, and `upgradeFeedback` lifts an old document to the current one.
 * A v2 adds its schema as the current one, keeps v1's here, and adds the v1 → v2 step.
 */
export const FEEDBACK_VERSION = 1;
export const FEEDBACK_KIND = 'ftdojo-feedback';
export const FEEDBACK_SCHEMA_ID = 'urn:ftdojo:schema:feedback:v1';

const count = () => z.number().int().nonnegative();
const seconds = () => z.number().nonnegative();

/** How far an experiment got: the last stage it started. 'done' means every stage finished. */
export const ExperimentStageSchema = z.enum(['script', 'validate-static', 'validate-data', 'validate-runtime', 'train', 'evaluate', 'done']);
export type ExperimentStage = z.infer<typeof ExperimentStageSchema>;

export const ExitStateSchema = z.enum(['succeeded', 'failed', 'timeout', 'interrupted']);
export type ExitState = z.infer<typeof ExitStateSchema>;

/**
 * Whose move it is after a failure. The training categories (CONFIG, DATA, OOM, ENV, TIMEOUT)
 * plus the stages around training: the data script (SCRIPT), the sandbox (SANDBOX), a loss that
 * exploded in the runtime check (DIVERGED), evaluation (EVAL), an exhausted budget (BUDGET).
 */
export const ExecutionErrorCategorySchema = z.enum(['CONFIG', 'DATA', 'OOM', 'ENV', 'TIMEOUT', 'SANDBOX', 'SCRIPT', 'DIVERGED', 'EVAL', 'BUDGET', 'UNKNOWN']);
export type ExecutionErrorCategory = z.infer<typeof ExecutionErrorCategorySchema>;

export const ExecutionErrorSchema = z.object({
  category: ExecutionErrorCategorySchema,
  /** The few log lines that show why it failed. */
  rootCause: z.array(z.string()),
  /** What to change, in one or two sentences. */
  hint: z.string(),
});
export type ExecutionError = z.infer<typeof ExecutionErrorSchema>;

export const ExecutionFeedbackSchema = z.object({
  stage: ExperimentStageSchema,
  state: ExitStateSchema,
  exitCode: z.number().int().nullable(),
  error: ExecutionErrorSchema.nullable(),
});
export type ExecutionFeedback = z.infer<typeof ExecutionFeedbackSchema>;

export const TokenLengthStatsSchema = z.object({
  count: count(),
  min: z.number(),
  mean: z.number(),
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  max: z.number(),
});

/** One training row as the agent wrote it, each field cut to an excerpt. */
export const TrainingRowExcerptSchema = z.object({ instruction: z.string(), input: z.string(), output: z.string() });

export const DataFeedbackSchema = z.object({
  rows: z.object({
    /** Rows the data script read from the raw-data pool. */
    input: count(),
    /** Rows it wrote. */
    output: count(),
    /** Rows used for training (after the sample cap). */
    selected: count(),
    sampleCap: count(),
  }),
  /** Tokens per row (instruction + input + output), counted by `tokenizer`. */
  tokens: TokenLengthStatsSchema.nullable(),
  tokenizer: z.string(),
  cutoffLength: z.number().int().positive().nullable(),
  /** Rows longer than the cutoff: training sees them truncated. */
  overCutoff: count(),
  duplicates: count(),
  emptyRows: count(),
  formatViolations: z.object({ count: count(), examples: z.array(z.object({ row: count(), problem: z.string() })) }),
  samples: z.array(TrainingRowExcerptSchema),
  /** Held-out items that a training row matches, per split: counts only, never the items. */
  leakage: z.object({ validation: count(), test: count() }),
});
export type DataFeedback = z.infer<typeof DataFeedbackSchema>;

export const LossSummarySchema = z.object({
  start: z.number(),
  end: z.number(),
  min: z.number(),
  minStep: count(),
  /** The last logged step. */
  steps: count(),
  /** Logged losses that were NaN or infinite (left out of everything else). */
  nonFinite: count(),
  /** The loss stopped moving over the last part of the curve. */
  plateau: z.boolean(),
  /** The curve, downsampled (first, last and lowest points always kept). */
  points: z.array(z.object({ step: count(), loss: z.number() })),
});
export type LossSummary = z.infer<typeof LossSummarySchema>;

export const DivergenceSchema = z.object({
  diverged: z.boolean(),
  kind: z.enum(['non-finite', 'rising']).nullable(),
  evidence: z.string(),
});
export type Divergence = z.infer<typeof DivergenceSchema>;

/** A heuristic reading of the curve: flagged, and the measured evidence either way. */
export const FittingSignalSchema = z.object({ flagged: z.boolean(), evidence: z.array(z.string()) });
export type FittingSignal = z.infer<typeof FittingSignalSchema>;

export const TrainingFeedbackSchema = z.object({
  state: ExitStateSchema,
  loss: LossSummarySchema.nullable(),
  divergence: DivergenceSchema,
  underfitting: FittingSignalSchema,
  overfitting: FittingSignalSchema,
  epochs: z.number().nonnegative().nullable(),
  throughput: z.object({ samplesPerSecond: z.number().nullable(), stepsPerSecond: z.number().nullable(), tokensPerSecond: z.number().nullable() }),
  /** Process start to exit, model loading included. */
  seconds: seconds(),
  /** The training loop alone (the trainer's train_runtime), when it reported one. */
  trainSeconds: seconds().nullable(),
  /**
   * What the run computed in (bf16 or fp16 autocast, else fp32); on a CPU the CPU precision check
   * chooses it unless train.yaml does. Added within v1: documents written before leave it out.
   */
  precision: z.enum(['fp32', 'bf16', 'fp16']).optional(),
});
export type TrainingFeedback = z.infer<typeof TrainingFeedbackSchema>;

/**
 * Tokens an experiment trained on (the trainer's num_input_tokens_seen, padding excluded), from
 * the two figures v1 records: tokensPerSecond is that count over trainSeconds, kept to six
 * significant digits, so the product gives it back to within a few parts in a million. A field of
 * its own would change the published v1 JSON Schema, which refuses fields it does not list.
 * Null when the trainer reported no count or no runtime.
 */
export function trainedTokensOf(training: TrainingFeedback | null): number | null {
  const tokensPerSecond = training?.throughput.tokensPerSecond ?? null;
  const seconds = training?.trainSeconds ?? null;
  return tokensPerSecond === null || seconds === null ? null : Math.round(tokensPerSecond * seconds);
}

export const IntervalSchema = z.object({ low: z.number(), high: z.number(), level: z.number(), resamples: count() });

export const SampleErrorLabelSchema = z.enum(['wrong-answer', 'format-error', 'truncated', 'empty']);
export type SampleErrorLabel = z.infer<typeof SampleErrorLabelSchema>;

/** One validation item the model missed. Excerpts: long texts are cut in the middle. */
export const ErrorSampleSchema = z.object({
  id: z.string(),
  subtask: z.string().nullable(),
  label: SampleErrorLabelSchema,
  prompt: z.string(),
  output: z.string(),
  extracted: z.string().nullable(),
  expected: z.string().nullable(),
  finishReason: z.enum(['stop', 'length', 'error']),
});
export type ErrorSample = z.infer<typeof ErrorSampleSchema>;

export const MetricValueSchema = z.object({
  metric: z.string(),
  value: z.number().nullable(),
  direction: DirectionSchema,
  /** Why it could not be computed here, when it could not. */
  unsupported: z.string().nullable(),
});

export const EvaluationFeedbackSchema = z.object({
  split: z.literal('validation'),
  samples: count(),
  primary: MetricValueSchema.extend({ interval: IntervalSchema.nullable() }),
  metrics: z.array(MetricValueSchema),
  /** The primary metric per subtask. */
  bySubtask: z.array(z.object({ subtask: z.string(), value: z.number().nullable(), count: count(), formatErrors: count() })),
  formatErrorRate: z.number().min(0).max(1),
  outcomes: z.object({ correct: count(), 'wrong-answer': count(), 'format-error': count(), truncated: count(), empty: count(), undecided: count() }),
  errorSamples: z.array(ErrorSampleSchema).max(10),
  /** The evaluation fingerprint's digest: equal digests evaluated the same thing the same way. */
  fingerprint: z.string(),
});
export type EvaluationFeedback = z.infer<typeof EvaluationFeedbackSchema>;

export const VerdictSchema = z.enum(['improved', 'no-better', 'worse', 'inconclusive']);
export type Verdict = z.infer<typeof VerdictSchema>;

/** The candidate against one reference (the best so far, or the base model) on the same items. */
export const ReferenceComparisonSchema = z.object({
  /** The reference experiment; null for the base model. */
  experimentId: z.string().nullable(),
  value: z.number().nullable(),
  /** candidate − reference, as measured. */
  difference: z.number().nullable(),
  /** The difference turned so that positive is better (negated for lower-is-better metrics). */
  improvement: z.number().nullable(),
  /** Paired-bootstrap interval of `improvement`. */
  interval: IntervalSchema.nullable(),
  pairedItems: count(),
  verdict: VerdictSchema,
  reason: z.string(),
});
export type ReferenceComparison = z.infer<typeof ReferenceComparisonSchema>;

export const ComparisonFeedbackSchema = z.object({
  metric: z.string(),
  direction: DirectionSchema,
  candidate: z.number().nullable(),
  rule: z.object({ name: z.string(), description: z.string() }),
  best: ReferenceComparisonSchema.nullable(),
  base: ReferenceComparisonSchema.nullable(),
  /** Against the best so far when there is one, else against the base model. */
  verdict: VerdictSchema,
  reason: z.string(),
});
export type ComparisonFeedback = z.infer<typeof ComparisonFeedbackSchema>;

/** Spent, limit (null: none) and what is left of one resource. */
export const BudgetLineSchema = z.object({
  spent: z.number().nonnegative(),
  limit: z.number().nonnegative().nullable(),
  left: z.number().nonnegative().nullable(),
});
export type BudgetLine = z.infer<typeof BudgetLineSchema>;

export const BudgetFeedbackSchema = z.object({
  wallSeconds: BudgetLineSchema,
  trainingSeconds: BudgetLineSchema,
  /** Tokens through the LLM gateway (planner, coder, data synthesis). */
  llmTokens: BudgetLineSchema,
  experiments: BudgetLineSchema,
});
export type BudgetFeedback = z.infer<typeof BudgetFeedbackSchema>;

const FeedbackV1Schema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal(FEEDBACK_KIND),
  experimentId: z.string().min(1),
  taskId: z.string().min(1),
  profile: z.string().min(1),
  createdAt: z.iso.datetime(),
  execution: ExecutionFeedbackSchema,
  /** Null when the data script did not produce data. */
  data: DataFeedbackSchema.nullable(),
  /** Null when training did not start. */
  training: TrainingFeedbackSchema.nullable(),
  /** Null when there is no validation result. */
  evaluation: EvaluationFeedbackSchema.nullable(),
  /** Null when there is nothing to compare (no validation result). */
  comparison: ComparisonFeedbackSchema.nullable(),
  budget: BudgetFeedbackSchema,
});

/** The current version: what ftdojo writes. */
export const FeedbackSchema = FeedbackV1Schema;
export type Feedback = z.infer<typeof FeedbackSchema>;

/** Every version this build reads, told apart by `schemaVersion`. */
export const FeedbackAnyVersionSchema = z.discriminatedUnion('schemaVersion', [FeedbackV1Schema]);
export type FeedbackAnyVersion = z.infer<typeof FeedbackAnyVersionSchema>;

/** Lifts a document of any readable version to the current one, one version step at a time. */
export function upgradeFeedback(document: FeedbackAnyVersion): Feedback {
  switch (document.schemaVersion) {
    case 1:
      return document;
  }
}

/** Reads a feedback document of any known version, upgraded to the current one. */
export function parseFeedback(json: unknown): Feedback {
  const version = typeof json === 'object' && json !== null ? (json as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version === 'number' && version > FEEDBACK_VERSION) {
    throw new FtdojoError('INVALID_INPUT', `feedback schema version ${version} is newer than this ftdojo reads (up to ${FEEDBACK_VERSION})`, {
      hint: 'upgrade ftdojo to read this document',
    });
  }
  const parsed = FeedbackAnyVersionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FtdojoError('INVALID_INPUT', `not a feedback document: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, {
      hint: `pass a JSON document with kind "${FEEDBACK_KIND}" and a schemaVersion from 1 to ${FEEDBACK_VERSION}`,
    });
  }
  return upgradeFeedback(parsed.data);
}

/** The current version as JSON Schema (draft 2020-12), for tools outside TypeScript. */
export function feedbackJsonSchema(): Record<string, unknown> {
  const { $schema, ...body } = z.toJSONSchema(FeedbackSchema, { target: 'draft-2020-12' });
  return {
    $schema,
    $id: FEEDBACK_SCHEMA_ID,
    title: `ftdojo experiment feedback, schema version ${FEEDBACK_VERSION}`,
    description:
      'One experiment: execution, data, training, validation evaluation, comparison with the best so far and the base model, budget. Validation results only.',
    ...body,
  };
}
