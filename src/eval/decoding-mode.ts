import { z } from 'zod';
import type { ScoringMode, TaskSpec } from '../core/index.js';
import { FtdojoError } from '../core/index.js';
import type { InferenceBackend } from '../runtime/index.js';
import { choiceOptionsOf } from './choice-options.js';

/**
 * How an evaluation decodes. `free`: greedy generation up to the profile's token limit.
 * `constrained`: constrained choice decoding, for multiple-choice tasks (choiceOptionsOf): one
 * forward pass per sample, the option letter the model ranks highest is the output. The metric and
 * its extraction are the same; the fingerprint records which (decoding.strategy 'greedy' or
 * 'choice'), so the two never compare silently.
 */
export const DECODING_MODES = ['free', 'constrained'] as const;
export const DecodingModeSchema = z.enum(DECODING_MODES);
export type DecodingMode = z.infer<typeof DecodingModeSchema>;

/** A `--decoding` value, or an INVALID_INPUT error that says the fix. */
export function parseDecodingMode(value: string, flag = '--decoding'): DecodingMode {
  const parsed = DecodingModeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new FtdojoError('INVALID_INPUT', `unknown decoding mode "${value}"`, {
    hint: `use ${flag} constrained (multiple-choice tasks: the best option letter, one forward pass) or ${flag} free (greedy generation)`,
  });
}

export interface DecodingPlan {
  mode: DecodingMode;
  /** The options to constrain to; null for free generation. */
  choices: string[] | null;
  /** What was asked: a mode, or null for the default. */
  requested: DecodingMode | null;
  /** Why this mode, in a few words (the report and the log say it). */
  reason: string;
}

export interface PlanDecodingInput {
  task: Pick<TaskSpec, 'id' | 'metrics'>;
  scoring: ScoringMode;
  requested?: DecodingMode | undefined;
  backend: Pick<InferenceBackend, 'name' | 'constrainsChoices'>;
}

/**
 * The decoding an evaluation uses. Asked for, it is that or an error that says why not (a task
 * whose answers are not option letters, a backend that cannot see the logits). By default:
 * constrained where the task's answer is an option letter and the backend can constrain, except
 * under `official` scoring, which reproduces the benchmark's protocol, and that protocol generated
 * freely (FT-Dojo's OpenCompass fork reads the last capital letter of a free answer); free otherwise.
 */
export function planDecoding(input: PlanDecodingInput): DecodingPlan {
  const { task, backend } = input;
  const requested = input.requested ?? null;
  const options = choiceOptionsOf(task);
  const free = (reason: string): DecodingPlan => ({ mode: 'free', choices: null, requested, reason });
  if (requested === 'free') return free('free generation, as asked');
  if (requested === 'constrained') {
    if (options === null)
      throw new FtdojoError(
        'INVALID_INPUT',
        `${task.id}'s answers are not option letters that every metric reads: constrained choice decoding does not apply`,
        {
          hint: 'use --decoding free',
        },
      );
    if (!backend.constrainsChoices)
      throw new FtdojoError('UNSUPPORTED', `${backend.name} cannot constrain its decoding to options (it does not expose the logits)`, {
        hint: 'use --decoding free, or evaluate with a local model instead of an endpoint',
      });
  } else {
    if (options === null) return free("free generation: the task's answers are not option letters");
    if (input.scoring === 'official') return free('free generation: official scoring reproduces the benchmark protocol, which generated freely');
    if (!backend.constrainsChoices) return free(`free generation: ${backend.name} cannot constrain its decoding to options`);
  }
  return { mode: 'constrained', choices: options, requested, reason: `constrained to the options ${options.join(', ')} (one forward pass per sample)` };
}
