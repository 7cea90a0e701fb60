import { join } from 'node:path';
import type { Feedback, Interval, RunStage } from '../core/index.js';
import { HypothesisSchema } from '../core/index.js';
import type { EvaluationReportFile } from '../eval/index.js';
import { lossCurveOf } from '../runtime/index.js';
import type { ExperimentRecord, IterationRecord, RunState, RunStore } from '../store/index.js';
import { baselineHint, findLatestBaseline } from './find-baseline.js';
import { runTotals } from './run-totals.js';
import type { ExperimentFiles } from './read-experiment-files.js';
import { readEvaluationReportFile, readExperimentFiles } from './read-experiment-files.js';
import type {
  ExperimentNode,
  HeldOutComparison,
  LossCurve,
  ReportDiagnosis,
  ReportIteration,
  ReportPlan,
  ReportScore,
  RunFacts,
  RunReport,
} from '../core/index.js';
import { RUN_REPORT_KIND, RUN_REPORT_VERSION } from '../core/index.js';

export interface BuildRunReportOptions {
  /** Where `ftdojo baseline` runs are looked for (`<home>/runs`); the store's home by default. */
  home?: string;
  /**
   * Names an experiment's dominant problem from its feedback. The agent owns that rule
   * (`diagnose`) and sits above this layer, so its caller passes it in; without it the report
   * shows the failure facts of the feedback only.
   */
  diagnose?: (feedback: Feedback) => ReportDiagnosis;
  now?: () => Date;
}

const interval = (value: Pick<Interval, 'low' | 'high' | 'level'> | null | undefined): ReportScore['interval'] =>
  value ? { low: value.low, high: value.high, level: value.level } : null;

function scoreOfReport(file: EvaluationReportFile | null): ReportScore | null {
  const primary = file?.report.primary;
  return primary ? { metric: primary.metric, value: primary.value, interval: interval(primary.interval) } : null;
}

/** The validation score: eval/report.json, else the feedback, else the bare number in the log. */
function validationOf(record: ExperimentRecord | undefined, files: ExperimentFiles | null, metric: string | null): ReportScore | null {
  const fromReport = scoreOfReport(files?.validation ?? null);
  if (fromReport) return fromReport;
  const fromFeedback = files?.feedback?.evaluation?.primary;
  if (fromFeedback) return { metric: fromFeedback.metric, value: fromFeedback.value, interval: interval(fromFeedback.interval) };
  if (record?.primaryMetric === null || record?.primaryMetric === undefined) return null;
  return { metric: metric ?? 'primary metric', value: record.primaryMetric, interval: null };
}

/** The plan: the submitted hypothesis.json, else the hypothesis the log recorded when it is a typed one. */
function planOf(iteration: IterationRecord, files: ExperimentFiles | null): ReportPlan | null {
  const hypothesis = files?.hypothesis ?? HypothesisSchema.safeParse(iteration.hypothesis).data ?? null;
  if (hypothesis === null) return null;
  const { changes, addresses, rationale, expectedEffect, proposer, data, training } = hypothesis;
  return { changes, addresses, rationale, expectedEffect, proposer, data, training };
}

function stageSecondsOf(iteration: IterationRecord): Partial<Record<RunStage, number>> {
  const seconds: Partial<Record<RunStage, number>> = {};
  for (const stage of iteration.stages) if (stage.seconds !== null) seconds[stage.stage] = (seconds[stage.stage] ?? 0) + stage.seconds;
  return seconds;
}

/** The experiment an iteration decided on, or the last one it started (an interrupted iteration has no decision). */
function experimentOfIteration(iteration: IterationRecord): string | null {
  return iteration.decision?.experimentId ?? iteration.experimentIds.at(-1) ?? null;
}

function iterationReport(
  state: RunState,
  iteration: IterationRecord,
  filesOf: (experimentId: string) => ExperimentFiles,
  options: BuildRunReportOptions,
  metric: string | null,
): ReportIteration {
  const experimentId = experimentOfIteration(iteration);
  const record = experimentId === null ? undefined : state.experiments.get(experimentId);
  const files = experimentId === null ? null : filesOf(experimentId);
  const plan = planOf(iteration, files);
  const feedback = files?.feedback ?? null;
  const error = feedback?.execution.error ?? null;
  return {
    iteration: iteration.iteration,
    attempt: iteration.attempt,
    status: iteration.status,
    experimentId,
    parentExperimentId: iteration.parentExperimentId,
    summary: iteration.summary,
    plan,
    state: record?.state ?? null,
    validation: validationOf(record, files, metric),
    verdict: record?.verdict ?? feedback?.comparison?.verdict ?? null,
    accepted: iteration.decision?.accepted ?? record?.accepted ?? null,
    decisionReason: iteration.decision?.reason ?? null,
    bestAfter: iteration.decision?.bestExperimentId ?? null,
    diagnosis: feedback !== null && options.diagnose ? options.diagnose(feedback) : null,
    failure: error ? { category: error.category, hint: error.hint, rootCause: error.rootCause.slice(0, 3) } : null,
    implementation: files?.implementation ?? null,
    stageSeconds: stageSecondsOf(iteration),
  };
}

/**
 * Parent → children over the experiments the iterations decided on, in iteration order. A child
 * hangs under a parent placed before it; anything else (a parent the log does not know, a
 * damaged log naming a later one) becomes a root, so the tree can never hold a cycle.
 */
export function experimentTree(iterations: readonly ReportIteration[], bestExperimentId: string | null): ExperimentNode[] {
  const roots: ExperimentNode[] = [];
  const placed = new Map<string, ExperimentNode>();
  for (const iteration of iterations) {
    const id = iteration.experimentId;
    if (id === null || placed.has(id)) continue;
    const node: ExperimentNode = {
      experimentId: id,
      iteration: iteration.iteration,
      validation: iteration.validation?.value ?? null,
      accepted: iteration.accepted,
      state: iteration.state,
      best: id === bestExperimentId,
      children: [],
    };
    const parent = iteration.parentExperimentId === null ? undefined : placed.get(iteration.parentExperimentId);
    (parent ? parent.children : roots).push(node);
    placed.set(id, node);
  }
  return roots;
}

function lossCurveOfExperiment(experimentId: string, files: ExperimentFiles): LossCurve | null {
  if (files.trainerLog !== null) {
    const curve = lossCurveOf(files.trainerLog);
    if (curve.length) {
      const finite = curve.filter((point) => Number.isFinite(point.loss));
      return { experimentId, source: 'trainer-log', points: finite.map(({ step, loss }) => ({ step, loss })), nonFinite: curve.length - finite.length };
    }
  }
  const loss = files.feedback?.training?.loss;
  if (!loss?.points.length) return null;
  return { experimentId, source: 'feedback', points: loss.points.map(({ step, loss: value }) => ({ step, loss: value })), nonFinite: loss.nonFinite };
}

function heldOutOf(
  state: RunState,
  runDir: string,
  home: string,
  filesOf: (experimentId: string) => ExperimentFiles,
  metric: string | null,
  warnings: string[],
): HeldOutComparison {
  const bestId = state.bestExperimentId;
  const scored = bestId === null ? null : (state.experiments.get(bestId)?.test ?? null);
  const bestScore = scored
    ? { metric: scored.metric, value: scored.value, interval: interval(scored.interval) }
    : bestId === null
      ? null
      : scoreOfReport(filesOf(bestId).test);
  const base = scoreOfReport(readEvaluationReportFile(join(runDir, 'base-test', 'report.json'), warnings, runDir));
  const baseline = findLatestBaseline(home, state.task, state.profile, warnings);
  return {
    metric: bestScore?.metric ?? base?.metric ?? baseline?.test?.metric ?? metric,
    base,
    best: bestScore && bestId !== null ? { experimentId: bestId, ...bestScore } : null,
    baseline,
    baselineHint: baseline === null ? baselineHint(state.task, state.profile) : null,
  };
}

/** The task's primary metric and the base model's validation score, from the first feedback that names them. */
function metricFacts(feedbacks: readonly Feedback[]): Pick<RunReport, 'primaryMetric' | 'baseValidation'> {
  const evaluated = feedbacks.find((feedback) => feedback.evaluation !== null)?.evaluation?.primary;
  const compared = feedbacks.map((feedback) => feedback.comparison).find((comparison) => typeof comparison?.base?.value === 'number');
  const primaryMetric = evaluated
    ? { metric: evaluated.metric, direction: evaluated.direction }
    : compared
      ? { metric: compared.metric, direction: compared.direction }
      : null;
  const baseValidation = compared?.base ? { metric: compared.metric, value: compared.base.value, interval: null } : null;
  return { primaryMetric, baseValidation };
}

function runFacts(state: RunState, runDir: string): RunFacts {
  const end = state.finishedAt ?? state.updatedAt;
  const stageSeconds = state.iterations.flatMap((iteration) => iteration.stages).reduce((sum, stage) => sum + (stage.seconds ?? 0), 0);
  return {
    runId: state.runId,
    runDir,
    task: state.task,
    profile: state.profile,
    status: state.status,
    finishReason: state.finishReason,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt,
    budget: state.budget,
    secondsUsed: Math.max(0, (Date.parse(end) - Date.parse(state.startedAt)) / 1000),
    stageSeconds,
    agent: state.agent.name,
    planner: state.agent.planner,
    resumes: state.resumes,
    iterationsFinished: state.completedIterations,
    experiments: state.experiments.size,
    bestExperimentId: state.bestExperimentId,
  };
}

/**
 * Assembles a run's report from its log (`store.state`) and its experiment folders. Reading is
 * all it does: a missing file leaves its part empty, an unreadable one adds a warning, and the
 * renderers never touch the disk.
 */
export function buildRunReport(store: RunStore, runId: string, options: BuildRunReportOptions = {}): RunReport {
  return runReportOf(store.state(runId), store.runDir(runId), { ...options, home: options.home ?? store.home });
}

/** The same from a log already replayed (the dashboard keeps one per run): `home` is where baselines are looked for. */
export function runReportOf(state: RunState, runDir: string, options: BuildRunReportOptions & { home: string }): RunReport {
  const warnings = state.anomalies.map((anomaly) => `run log: ${anomaly}`);
  const cache = new Map<string, ExperimentFiles>();
  const filesOf = (experimentId: string): ExperimentFiles => {
    let files = cache.get(experimentId);
    if (files === undefined) {
      files = readExperimentFiles(runDir, experimentId, state.experiments.get(experimentId)?.feedbackPath ?? null, warnings);
      cache.set(experimentId, files);
    }
    return files;
  };
  const decided = [...new Set(state.iterations.flatMap((iteration) => experimentOfIteration(iteration) ?? []))];
  const facts = metricFacts(decided.flatMap((id) => filesOf(id).feedback ?? []));
  const metric = facts.primaryMetric?.metric ?? null;
  const iterations = state.iterations.map((iteration) => iterationReport(state, iteration, filesOf, options, metric));
  return {
    schemaVersion: RUN_REPORT_VERSION,
    kind: RUN_REPORT_KIND,
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    run: runFacts(state, runDir),
    ...facts,
    iterations,
    tree: experimentTree(iterations, state.bestExperimentId),
    lossCurves: decided.map((id) => lossCurveOfExperiment(id, filesOf(id))).filter((curve): curve is LossCurve => curve !== null),
    heldOut: heldOutOf(state, runDir, options.home, filesOf, metric, warnings),
    totals: runTotals(state, (experimentId) => filesOf(experimentId).feedback),
    warnings,
    notes: state.notes,
  };
}
