import type { z } from 'zod';
import type { Direction, JsonValue, Sample, SampleOutcome } from '../core/index.js';
import type { CodeRunner } from './code-runner.js';

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
  /**
   * Optional work done once for a list of items before any of them is scored, where scoring one
   * output is not a pure, synchronous function (running model-written code in the sandbox).
   * Resolves to the scorer to score exactly these items with (one that is unsupported when the
   * context lacks what it needs). A failing item is that item's outcome, never a rejection.
   */
  prepare?(items: readonly ScoringItem[], context: ScoringContext): Promise<Scorer>;
}

/** One output and its sample, as a prepare step receives them. */
export interface ScoringItem {
  sample: Sample;
  output: string;
}

/** What an evaluation lends its scorers' prepare steps. */
export interface ScoringContext {
  /** Runs model-written code isolated (the sandbox); absent where the caller chose none. */
  codeRunner?: CodeRunner | undefined;
  signal?: AbortSignal | undefined;
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
