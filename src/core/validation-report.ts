import { z } from 'zod';

export const VALIDATION_REPORT_VERSION = 1;

/** The three fail-fast tiers, cheapest first: each runs only when the ones before it passed. */
export const VALIDATION_TIERS = ['static', 'data', 'runtime'] as const;
export type ValidationTier = (typeof VALIDATION_TIERS)[number];

/**
 * One finding of a tier. `error` stops the submission before any full run; `warning` is reported
 * and lets it go on. `evidence` holds the few lines that show it (a traceback's last lines, row
 * numbers, measured numbers); `hint` says how to fix it.
 */
export const DiagnosticSchema = z.object({
  tier: z.enum(VALIDATION_TIERS),
  code: z.string().min(1),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  evidence: z.array(z.string()).default([]),
  hint: z.string(),
  /** What it is about: a config key, `script`, `data`, `training`. */
  subject: z.string().optional(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

export const TierResultSchema = z.object({
  tier: z.enum(VALIDATION_TIERS),
  /** skipped: an earlier tier failed, or the caller stopped before it. */
  status: z.enum(['passed', 'failed', 'skipped']),
  seconds: z.number().nonnegative(),
  diagnostics: z.array(DiagnosticSchema),
  /** Measured facts the tier produced (row counts, tokens/s, projected seconds...). */
  facts: z.record(z.string(), z.unknown()).default({}),
});
export type TierResult = z.infer<typeof TierResultSchema>;

export const ValidationReportSchema = z.object({
  schemaVersion: z.literal(VALIDATION_REPORT_VERSION),
  kind: z.literal('ftdojo-validation'),
  task: z.string(),
  profile: z.enum(['mini', 'paper']),
  workspace: z.string(),
  createdAt: z.string(),
  /** True when no tier reported an error: the submission may start its full run. */
  passed: z.boolean(),
  /** The tier that stopped it, or null. */
  failedTier: z.enum(VALIDATION_TIERS).nullable(),
  seconds: z.number().nonnegative(),
  tiers: z.array(TierResultSchema),
});
export type ValidationReport = z.infer<typeof ValidationReportSchema>;
