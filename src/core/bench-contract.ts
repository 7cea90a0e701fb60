import type { Direction } from './score.js';
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
  profile: ProfileName;
  seed: number;
  budgetSeconds: number;
  /** Evaluate the first N validation samples only (quick suites); the harness scores test with the same limit. */
  evalLimit: number | null;
  signal?: AbortSignal | undefined;
}

export interface BenchAgentResult {
  state: 'completed' | 'failed' | 'stopped';
  /** The chosen LoRA adapter's folder, or null for the base model. */
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
  iterations: number;
  failuresCaughtEarly: number;
  succeeded: number;
  seconds: number;
  runRef: string | null;
  note: string;
}

export interface LeaderboardEntry {
  task: string;
  agent: string;
  metric: string;
  direction: Direction;
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
}

export interface Leaderboard {
  schemaVersion: typeof LEADERBOARD_VERSION;
  entries: LeaderboardEntry[];
  /** Per agent: tasks where its mean is strictly better than every other agent's named in `against`. */
  wins: { agent: string; against: string[]; tasks: number; of: number }[];
}

