import { z } from 'zod';

export const DATASET_CARD_VERSION = 1;

const LengthStatsSchema = z.object({
  count: z.number().int().nonnegative(),
  min: z.number().nonnegative(),
  mean: z.number().nonnegative(),
  p50: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  max: z.number().nonnegative(),
});

const CardFieldSchema = z.object({
  name: z.string(),
  /** The catalogue's meaning, or null for a field the catalogue does not describe. */
  meaning: z.string().nullable(),
  /** Rows where the field has a value (not missing, null, "" or []). */
  filled: z.number().int().nonnegative(),
});

const CardFileSchema = z.object({
  name: z.string(),
  format: z.enum(['json', 'jsonl', 'csv']),
  available: z.boolean(),
  /** Why the file could not be read here (not downloaded yet, only in the mirror and none set...). */
  unavailableReason: z.string().optional(),
  readFrom: z.object({ kind: z.enum(['mirror', 'hub-cache']), path: z.string() }).optional(),
  /** Where the bytes came from: "owner/repo@commit:path". */
  origin: z.string().optional(),
  bytes: z.number().int().nonnegative().optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  rows: z.number().int().nonnegative().optional(),
  fields: z.array(CardFieldSchema).optional(),
  tokens: z
    .object({
      /** prompt-answer: the catalogue names the fields; whole-row: all string fields of a row together. */
      layout: z.enum(['prompt-answer', 'whole-row']),
      prompt: LengthStatsSchema.optional(),
      answer: LengthStatsSchema.optional(),
      row: LengthStatsSchema.optional(),
    })
    .optional(),
});

/**
 * What the agent is told about one dataset source. Versioned because cards are written to disk
 * and read by later runs and the dashboard; a new field means a new version, old ones stay readable.
 */
export const DatasetCardSchema = z.object({
  schemaVersion: z.literal(DATASET_CARD_VERSION),
  id: z.string(),
  title: z.string(),
  domain: z.string(),
  description: z.string(),
  licence: z.string(),
  extension: z.boolean(),
  /** How the repository was set up when the card was made ('mixed' since cards could say so; see each file's readFrom). */
  mode: z.enum(['mirror', 'hub', 'mixed']),
  hub: z.object({ repo: z.string(), revision: z.string(), revisionNote: z.string().optional(), layoutNote: z.string().optional() }).nullable(),
  mirrorOrigin: z.object({ repo: z.string(), commit: z.string(), note: z.string().optional() }).nullable(),
  cot: z.object({ quality: z.enum(['none', 'low', 'medium', 'medium-high', 'high']), note: z.string() }),
  fields: z.record(z.string(), z.string()),
  tokenizer: z.object({ name: z.string(), approximate: z.boolean() }),
  files: z.array(CardFileSchema),
  totals: z.object({ files: z.number().int(), available: z.number().int(), rows: z.number().int() }),
});

export type DatasetCard = z.infer<typeof DatasetCardSchema>;
export type DatasetCardFile = z.infer<typeof CardFileSchema>;
