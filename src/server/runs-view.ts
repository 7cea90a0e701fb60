import type { RunPayload, RunReport, RunRow, RunsPayload } from '../core/index.js';
import { DASHBOARD_API_VERSION } from '../core/index.js';
import { liveStatusOf } from './live-status.js';
import type { CachedRun, RunCache } from './run-cache.js';

/** A run's held-out numbers stay hidden until the run has ended: the dashboard shows what the agent saw. */
export function visibleReport(run: CachedRun): RunReport {
  const report = run.report();
  if (run.state.status !== 'running') return report;
  return { ...report, heldOut: { ...report.heldOut, base: null, best: null } };
}

function rowOf(run: CachedRun, now: Date): RunRow {
  const report = visibleReport(run);
  const { state } = run;
  const best = report.iterations.find((iteration) => iteration.experimentId === state.bestExperimentId && iteration.validation !== null);
  return {
    runId: state.runId,
    task: state.task,
    profile: state.profile,
    agent: state.agent.name,
    planner: state.agent.planner,
    backbone: run.backbone(),
    status: state.status,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt,
    lastSeq: state.lastSeq,
    budgetSeconds: state.budget.wallSeconds,
    secondsUsed: state.status === 'running' ? Math.max(0, (now.getTime() - Date.parse(state.startedAt)) / 1000) : report.run.secondsUsed,
    iterations: state.completedIterations,
    experiments: state.experiments.size,
    metric: report.primaryMetric?.metric ?? report.heldOut.metric,
    direction: report.primaryMetric?.direction ?? null,
    bestExperimentId: state.bestExperimentId,
    bestValidation: best?.validation?.value ?? null,
    test: report.heldOut.best?.value ?? null,
    baseTest: report.heldOut.base?.value ?? null,
    live: liveStatusOf(state, run.runDir, now),
  };
}

export function runsPayload(cache: RunCache, now: Date = new Date()): RunsPayload {
  const { runs, problems } = cache.scan();
  const rows: RunRow[] = [];
  for (const run of runs) {
    try {
      rows.push(rowOf(run, now));
    } catch (error) {
      problems.push({
        runDir: run.runDir,
        message: error instanceof Error ? error.message : String(error),
        hint: 'open the run with `ftdojo report` to see which file is at fault',
      });
    }
  }
  return { apiVersion: DASHBOARD_API_VERSION, home: cache.home, runsDir: cache.runsDir, runs: rows, problems };
}

export function runPayload(cache: RunCache, runId: string, now: Date = new Date()): RunPayload {
  const run = cache.get(runId);
  return { apiVersion: DASHBOARD_API_VERSION, report: visibleReport(run), live: liveStatusOf(run.state, run.runDir, now), backbone: run.backbone() };
}
