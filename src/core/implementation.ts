import { z } from 'zod';
import { VALIDATION_TIERS } from './validation-report.js';

export const IMPLEMENTATION_VERSION = 1;

/** One diagnostic that sent a draft back, as the coder was told it (code, tier, the message's first line). */
export const ImplementationFindingSchema = z.object({
  tier: z.enum(VALIDATION_TIERS),
  code: z.string(),
  message: z.string(),
});
export type ImplementationFinding = z.infer<typeof ImplementationFindingSchema>;

/**
 * One draft of the submission's code and what the dojo's tiers said of it. Round 1 is the first
 * draft; each later round is a repair asked for with the findings of the round before.
 */
export const ImplementationRoundSchema = z.object({
  round: z.number().int().positive(),
  /** The files the model wrote or changed in this round. */
  files: z.array(z.string()),
  /** Unified diff from the round before (the whole file as added lines in round 1). */
  diff: z.string(),
  /**
   * passed: every tier it ran passed; failed: a tier reported an error; no-code: the reply held no
   * usable file; unchecked: run without validation (the fail-fast ablation).
   */
  outcome: z.enum(['passed', 'failed', 'no-code', 'unchecked']),
  /** The tier that stopped the draft, or null. */
  failedTier: z.enum(VALIDATION_TIERS).nullable(),
  findings: z.array(ImplementationFindingSchema),
  /** Seconds: the model's reply and the validation together. */
  seconds: z.number().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
});
export type ImplementationRound = z.infer<typeof ImplementationRoundSchema>;

/**
 * How an experiment's code came to be (<experiment>/implementation.json): the reviewed template
 * filled from the typed strategy, or code a model wrote and repaired against the dojo's
 * diagnostics, or the template after the model's code still failed (`fellBack` says why).
 */
export const ImplementationRecordSchema = z.object({
  schemaVersion: z.literal(IMPLEMENTATION_VERSION),
  kind: z.literal('implementation'),
  experimentId: z.string(),
  implementer: z.enum(['template', 'llm']),
  /** The chat model that wrote the code, or null for the template. */
  model: z.string().nullable(),
  outcome: z.enum(['template', 'written', 'repaired', 'fell-back']),
  rounds: z.array(ImplementationRoundSchema),
  fellBack: z.string().nullable(),
  seconds: z.number().nonnegative(),
});
export type ImplementationRecord = z.infer<typeof ImplementationRecordSchema>;
