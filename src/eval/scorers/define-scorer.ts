import type { Direction, Sample, SampleOutcome } from '../../core/index.js';
import { mean, type Scorer } from '../scorer.js';

export interface ScorerDefinition {
  id: string;
  direction: Direction;
  best: number;
  unsupported?: string | undefined;
  score(output: string, sample: Sample): SampleOutcome;
  /** Corpus-level value; the mean of the per-sample values when left out. */
  aggregate?: (outcomes: SampleOutcome[]) => number | null;
  prepare?: Scorer['prepare'];
}

/** A Scorer from its parts, with the mean of per-sample values as the default aggregate. */
export function defineScorer(definition: ScorerDefinition): Scorer {
  const aggregate = definition.aggregate ?? ((outcomes: SampleOutcome[]) => mean(outcomes.map((outcome) => outcome.value)));
  return {
    id: definition.id,
    direction: definition.direction,
    best: definition.best,
    unsupported: definition.unsupported,
    score: definition.score,
    aggregate,
    ...(definition.prepare ? { prepare: definition.prepare } : {}),
  };
}
