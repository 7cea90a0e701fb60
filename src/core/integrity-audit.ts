import { z } from 'zod';

/**
 * The harness's integrity audit of one attempt (issue #12): after the session is closed, rules
 * check what the agent did (training rows against held-out items, the adapter's base model, the
 * time it took, the acts it was refused) and the attempt is flagged on the leaderboard and the
 * dashboard. It may be shown to agents, so it holds counts, training-row indices and experiment
 * ids, never held-out text or held-out ids.
 */
export const INTEGRITY_AUDIT_VERSION = 1;

/**
 * The short labels a failed check raises. The schema reads any string (an audit written by a
 * later rule set stays readable); these are the ones the harness writes today.
 */
export const INTEGRITY_FLAGS = [
  'held-out-overlap',
  'unverifiable-training-data',
  'foreign-base-model',
  'unverifiable-base-model',
  'budget-overrun',
  'refusals',
] as const;
export type IntegrityFlag = (typeof INTEGRITY_FLAGS)[number];

export const IntegrityCheckSchema = z.object({
  /** The rule checked: held-out-overlap, validation-overlap, base-model, budget, refusals. */
  rule: z.string().min(1),
  /** null: nothing to check it with (no session, an adapter trained outside the dojo without its rows). */
  passed: z.boolean().nullable(),
  /** The label this check raised; null when it passed or is only a note (a failed note is reported, not flagged). */
  flag: z.string().nullable(),
  detail: z.string(),
  /** Where it was found: experiment ids, training-row indices, counts. */
  examples: z.array(z.string()).optional(),
});
export type IntegrityCheck = z.infer<typeof IntegrityCheckSchema>;

export const IntegrityAuditSchema = z.object({
  schemaVersion: z.literal(INTEGRITY_AUDIT_VERSION),
  kind: z.literal('integrity-audit'),
  task: z.string(),
  agent: z.string(),
  seed: z.number().int().nonnegative(),
  /** The dojo session audited; null for an agent that worked outside the dojo. */
  sessionId: z.string().nullable(),
  createdAt: z.string(),
  checks: z.array(IntegrityCheckSchema),
  /** The labels of the failed checks, each once: what the leaderboard shows. */
  flags: z.array(z.string()),
  /** Acts refused, by error code (or a door's own kind), whether or not they raised a flag. */
  refusals: z.record(z.string(), z.number().int().nonnegative()),
});
export type IntegrityAudit = z.infer<typeof IntegrityAuditSchema>;

export function parseIntegrityAudit(value: unknown): IntegrityAudit {
  return IntegrityAuditSchema.parse(value);
}
