import { DEFAULT_SCORING_MODE, ScoringModeSchema } from '../core/index.js';

/*
 * How a metric is scored (core/scoring-mode.ts): `official` reproduces the evaluation code the
 * FT-Dojo paper used, quirks included; `corrected` is ours where we deliberately differ. The
 * evaluation's mode reaches every scorer as `params.scoring` when it is created; a scorer that
 * scores differently by mode declares `scoring: ScoringParamSchema` in its params, and the library
 * leaves the mode out for one that does not (it scores alike in both).
 */
export { DEFAULT_SCORING_MODE, parseScoringMode, SCORING_MODES, ScoringModeSchema, type ScoringMode } from '../core/index.js';

/** A scorer's `scoring` param: absent means `corrected`. */
export const ScoringParamSchema = ScoringModeSchema.default(DEFAULT_SCORING_MODE);
