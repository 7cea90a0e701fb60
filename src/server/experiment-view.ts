import { parse as parseYaml } from 'yaml';
import type { ExperimentPayload, Feedback, Hypothesis, JsonValue, ValidationReport, ValueChange } from '../core/index.js';
import { DASHBOARD_API_VERSION, FtdojoError, HypothesisSchema, parseFeedback, ValidationReportSchema } from '../core/index.js';
import { readOptionalFile } from '../report/index.js';
import { experimentPaths } from '../store/index.js';
import type { CachedRun, RunCache } from './run-cache.js';
import { visibleReport } from './runs-view.js';

type JsonObject = Record<string, JsonValue>;

/** The files of one experiment the dashboard shows; each may be missing, or unreadable (then a warning). */
export interface ExperimentSources {
  hypothesis: Hypothesis | null;
  config: JsonObject | null;
  strategy: JsonObject | null;
  feedback: Feedback | null;
  validation: ValidationReport | null;
}

const asObject = (value: unknown): JsonObject => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a mapping');
  return value as JsonObject;
};

export function readExperimentSources(runDir: string, experimentId: string, warnings: string[]): ExperimentSources {
  const paths = experimentPaths(runDir, experimentId);
  return {
    hypothesis: readOptionalFile(paths.hypothesis, (text) => HypothesisSchema.parse(JSON.parse(text)), warnings, runDir),
    config: readOptionalFile(paths.submittedConfig, (text) => asObject(parseYaml(text)), warnings, runDir),
    strategy: readOptionalFile(paths.strategy, (text) => asObject(JSON.parse(text)), warnings, runDir),
    feedback: readOptionalFile(paths.feedback, (text) => parseFeedback(JSON.parse(text)), warnings, runDir),
    validation: readOptionalFile(paths.validation, (text) => ValidationReportSchema.parse(JSON.parse(text)), warnings, runDir),
  };
}

/** The keys whose values differ, in key order; against null every key of `after` is listed. */
export function diffValues(before: JsonObject | null, after: JsonObject | null): ValueChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  return keys
    .map((key) => ({ key, before: before?.[key] ?? null, after: after?.[key] ?? null }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
}

export function knownExperiment(run: CachedRun, experimentId: string): void {
  if (!run.state.experiments.has(experimentId)) {
    const known = [...run.state.experiments.keys()];
    throw new FtdojoError('MISSING_DATA', `run ${run.runId} has no experiment "${experimentId}"`, {
      hint: known.length ? `its experiments: ${known.join(', ')}` : 'it has no experiments yet',
    });
  }
}

export function experimentPayload(cache: RunCache, runId: string, experimentId: string): ExperimentPayload {
  const run = cache.get(runId);
  knownExperiment(run, experimentId);
  const report = visibleReport(run);
  const warnings: string[] = [];
  const sources = readExperimentSources(run.runDir, experimentId, warnings);
  const iteration = report.iterations.find((entry) => entry.experimentId === experimentId) ?? null;
  const parentId = iteration?.parentExperimentId ?? sources.hypothesis?.parentExperimentId ?? null;
  const parent = parentId !== null && run.state.experiments.has(parentId) ? readExperimentSources(run.runDir, parentId, []) : null;
  const ended = run.state.status !== 'running';
  const test = ended && report.heldOut.best?.experimentId === experimentId ? report.heldOut.best : null;
  return {
    apiVersion: DASHBOARD_API_VERSION,
    runId,
    experimentId,
    iteration: iteration?.iteration ?? run.state.experiments.get(experimentId)?.iteration ?? null,
    parentExperimentId: parentId,
    hypothesis: sources.hypothesis,
    config: sources.config,
    configDiff: diffValues(parent?.config ?? null, sources.config),
    strategy: sources.strategy,
    strategyDiff: diffValues(parent?.strategy ?? null, sources.strategy),
    feedback: sources.feedback,
    validation: sources.validation,
    implementation: iteration?.implementation ?? null,
    lossCurve: report.lossCurves.find((curve) => curve.experimentId === experimentId) ?? null,
    diagnosis: iteration?.diagnosis ?? null,
    test: test ? { metric: test.metric, value: test.value, interval: test.interval } : null,
    warnings,
  };
}
