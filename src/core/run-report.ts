import type { ImplementationRecord } from './implementation.js';
import type { ExitState, Verdict } from './feedback.js';
import type { DataStrategy, Problem, TrainingChanges } from './hypothesis.js';
import type { RunBudget, RunStage } from './run-record.js';
import type { Direction } from './score.js';
import type { ProfileName } from './task-spec.js';

/** A run's state as its log tells it (the store's replay decides it). */
export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed' | 'interrupted';
/** An experiment runs until its experiment-finished event names how it ended. */
export type ExperimentStatus = 'running' | ExitState;
/** open: started, not finished (what resume redoes); abandoned: another iteration started instead. */
export type IterationStatus = 'open' | 'finished' | 'abandoned';

/**
 * The run report as data: everything the Markdown and HTML renderers show, assembled once from a
 * run's log and experiment folders (build-run-report.ts). It leaves the process as `--format json`,
 * so it carries a version like every other document ftdojo writes (STYLE.md §9).
 *
 * Fields are only ever added within a version, never renamed, retyped or removed: ftdojo writes
 * reports and never reads them back (each is rebuilt from the log), so an addition breaks no
 * reader, and a v1 report written before one (`totals`) simply lacks it. A change that would break
 * a reader bumps the version.
 */
export const RUN_REPORT_VERSION = 1;
export const RUN_REPORT_KIND = 'ftdojo-run-report';

/** A primary-metric value with its bootstrap interval when one was measured. */
export interface ReportScore {
  metric: string;
  value: number | null;
  interval: { low: number; high: number; level: number } | null;
}

/** The typed plan of one iteration (its hypothesis), as the planner wrote it. */
export interface ReportPlan {
  changes: 'data' | 'training' | 'both';
  addresses: Problem;
  rationale: string;
  expectedEffect: string;
  proposer: string;
  data: DataStrategy;
  training: TrainingChanges;
}

/** An experiment's dominant problem, named from its feedback. */
export interface ReportDiagnosis {
  problem: string;
  evidence: string[];
}

export interface ReportIteration {
  iteration: number;
  /** 1, plus one for every redo after a crash or a stop. */
  attempt: number;
  status: IterationStatus;
  /** The experiment the iteration decided on (or the last it started); null before one existed. */
  experimentId: string | null;
  parentExperimentId: string | null;
  /** The one-line summary of the plan from the log. */
  summary: string | null;
  plan: ReportPlan | null;
  /** Null when the iteration never got to an experiment. */
  state: ExperimentStatus | null;
  validation: ReportScore | null;
  verdict: Verdict | null;
  accepted: boolean | null;
  decisionReason: string | null;
  /** The best experiment after this iteration's decision (what the best-so-far line follows). */
  bestAfter: string | null;
  diagnosis: ReportDiagnosis | null;
  /** Why the experiment failed, when its feedback says. */
  failure: { category: string; hint: string; rootCause: string[] } | null;
  /** How its code came to be (the template, or a coder model's drafts and repairs); null when not recorded. */
  implementation: ImplementationRecord | null;
  /** Seconds per stage, summed over the iteration (a stage may run more than once). */
  stageSeconds: Partial<Record<RunStage, number>>;
}

/** One experiment in the tree: the parent it started from, the children that started from it. */
export interface ExperimentNode {
  experimentId: string;
  iteration: number | null;
  validation: number | null;
  accepted: boolean | null;
  /** How the experiment ended, as the log says; running while it goes on; null when the log does not say. */
  state: ExperimentStatus | null;
  best: boolean;
  children: ExperimentNode[];
}

/** One experiment's training loss: from trainer_log.jsonl, else the downsampled curve in its feedback. */
export interface LossCurve {
  experimentId: string;
  source: 'trainer-log' | 'feedback';
  points: { step: number; loss: number }[];
  /** Logged losses that were NaN or infinite: left out of `points` (a diverged run shows them). */
  nonFinite: number;
}

/** The latest completed fixed-recipe baseline (`ftdojo baseline`) of the same task and profile. */
export interface BaselineSummary {
  runId: string;
  createdAt: string;
  /** The fine-tuned model's held-out test score; null when the baseline did not score test. */
  test: ReportScore | null;
  validation: ReportScore | null;
  /** Evaluation was limited to the first N samples of each split; null for the full splits. */
  limit: number | null;
}

/** The held-out test split: the run's best experiment next to the base model and the fixed recipe. */
export interface HeldOutComparison {
  metric: string | null;
  base: ReportScore | null;
  best: (ReportScore & { experimentId: string }) | null;
  baseline: BaselineSummary | null;
  /** How to get a baseline when there is none. */
  baselineHint: string | null;
}

export interface RunFacts {
  runId: string;
  runDir: string;
  task: string;
  profile: ProfileName;
  status: RunStatus;
  finishReason: string | null;
  startedAt: string;
  finishedAt: string | null;
  budget: RunBudget;
  /** From the first event to the run's end (or its last event): wall clock, resumes' pauses included. */
  secondsUsed: number;
  /** Seconds the recorded stages took, summed: the work itself. */
  stageSeconds: number;
  agent: string;
  planner: string;
  resumes: number;
  iterationsFinished: number;
  experiments: number;
  bestExperimentId: string | null;
}

/** The parts of a run's time the totals name (the log's stages map onto them in src/report/run-totals.ts). */
export const TOTALS_STAGES = ['propose', 'implement', 'validate', 'train', 'evaluate', 'heldOut'] as const;
export type TotalsStage = (typeof TOTALS_STAGES)[number];

/** What the whole run spent: tokens trained, and seconds per part of the work. */
export interface RunTotals {
  /** Tokens trained, summed over the experiments whose training reported a count; null when none did. */
  trainedTokens: number | null;
  /** Experiments that trained without reporting a token count (left out of trainedTokens). */
  experimentsWithoutTokens: number;
  /** Seconds per part, summed over the run; 0 for a part that took none. */
  stageSeconds: Record<TotalsStage, number>;
}

export interface RunReport {
  schemaVersion: typeof RUN_REPORT_VERSION;
  kind: typeof RUN_REPORT_KIND;
  generatedAt: string;
  run: RunFacts;
  /** The task's primary metric as the feedback names it; null when nothing was scored. */
  primaryMetric: { metric: string; direction: Direction } | null;
  /** The base model on the validation split, from the feedback's comparison with it. */
  baseValidation: ReportScore | null;
  iterations: ReportIteration[];
  /** Experiments built on the base model (or on a parent the log does not know), with their descendants. */
  tree: ExperimentNode[];
  lossCurves: LossCurve[];
  heldOut: HeldOutComparison;
  /** Added within v1: reports written before it lack it. */
  totals: RunTotals;
  /** Files that could not be read and anomalies in the log: the report shows what is there. */
  warnings: string[];
  notes: { at: string; text: string }[];
}
