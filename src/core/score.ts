import type { JsonValue } from './sample.js';
import type { ScoringMode } from './scoring-mode.js';

export type Direction = 'higher' | 'lower';

/** Why a sample did not get full marks: feedback tells "wrong answer" from "could not parse". */
export type SampleErrorCategory = 'format-error' | 'wrong-answer' | 'empty' | 'unsupported';

/** What one scorer made of one sample. `value` is the per-sample metric contribution. */
export interface SampleOutcome {
  id: string;
  subtask?: string | undefined;
  value: number;
  /** True when the answer could not be extracted in the required format. */
  formatError: boolean;
  /** What was extracted from the output, when anything was. */
  extracted?: JsonValue | undefined;
  /** Short human-readable reason, e.g. the parse failure. */
  detail?: string | undefined;
  /** Extra per-sample facts a corpus-level aggregate needs (e.g. the predicted and gold class). */
  facts?: Record<string, JsonValue> | undefined;
}

export interface Interval {
  low: number;
  high: number;
  level: number;
  resamples: number;
}

export interface MetricResult {
  metric: string;
  scorer: string;
  direction: Direction;
  primary: boolean;
  value: number | null;
  /** Samples this metric applies to. */
  count: number;
  formatErrors: number;
  /** Set when the metric cannot be computed here (e.g. needs an oracle not available offline). */
  unsupported?: string | undefined;
  interval?: Interval | undefined;
  bySubtask: Record<string, { value: number | null; count: number; formatErrors: number }>;
}

export interface ScoreReport {
  schemaVersion: 1;
  task: string;
  profile: string;
  split: string;
  /** How the metrics were computed: the benchmark's own code (`official`) or ours (`corrected`). */
  scoring: ScoringMode;
  samples: number;
  predictions: number;
  /** Samples without a prediction: scored as empty outputs. */
  missing: number;
  /** Predictions whose id is not in the split: ignored and reported. */
  unknownIds: string[];
  primary: MetricResult;
  metrics: MetricResult[];
  outcomes: Record<string, SampleOutcome[]>;
}
