import type { SuiteJob } from './suite-jobs.js';
import type { Leaderboard, SuiteRow } from './bench-contract.js';
import type { Feedback } from './feedback.js';
import type { Hypothesis } from './hypothesis.js';
import type { ImplementationRecord } from './implementation.js';
import type { RunStage } from './run-record.js';
import type { LossCurve, ReportDiagnosis, ReportScore, RunReport, RunStatus } from './run-report.js';
import type { JsonValue } from './sample.js';
import type { Direction } from './score.js';
import type { ProfileName } from './task-spec.js';
import type { ValidationReport } from './validation-report.js';

/**
 * The dashboard's read-only HTTP API (`ftdojo ui`, src/server): what each route answers, as
 * types the front end (web/) imports and nothing else. Every payload carries `apiVersion`, so a
 * page built for another version says so instead of drawing wrong numbers.
 */
export const DASHBOARD_API_VERSION = 1;

/** What a running run is doing now, from its log and its trainer's log. */
export interface LiveStatus {
  iteration: number | null;
  experimentId: string | null;
  /** The stage started and not finished; null between stages. */
  stage: RunStage | null;
  stageStartedAt: string | null;
  /** Training progress from trainer_log.jsonl, while the stage is train. */
  step: number | null;
  totalSteps: number | null;
  loss: number | null;
  /** The trainer's own estimate of the time left in training. */
  etaSeconds: number | null;
  /** The run's wall-clock budget left, from its start and the pauses resume knows of. */
  budgetLeftSeconds: number | null;
  updatedAt: string;
}

/** One row of the runs list. */
export interface RunRow {
  runId: string;
  task: string;
  profile: ProfileName;
  agent: string;
  planner: string;
  /** The base model the run fine-tunes (the training config's model, else the profile's). */
  backbone: string | null;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  /** The log's last event: it moves whenever the run records anything. */
  lastSeq: number;
  budgetSeconds: number | null;
  secondsUsed: number;
  iterations: number;
  experiments: number;
  metric: string | null;
  direction: Direction | null;
  bestExperimentId: string | null;
  bestValidation: number | null;
  /** The held-out test score of the chosen experiment: only once the run has ended. */
  test: number | null;
  baseTest: number | null;
  live: LiveStatus | null;
}

/** A run folder that could not be read: listed, with why and what to do, instead of a blank page. */
export interface StoreProblem {
  runDir: string;
  message: string;
  hint: string;
}

export interface RunsPayload {
  apiVersion: typeof DASHBOARD_API_VERSION;
  home: string;
  runsDir: string;
  runs: RunRow[];
  problems: StoreProblem[];
}

export interface RunPayload {
  apiVersion: typeof DASHBOARD_API_VERSION;
  /** The run report; its held-out part is empty while the run is going (the agent's view). */
  report: RunReport;
  live: LiveStatus | null;
  backbone: string | null;
}

/** One key of a config (or a data strategy) that differs between two experiments. */
export interface ValueChange {
  key: string;
  before: JsonValue | null;
  after: JsonValue | null;
}

export interface ExperimentPayload {
  apiVersion: typeof DASHBOARD_API_VERSION;
  runId: string;
  experimentId: string;
  iteration: number | null;
  parentExperimentId: string | null;
  hypothesis: Hypothesis | null;
  /** The submitted train.yaml, parsed. */
  config: Record<string, JsonValue> | null;
  /** Against the parent's config; every key when the experiment started from the base model. */
  configDiff: ValueChange[];
  /** The submitted data strategy (strategy.json). */
  strategy: Record<string, JsonValue> | null;
  /** Against the parent's strategy, like configDiff. */
  strategyDiff: ValueChange[];
  /** Data statistics, training analysis, validation metrics with intervals, error samples, comparison. */
  feedback: Feedback | null;
  /** The fail-fast verdicts, tier by tier. */
  validation: ValidationReport | null;
  /** How the code came to be: the template, or a coder model's drafts, each with its diff and what stopped it. */
  implementation: ImplementationRecord | null;
  lossCurve: LossCurve | null;
  diagnosis: ReportDiagnosis | null;
  /** Only for the run's chosen experiment, and only once the run has ended. */
  test: ReportScore | null;
  warnings: string[];
}

/** A number of each side and how it moved (b − a); `better` in the metric's direction when it has one. */
export interface Delta {
  name: string;
  /** Counted things (rows, duplicates): shown as whole numbers. */
  count?: boolean;
  a: number | null;
  b: number | null;
  delta: number | null;
  better: 'a' | 'b' | 'same' | null;
}

export interface CompareSide {
  runId: string;
  experimentId: string | null;
  task: string;
  status: RunStatus;
  summary: string | null;
}

export interface ComparePayload {
  apiVersion: typeof DASHBOARD_API_VERSION;
  a: CompareSide;
  b: CompareSide;
  config: ValueChange[];
  strategy: ValueChange[];
  /** Rows, token lengths, duplicates, format violations. */
  data: Delta[];
  /** The primary metric and every other validation metric, then the run-level numbers for two runs. */
  metrics: Delta[];
  subtasks: Delta[];
}

/** One bench suite folder (`ftdojo bench --out`): its rows and the leaderboard over them. */
export interface SuiteView {
  name: string;
  dir: string;
  rows: SuiteRow[];
  leaderboard: Leaderboard;
  /** Seeds per task and agent (the spread is over these). */
  seeds: number;
  /** A suite run on a cluster (`--executor ray`): each job's state and log tail (jobs.json); absent for a local suite. */
  jobs?: SuiteJob[];
}

export interface LeaderboardPayload {
  apiVersion: typeof DASHBOARD_API_VERSION;
  benchDir: string;
  suites: SuiteView[];
  problems: StoreProblem[];
}

/** The error body of every API route: what went wrong and how to fix it. */
export interface ApiError {
  apiVersion: typeof DASHBOARD_API_VERSION;
  error: string;
  hint: string;
}
