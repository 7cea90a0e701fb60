import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { LeaderboardPayload, StoreProblem, SuiteView } from '../core/index.js';
import { DASHBOARD_API_VERSION } from '../core/index.js';
import { buildLeaderboard, readSuiteJobs, readSuiteRows } from '../bench/index.js';

export function benchDirectory(home: string): string {
  return resolve(join(home, 'bench'));
}

/** Suite folders: every folder under `<home>/bench` with a rows.jsonl (or a cluster suite's jobs.json), and the extra ones named. */
function suiteFolders(benchDir: string, extra: readonly string[]): string[] {
  const found = existsSync(benchDir)
    ? readdirSync(benchDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && ['rows.jsonl', 'jobs.json'].some((file) => existsSync(join(benchDir, entry.name, file))))
        .map((entry) => join(benchDir, entry.name))
    : [];
  return [...new Set([...found, ...extra.map((dir) => resolve(dir))])].sort().reverse();
}

/** The bench suites' leaderboards, rebuilt from their rows (the rows are the record). */
export function leaderboardPayload(home: string, extraSuites: readonly string[] = []): LeaderboardPayload {
  const benchDir = benchDirectory(home);
  const suites: SuiteView[] = [];
  const problems: StoreProblem[] = [];
  for (const dir of suiteFolders(benchDir, extraSuites)) {
    try {
      const rows = readSuiteRows(dir);
      const jobs = readSuiteJobs(dir)?.jobs;
      if (!rows.length && !jobs?.length) continue;
      const perCell = new Map<string, number>();
      for (const row of rows) perCell.set(`${row.task}\u0000${row.agent}`, (perCell.get(`${row.task}\u0000${row.agent}`) ?? 0) + 1);
      suites.push({ name: basename(dir), dir, rows, leaderboard: buildLeaderboard(rows), seeds: Math.max(0, ...perCell.values()), ...(jobs ? { jobs } : {}) });
    } catch (error) {
      problems.push({
        runDir: dir,
        message: `rows.jsonl or jobs.json cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'each line of rows.jsonl is one finished run; remove a damaged line and run the suite again with the same --out to redo it',
      });
    }
  }
  return { apiVersion: DASHBOARD_API_VERSION, benchDir, suites, problems };
}
