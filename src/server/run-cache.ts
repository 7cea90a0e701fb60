import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { RunReport, StoreProblem } from '../core/index.js';
import { FtdojoError } from '../core/index.js';
import type { BuildRunReportOptions } from '../report/index.js';
import { runReportOf } from '../report/index.js';
import type { RunState } from '../store/index.js';
import { eventLogPath, experimentPaths, liveWriter, readEventLog, replayRun, runsDirectory, writerLockPath } from '../store/index.js';

/** One run as the dashboard knows it: its replayed log, and its report built when first asked for. */
export interface CachedRun {
  runId: string;
  runDir: string;
  state: RunState;
  report(): RunReport;
  /** The model the run fine-tunes: its first experiment's `model_name_or_path`, as a name. */
  backbone(): string | null;
}

export interface RunCache {
  readonly home: string;
  readonly runsDir: string;
  /** Every run folder under `<home>/runs`, newest first, and those whose log cannot be read. */
  scan(): { runs: CachedRun[]; problems: StoreProblem[] };
  /** One run; an unknown id or an unreadable log is an FtdojoError that says what to do. */
  get(runId: string): CachedRun;
}

const RUN_ID = /^[a-z0-9][a-z0-9._-]*$/;

function backboneOf(runDir: string, state: RunState): string | null {
  const candidates = [...state.experiments.keys()].flatMap((id) => [experimentPaths(runDir, id).trainedConfig, experimentPaths(runDir, id).submittedConfig]);
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    try {
      const model = (parseYaml(readFileSync(path, 'utf8')) as Record<string, unknown> | null)?.model_name_or_path;
      if (typeof model === 'string' && model) return model.startsWith('/') ? basename(model) : model;
    } catch {
      // An unreadable config says nothing about the backbone; the experiment page names the file.
    }
  }
  return null;
}

function problemOf(runDir: string, error: unknown): StoreProblem {
  const message = error instanceof Error ? error.message : String(error);
  const hint =
    error instanceof FtdojoError && error.hint
      ? error.hint
      : "the log is the run's record: mend or remove the line it names, or move the folder out of the runs folder";
  return { runDir, message, hint };
}

/**
 * Reads the run store for the dashboard without writing to it: each run's log is replayed once
 * and kept until the log grows, its writer comes or goes, or the base model's test report lands
 * (sizes, mtimes and liveness key the cache), so polling hundreds of runs costs a few stats
 * each. The SQLite index is left to the CLI.
 */
export function createRunCache(home: string, options: Pick<BuildRunReportOptions, 'diagnose'> = {}): RunCache {
  const runsDir = resolve(runsDirectory(home));
  const entries = new Map<string, { key: string; run: CachedRun }>();

  const load = (runId: string): CachedRun => {
    const runDir = join(runsDir, runId);
    const logPath = eventLogPath(runDir);
    const stat = statSync(logPath, { throwIfNoEntry: false });
    if (!stat)
      throw new FtdojoError('MISSING_DATA', `no run "${runId}" in ${runsDir}`, { hint: 'pick a run from the runs list; `ftdojo runs` lists them too' });
    const previous = entries.get(runId);
    const finished = previous && ['completed', 'failed', 'stopped'].includes(previous.run.state.status);
    const live = finished ? false : liveWriter(writerLockPath(logPath)) !== null;
    // The base model's test report is copied in after run-finished: a report built before it would keep a blank.
    const baseTest = statSync(join(runDir, 'base-test', 'report.json'), { throwIfNoEntry: false });
    const key = `${stat.size}:${stat.mtimeMs}:${live}:${baseTest?.mtimeMs ?? 0}`;
    if (previous?.key === key) return previous.run;
    const state = replayRun(readEventLog(logPath).events, { live });
    let report: RunReport | null = null;
    let backbone: string | null | undefined;
    const run: CachedRun = {
      runId,
      runDir,
      state,
      report: () => (report ??= runReportOf(state, runDir, { ...options, home })),
      backbone: () => (backbone === undefined ? (backbone = backboneOf(runDir, state)) : backbone),
    };
    entries.set(runId, { key, run });
    return run;
  };

  return {
    home,
    runsDir,
    scan() {
      const runs: CachedRun[] = [];
      const problems: StoreProblem[] = [];
      const folders = existsSync(runsDir) ? readdirSync(runsDir, { withFileTypes: true }) : [];
      const seen = new Set<string>();
      for (const folder of folders) {
        if (!folder.isDirectory() || !RUN_ID.test(folder.name) || !existsSync(eventLogPath(join(runsDir, folder.name)))) continue;
        seen.add(folder.name);
        try {
          runs.push(load(folder.name));
        } catch (error) {
          problems.push(problemOf(join(runsDir, folder.name), error));
        }
      }
      for (const runId of entries.keys()) if (!seen.has(runId)) entries.delete(runId);
      runs.sort((a, b) => b.state.startedAt.localeCompare(a.state.startedAt));
      return { runs, problems };
    },
    get(runId) {
      if (!RUN_ID.test(runId))
        throw new FtdojoError('INVALID_INPUT', `"${runId}" is not a run id`, { hint: 'run ids look like financeiq-mini-20261127-010721-b860' });
      try {
        return load(runId);
      } catch (error) {
        if (error instanceof FtdojoError && error.code === 'MISSING_DATA') throw error;
        const problem = problemOf(join(runsDir, runId), error);
        throw new FtdojoError('CORRUPT_DATA', `run ${runId} cannot be read: ${problem.message}`, { hint: problem.hint, cause: error });
      }
    },
  };
}
