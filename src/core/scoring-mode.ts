import { z } from 'zod';
import { FtdojoError } from './errors.js';

/**
 * How a metric is scored. `official` reproduces the evaluation code the FT-Dojo paper used,
 * quirks included, so numbers compare with the published ones; `corrected` is ours where we
 * deliberately differ (each difference is listed on the task card with an item that shows why).
 * A scorer with one behaviour scores the same in both modes.
 */
export const SCORING_MODES = ['official', 'corrected'] as const;
export const ScoringModeSchema = z.enum(SCORING_MODES);
export type ScoringMode = z.infer<typeof ScoringModeSchema>;

/**
 * The mode of anything written before modes existed (a fingerprint, a report, a leaderboard row
 * without one): those scorers behaved as `corrected` does now, so that is how they read.
 */
export const DEFAULT_SCORING_MODE: ScoringMode = 'corrected';

/** What each mode means, in one line each: the `--scoring` help and the card say it so. */
export const SCORING_MODE_HELP =
  "official: the benchmark's own evaluation code as the FT-Dojo paper ran it, quirks included (comparable with published numbers); corrected: ours, where we deliberately differ (each difference is on the task card)";

/** A `--scoring` value, or an INVALID_INPUT error that says the fix. */
export function parseScoringMode(value: string, flag = '--scoring'): ScoringMode {
  const parsed = ScoringModeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new FtdojoError('INVALID_INPUT', `unknown scoring mode "${value}"`, {
    hint: `use ${flag} official (the benchmark's own evaluation code, as the paper reports) or ${flag} corrected (ours; the task card lists the differences)`,
  });
}
