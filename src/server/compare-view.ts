import type { ComparePayload, CompareSide, Delta, Direction, Feedback } from '../core/index.js';
import { DASHBOARD_API_VERSION, FtdojoError } from '../core/index.js';
import { diffValues, knownExperiment, readExperimentSources, type ExperimentSources } from './experiment-view.js';
import type { CachedRun, RunCache } from './run-cache.js';
import { visibleReport } from './runs-view.js';

/** `run-id` (its best experiment, or its last when none was accepted) or `run-id/exp-id`. */
export interface CompareRef {
  runId: string;
  experimentId: string | null;
}

export function parseCompareRef(text: string | undefined, name: string): CompareRef {
  if (!text)
    throw new FtdojoError('INVALID_INPUT', `the comparison needs ${name}=<run-id> or ${name}=<run-id>/<experiment-id>`, {
      hint: 'pick two experiments (or two runs) on a run page and press Compare',
    });
  const [runId = '', experimentId, extra] = text.split('/');
  if (extra !== undefined || !runId)
    throw new FtdojoError('INVALID_INPUT', `"${text}" is not <run-id> or <run-id>/<experiment-id>`, {
      hint: 'for example financeiq-mini-20261127-010721-b860/exp-002',
    });
  return { runId, experimentId: experimentId || null };
}

function delta(name: string, a: number | null | undefined, b: number | null | undefined, direction: Direction | null): Delta {
  const left = a ?? null;
  const right = b ?? null;
  const difference = left === null || right === null ? null : right - left;
  const better = difference === null || direction === null ? null : difference === 0 ? 'same' : difference > 0 === (direction === 'higher') ? 'b' : 'a';
  return { name, a: left, b: right, delta: difference, better };
}

function dataDeltas(a: Feedback | null, b: Feedback | null): Delta[] {
  const of = (feedback: Feedback | null) => feedback?.data ?? null;
  const [x, y] = [of(a), of(b)];
  return [
    { ...delta('rows selected', x?.rows.selected, y?.rows.selected, null), count: true },
    delta('tokens per row (mean)', x?.tokens?.mean, y?.tokens?.mean, null),
    delta('tokens per row (p90)', x?.tokens?.p90, y?.tokens?.p90, null),
    delta('tokens per row (max)', x?.tokens?.max, y?.tokens?.max, null),
    { ...delta('rows over cutoff', x?.overCutoff, y?.overCutoff, null), count: true },
    { ...delta('duplicates', x?.duplicates, y?.duplicates, null), count: true },
    { ...delta('format violations', x?.formatViolations.count, y?.formatViolations.count, null), count: true },
  ];
}

/** The primary metric first (its primary value: the one decisions use), then the others the evaluation reports. */
function metricDeltas(a: Feedback | null, b: Feedback | null): Delta[] {
  const primary = a?.evaluation?.primary ?? b?.evaluation?.primary ?? null;
  const rows: Delta[] = primary ? [delta(`validation ${primary.metric}`, a?.evaluation?.primary.value, b?.evaluation?.primary.value, primary.direction)] : [];
  const others = [...new Set([...(a?.evaluation?.metrics ?? []), ...(b?.evaluation?.metrics ?? [])].map((metric) => metric.metric))].filter(
    (name) => name !== primary?.metric,
  );
  const find = (feedback: Feedback | null, name: string) => feedback?.evaluation?.metrics.find((metric) => metric.metric === name);
  for (const name of others)
    rows.push(delta(`validation ${name}`, find(a, name)?.value, find(b, name)?.value, find(a, name)?.direction ?? find(b, name)?.direction ?? null));
  rows.push(delta('format error rate', a?.evaluation?.formatErrorRate, b?.evaluation?.formatErrorRate, 'lower'));
  rows.push(delta('final training loss', a?.training?.loss?.end, b?.training?.loss?.end, 'lower'));
  return rows;
}

function subtaskDeltas(a: Feedback | null, b: Feedback | null, direction: Direction | null): Delta[] {
  const names = [...new Set([...(a?.evaluation?.bySubtask ?? []), ...(b?.evaluation?.bySubtask ?? [])].map((row) => row.subtask))].sort();
  const find = (feedback: Feedback | null, name: string) => feedback?.evaluation?.bySubtask.find((row) => row.subtask === name)?.value;
  return names.map((name) => delta(name, find(a, name), find(b, name), direction));
}

interface Side {
  run: CachedRun;
  experimentId: string | null;
  sources: ExperimentSources | null;
}

function resolveSide(cache: RunCache, ref: CompareRef): Side {
  const run = cache.get(ref.runId);
  if (ref.experimentId !== null) knownExperiment(run, ref.experimentId);
  const experimentId = ref.experimentId ?? run.state.bestExperimentId ?? [...run.state.experiments.keys()].at(-1) ?? null;
  return { run, experimentId, sources: experimentId === null ? null : readExperimentSources(run.runDir, experimentId, []) };
}

function sideOf(side: Side): CompareSide {
  const summary = side.run.state.iterations.find((iteration) => iteration.experimentIds.includes(side.experimentId ?? ''))?.summary ?? null;
  return { runId: side.run.runId, experimentId: side.experimentId, task: side.run.state.task, status: side.run.state.status, summary };
}

/** Run-level numbers, shown when the two sides are two runs rather than two experiments of one. */
function runDeltas(a: CachedRun, b: CachedRun): Delta[] {
  const [x, y] = [visibleReport(a), visibleReport(b)];
  const direction = x.primaryMetric?.direction ?? y.primaryMetric?.direction ?? null;
  return [
    delta('held-out test (chosen experiment)', x.heldOut.best?.value, y.heldOut.best?.value, direction),
    delta('iterations', x.run.iterationsFinished, y.run.iterationsFinished, null),
    delta('minutes used', x.run.secondsUsed / 60, y.run.secondsUsed / 60, null),
  ];
}

/** Two experiments (or two runs' chosen experiments) side by side: config, data and metric deltas (b − a). */
export function comparePayload(cache: RunCache, refA: CompareRef, refB: CompareRef): ComparePayload {
  const a = resolveSide(cache, refA);
  const b = resolveSide(cache, refB);
  const [fa, fb] = [a.sources?.feedback ?? null, b.sources?.feedback ?? null];
  const direction = fa?.evaluation?.primary.direction ?? fb?.evaluation?.primary.direction ?? null;
  const metrics = metricDeltas(fa, fb);
  if (a.run.runId !== b.run.runId) metrics.push(...runDeltas(a.run, b.run));
  return {
    apiVersion: DASHBOARD_API_VERSION,
    a: sideOf(a),
    b: sideOf(b),
    config: diffValues(a.sources?.config ?? null, b.sources?.config ?? null),
    strategy: diffValues(a.sources?.strategy ?? null, b.sources?.strategy ?? null),
    data: dataDeltas(fa, fb),
    metrics,
    subtasks: subtaskDeltas(fa, fb, direction),
  };
}
