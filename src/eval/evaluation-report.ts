import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { MetricResult, SampleOutcome, ScoreReport } from '../core/index.js';
import { FtdojoError, JsonValueSchema } from '../core/index.js';
import { EvaluationFingerprintSchema } from './evaluation-fingerprint.js';

export const EVALUATION_REPORT_VERSION = 1;

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
export const EvaluationReportFileSchema = z.object({
  schemaVersion: z.literal(EVALUATION_REPORT_VERSION),
  kind: z.literal('ftdojo-evaluation'),
  createdAt: z.string(),
  backend: z.string(),
  report: ScoreReportSchema,
  fingerprint: EvaluationFingerprintSchema,
  stats: EvaluationStatsSchema,
  categories: z.record(z.string(), z.number()),
  /** File names, relative to the report's folder. */
  files: z.object({ records: z.string(), generations: z.string().nullable() }),
});
export type EvaluationReportFile = z.infer<typeof EvaluationReportFileSchema>;

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
      `${path} is not an evaluation report of schema version ${EVALUATION_REPORT_VERSION}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      {
        hint: 'pass the report.json an `ftdojo eval` run wrote',
      },
    );
  }
  return parsed.data;
}
