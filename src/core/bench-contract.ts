import type { DojoSession } from './dojo-session.js';
import type { Direction, Interval } from './score.js';
import type { ScoringMode } from './scoring-mode.js';
import type { ProfileName } from './task-spec.js';

/**
 * The contract where agents and the bench harness meet (STYLE.md: neither imports the other).
 * An agent gets a task, a profile, a seed and a wall-clock budget, works on the agent side only
 * (pool and validation feedback), and hands back the adapter it chose, or none to stand by the
 * base model. The harness alone scores the held-out test split, once, for every agent alike:
 * FT-Agent, the fixed recipe, the base model, or anyone else's agent behind this interface.
 */
export interface BenchAgentRequest {
  task: string;
  /** The task file the task came from (a task of one's own), or null for a catalogue task. */
  taskFile: string | null;
  profile: ProfileName;
  seed: number;
  budgetSeconds: number;
  /** Evaluate the first N validation samples only (quick suites); the harness scores test with the same limit. */
  evalLimit: number | null;
  /** The dojo, bound to this attempt: an agent that works through sessions opens its one here. */
  dojo: BenchDojo;
  /** Go on with an earlier attempt of this agent (its own reference, e.g. a run id). */
  resume?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The harness's dojo for one attempt: task, profile, seed and budget are the harness's; the agent
 * says only where the session keeps its files and what an earlier process spent (a resume). What
 * the session's finish chooses is what the harness scores.
 */
export interface BenchDojo {
  /** `failFast: false` opens the fail-fast ablation (no micro run; checks only report). */
  open(placement: {
    workspace: string;
    spentSeconds?: number;
    failFast?: boolean;
    /** Experiments the agent may run at once (default 1); each gets its share of the machine's memory. */
    parallel?: number;
  }): Promise<DojoSession>;
}

/** The held-out scores the harness measured, handed back so an agent can keep them in its own record. */
export interface HeldOutScores {
  chosen: { experimentId: string | null; metric: string; value: number | null; interval: Interval | null; reportPath: string } | null;
  base: { metric: string; value: number | null; interval: Interval | null; reportPath: string } | null;
}

export interface BenchAgentResult {
  state: 'completed' | 'failed' | 'stopped';
  /**
   * The chosen LoRA adapter's folder, for an agent that trains outside the dojo (the fixed
   * recipe); null for the base model. An agent that used a session is scored on what it chose.
   */
  adapterPath: string | null;
  /** Experiments the agent finished (trained and evaluated, or stopped by a check). */
  iterations: number;
  /** Experiments stopped by fail-fast validation before a full run. */
  failuresCaughtEarly: number;
  /** Experiments that trained and were evaluated: the effective iterations. */
  succeeded: number;
  /** Where the agent's own record of the run is (a run folder), when it keeps one. */
  runRef: string | null;
  /** One line on how it ended (a stop reason, an error). */
  note: string;
  /** Called once after held-out scoring (with what could be scored): the agent closes its own record. */
  finalize?: ((scores: HeldOutScores) => Promise<void>) | undefined;
}

export interface BenchAgent {
  readonly name: string;
  run(request: BenchAgentRequest): Promise<BenchAgentResult>;
}

/*
 * The suite's records: what the harness writes (rows.jsonl, leaderboard.json) and the dashboard
 * reads. They sit here, beside the contract, so a reader needs nothing of the harness.
 */
export const LEADERBOARD_VERSION = 1;

/** One agent's run on one task with one seed, scored once on the held-out test split. */
export interface SuiteRow {
  task: string;
  agent: string;
  seed: number;
  state: 'completed' | 'failed' | 'stopped';
  metric: string;
  direction: Direction;
  /** The held-out test score of what the agent chose; null when nothing could be scored. */
  test: number | null;
  /** How `test` was computed; absent in rows written before scoring modes, which read as `corrected` (their scorers were). */
  scoring?: ScoringMode;
  iterations: number;
  failuresCaughtEarly: number;
  succeeded: number;
  seconds: number;
  runRef: string | null;
  note: string;
  /** The integrity audit's flags (held-out-overlap, budget-overrun, ...); absent in rows written before the audit. */
  flags?: string[];
  /**
   * The base model trained and scored (a hub id[@revision], a model folder, or the embedded model);
   * absent in rows written before --base-model, which were all on the profile's.
   */
  baseModel?: string;
  /**
   * The digest of the held-out evaluation's fingerprint (samples, weights and adapter sha256,
   * engine, template, decoding): two rows with the same digest scored the same model the same
   * way. Absent when nothing was scored, and in rows written before it was recorded.
   */
  fingerprint?: string;
}

export interface LeaderboardEntry {
  task: string;
  agent: string;
  metric: string;
  direction: Direction;
  /** How the scores were computed: rows of the two modes are never averaged together. */
  scoring: ScoringMode;
  /** Seeds scored. */
  runs: number;
  mean: number | null;
  /** Sample standard deviation over seeds; null for a single seed. */
  spread: number | null;
  iterations: number;
  failuresCaughtEarly: number;
  /** Experiments trained and evaluated per hour of the agent's time, over all its seeds. */
  effectivePerHour: number | null;
  seconds: number;
  /** Best mean on its task (ties share it). */
  best: boolean;
  /** The integrity flags of any of its seeds; absent in a leaderboard.json written before the audit. */
  flags?: string[];
}

export interface Leaderboard {
  schemaVersion: typeof LEADERBOARD_VERSION;
  entries: LeaderboardEntry[];
  /** Per agent: tasks where its mean is strictly better than every other agent's named in `against`. */
  wins: { agent: string; against: string[]; tasks: number; of: number }[];
}
