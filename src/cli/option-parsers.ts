import type { ScoringMode } from '../core/index.js';
import { FtdojoError, parseScoringMode } from '../core/index.js';
import type { DecodingMode } from '../eval/index.js';
import { parseDecodingMode } from '../eval/index.js';

/** `--scoring official|corrected`: the flag, its one-line help and its parser, the same on every command. */
export const SCORING_FLAG = '--scoring <mode>';
export const SCORING_FLAG_HELP =
  "official (the benchmark's own evaluation code, as the paper reports) or corrected (ours; the task card lists the differences); default: the profile's (paper official, mini corrected)";
export const scoringModeOption = (value: string): ScoringMode => parseScoringMode(value);

/** The --help paragraph that teaches what the two modes mean. */
export const SCORING_HELP = `
--scoring picks how the outputs are scored, per metric:
  official    the benchmark's own evaluation code as the FT-Dojo paper ran it (TableBench's
              repository, ChemCoTBench's, FT-Dojo's OpenCompass fork), quirks included, so the
              numbers compare with published ones. AIME: its rule stage (math_verify); the LLM-judge
              fallback cannot run offline.
  corrected   ours, where we deliberately differ (e.g. the last "Final Answer:" is read, signs and
              decimal points count); each difference is on the task card (\`ftdojo tasks show <id>\`)
              with an item that shows why.
Default: the profile's (paper reports official, mini corrected). The mode is recorded in the
report and the evaluation fingerprint.`;

/** `--decoding free|constrained`: the flag, its one-line help and its parser. */
export const DECODING_FLAG = '--decoding <mode>';
export const DECODING_FLAG_HELP =
  'constrained (multiple-choice tasks: the best option letter from one forward pass) or free (greedy generation); default: constrained where the task and backend allow it, free under official scoring';
export const decodingModeOption = (value: string): DecodingMode => parseDecodingMode(value);

/** The --help paragraph that says what the two decoding modes measure. */
export const DECODING_HELP = `
--decoding picks how answers are produced:
  constrained  for tasks whose every metric reads one option letter (financeiq A-D,
               bioprobench-pqa A-E): one forward pass over the prompt, and the option whose token
               the model ranks highest (any spelling: "A", " A") is the output. The same scorer
               reads it; free answers that start with an option letter get that same letter.
  free         greedy generation up to the profile's max new tokens.
Default: constrained where the task allows it and the model runs locally; free under
--scoring official (the benchmark's protocol generated freely) and through --endpoint (a server
does not expose the logits; report.json says so). The mode is in the evaluation fingerprint, so
a constrained score never compares silently with a free one.`;

/** A commander parser for options that take a positive whole number (--limit 10). */
export const positiveInteger =
  (name: string, example = 8) =>
  (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1)
      throw new FtdojoError('INVALID_INPUT', `${name} must be a positive whole number, got ${JSON.stringify(value)}`, { hint: `pass e.g. ${name} ${example}` });
    return parsed;
  };

/** A commander parser for options that take a whole number from 0 (--seed 0). */
export const nonNegativeInteger =
  (name: string, example = 0) =>
  (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0)
      throw new FtdojoError('INVALID_INPUT', `${name} must be a whole number from 0, got ${JSON.stringify(value)}`, { hint: `pass e.g. ${name} ${example}` });
    return parsed;
  };

/** Seconds from a duration as people write it: 20m, 1h, 900s, 1.5h (a bare number is minutes). */
export function parseDuration(text: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|min|h)?$/.exec(text.trim());
  if (!match)
    throw new FtdojoError('INVALID_INPUT', `cannot read the duration "${text}" of ${name}`, { hint: `write e.g. ${name} 20m, ${name} 1h or ${name} 900s` });
  const value = Number(match[1]);
  const unit = match[2] ?? 'm';
  return Math.round(unit === 's' ? value : unit === 'h' ? value * 3600 : value * 60);
}
