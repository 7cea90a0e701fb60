import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { MetricResult, SampleOutcome, ScoreReport } from '../core/index.js';
import { DEFAULT_SCORING_MODE, FtdojoError, JsonValueSchema, ScoringModeSchema } from '../core/index.js';
import { DecodingModeSchema } from './decoding-mode.js';
import { EvaluationFingerprintSchema, upgradeEvaluationFingerprint } from './evaluation-fingerprint.js';

/** 2: the scoring mode, in the score report and the fingerprint; a version-1 file reads as version 2 scored `corrected`. */
export const EVALUATION_REPORT_VERSION = 2;

const IntervalSchema = z.object({ low: z.number(), high: z.number(), level: z.number(), resamples: z.number() });

const MetricResultSchema: z.ZodType<MetricResult> = z.object({
  metric: z.string(),
  scorer: z.string(),
  direction: z.enum(['higher', 'lower']),
  primary: z.boolean(),
  value: z.number().nullable(),
  count: z.number(),
  formatErrors: z.number(),
  unsupported: z.string().optional(),
  interval: IntervalSchema.optional(),
  bySubtask: z.record(z.string(), z.object({ value: z.number().nullable(), count: z.number(), formatErrors: z.number() })),
});

const SampleOutcomeSchema: z.ZodType<SampleOutcome> = z.object({
  id: z.string(),
  subtask: z.string().optional(),
  value: z.number(),
  formatError: z.boolean(),
  extracted: JsonValueSchema.optional(),
  detail: z.string().optional(),
  facts: z.record(z.string(), JsonValueSchema).optional(),
});

export const ScoreReportSchema: z.ZodType<ScoreReport> = z.object({
  schemaVersion: z.literal(1),
  task: z.string(),
  profile: z.string(),
  split: z.string(),
  /** A report written before scoring modes existed was scored as `corrected` scores now. */
  scoring: ScoringModeSchema.default(DEFAULT_SCORING_MODE),
  samples: z.number(),
  predictions: z.number(),
  missing: z.number(),
  unknownIds: z.array(z.string()),
  primary: MetricResultSchema,
  metrics: z.array(MetricResultSchema),
  outcomes: z.record(z.string(), z.array(SampleOutcomeSchema)),
});

export const EvaluationStatsSchema = z.object({
  /** Generation time, model loading excluded. */
  seconds: z.number(),
  loadSeconds: z.number().nullable(),
  samples: z.number(),
  /** Samples an interrupted earlier run had finished (generated then, not now). */
  resumed: z.number(),
  generatedTokens: z.number(),
  samplesPerSecond: z.number(),
  tokensPerSecond: z.number(),
});
export type EvaluationStats = z.infer<typeof EvaluationStatsSchema>;

/** report.json: the score report, the fingerprint that makes it comparable, and how it was made. */
const EvaluationReportFileV2Schema = z.object({
  schemaVersion: z.literal(EVALUATION_REPORT_VERSION),
  kind: z.literal('ftdojo-evaluation'),
  createdAt: z.string(),
  backend: z.string(),
  report: ScoreReportSchema,
  fingerprint: EvaluationFingerprintSchema,
  stats: EvaluationStatsSchema,
  categories: z.record(z.string(), z.number()),
  /**
   * How the decoding was chosen (what it was is in the fingerprint): the mode asked for (null: the
   * default) and why this one, e.g. that an endpoint cannot constrain. Absent before it was recorded.
   */
  decoding: z.object({ requested: DecodingModeSchema.nullable(), reason: z.string() }).optional(),
  /** File names, relative to the report's folder. */
  files: z.object({ records: z.string(), generations: z.string().nullable() }),
});

/**
 * Earlier versions brought up to the current one: a version-1 file had no scoring mode anywhere;
 * its scorers behaved as `corrected` does now, so its report and fingerprint read as `corrected`.
 */
export function upgradeEvaluationReportFile(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || (value as { schemaVersion?: unknown }).schemaVersion !== 1) return value;
  const file = value as { report?: unknown; fingerprint?: unknown };
  const report = file.report !== null && typeof file.report === 'object' ? { scoring: DEFAULT_SCORING_MODE, ...file.report } : file.report;
  return { ...value, schemaVersion: EVALUATION_REPORT_VERSION, report, fingerprint: upgradeEvaluationFingerprint(file.fingerprint) };
}

/** A report.json of any version, read as the current one. */
export const EvaluationReportFileSchema = z.preprocess(upgradeEvaluationReportFile, EvaluationReportFileV2Schema);
export type EvaluationReportFile = z.infer<typeof EvaluationReportFileV2Schema>;

export async function readEvaluationReport(path: string): Promise<EvaluationReportFile> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new FtdojoError('INVALID_INPUT', `cannot read the evaluation report ${path}`, { hint: 'pass the report.json an `ftdojo eval` run wrote', cause });
  }
  const parsed = EvaluationReportFileSchema.safeParse(value);
  if (!parsed.success) {
    throw new FtdojoError(
      'INVALID_INPUT',
      `${path} is not an evaluation report (schema version 1 to ${EVALUATION_REPORT_VERSION}): ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      {
        hint: 'pass the report.json an `ftdojo eval` run wrote',
      },
    );
  }
  return parsed.data;
}
