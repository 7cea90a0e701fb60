import type { z } from 'zod';
import type { Direction, JsonValue, Sample, SampleOutcome } from '../core/index.js';

/**
 * A scorer turns one model output and one sample into a per-sample outcome, and a list of
 * outcomes into the metric's value. Bad model output is never an exception: it is an outcome
 * with `formatError: true` that counts as wrong.
 */
export interface Scorer {
  readonly id: string;
  readonly direction: Direction;
  /** The best value the metric can take (1 for accuracy, 0 for an error). */
  readonly best: number;
  /** Set when this scorer cannot run on this machine, with the reason; it then scores nothing. */
  readonly unsupported?: string | undefined;
  score(output: string, sample: Sample): SampleOutcome;
  /** Corpus-level value; null when there is nothing to aggregate. Default: the mean of values. */
  aggregate(outcomes: SampleOutcome[]): number | null;
}

export interface ScorerEntry<P extends z.ZodType = z.ZodType> {
  id: string;
  description: string;
  direction: Direction;
  /** The parameters a task may pass, checked before the scorer is created. */
  params: P;
  create(params: z.infer<P>): Promise<Scorer>;
}

export type ScorerParams = Record<string, JsonValue>;

export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
