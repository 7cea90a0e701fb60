import type { Direction, Leaderboard, LeaderboardEntry, ScoringMode, SuiteRow } from '../../core/index.js';
import { DEFAULT_SCORING_MODE, LEADERBOARD_VERSION } from '../../core/index.js';

export type { Leaderboard, LeaderboardEntry, SuiteRow } from '../../core/index.js';
export { LEADERBOARD_VERSION } from '../../core/index.js';

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

function spreadOf(values: number[]): number | null {
  if (values.length < 2) return null;
  const center = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - center) ** 2, 0) / (values.length - 1));
}

function perHour(group: readonly SuiteRow[]): number | null {
  const hours = group.reduce((sum, row) => sum + row.seconds, 0) / 3600;
  return hours > 0 ? group.reduce((sum, row) => sum + row.succeeded, 0) / hours : null;
}

/**
 * The fail-fast ablation: effective iterations per hour of `agent` over those of its
 * `agent:no-failfast` twin, over the tasks both ran; null when either is missing.
 */
export function failFastRatio(rows: readonly SuiteRow[], agent: string): { withFailFast: number; without: number; ratio: number } | null {
  const twin = `${agent}:no-failfast`;
  const tasks = new Set(rows.filter((row) => row.agent === twin).map((row) => row.task));
  const withFailFast = perHour(rows.filter((row) => row.agent === agent && tasks.has(row.task)));
  const without = perHour(rows.filter((row) => row.agent === twin));
  if (withFailFast === null || without === null || without === 0) return null;
  return { withFailFast, without, ratio: withFailFast / without };
}

/** A row's scoring mode: rows written before modes existed were scored as `corrected` scores now. */
export function rowScoring(row: Pick<SuiteRow, 'scoring'>): ScoringMode {
  return row.scoring ?? DEFAULT_SCORING_MODE;
}

/** Better in the metric's direction (a null score never wins). */
export function isBetter(a: number | null, b: number | null, direction: Direction): boolean {
  if (a === null) return false;
  if (b === null) return true;
  return direction === 'higher' ? a > b : a < b;
}

/**
 * The leaderboard over a suite's rows: per task, scoring mode and agent the mean and spread of the
 * held-out score over seeds (failed runs count as unscored, never as zero), iterations, failures
 * caught early, time and the integrity flags of its seeds; then, per agent, on how many tasks it
 * beat all the others. Scores of the two modes measure different things: they are never averaged
 * together, and only entries of the same mode compete (a task scored both ways is two tasks).
 */
export function buildLeaderboard(rows: readonly SuiteRow[]): Leaderboard {
  const groups = new Map<string, SuiteRow[]>();
  for (const row of rows) {
    const key = `${row.task}\u0000${rowScoring(row)}\u0000${row.agent}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const entries: LeaderboardEntry[] = [...groups.values()].map((group) => {
    const first = group[0]!;
    const scores = group.map((row) => row.test).filter((value): value is number => value !== null);
    return {
      task: first.task,
      agent: first.agent,
      metric: first.metric,
      direction: first.direction,
      scoring: rowScoring(first),
      runs: scores.length,
      mean: scores.length ? mean(scores) : null,
      spread: spreadOf(scores),
      iterations: mean(group.map((row) => row.iterations)),
      failuresCaughtEarly: group.reduce((sum, row) => sum + row.failuresCaughtEarly, 0),
      effectivePerHour: perHour(group),
      seconds: mean(group.map((row) => row.seconds)),
      best: false,
      // Any seed's flag stands for the entry: a flagged run is one too many (rows before the audit have none).
      flags: [...new Set(group.flatMap((row) => row.flags ?? []))].sort(),
    };
  });
  // A task scored in both modes counts as two: its entries compete within their mode only.
  const cell = (entry: Pick<LeaderboardEntry, 'task' | 'scoring'>) => `${entry.task}\u0000${entry.scoring}`;
  const tasks = [...new Set(entries.map(cell))];
  for (const task of tasks) {
    const onTask = entries.filter((entry) => cell(entry) === task);
    for (const entry of onTask) entry.best = entry.mean !== null && !onTask.some((other) => isBetter(other.mean, entry.mean, entry.direction));
  }
  const agents = [...new Set(entries.map((entry) => entry.agent))];
  const wins = agents.map((agent) => {
    const against = agents.filter((other) => other !== agent);
    const won = tasks.filter((task) => {
      const mine = entries.find((entry) => cell(entry) === task && entry.agent === agent);
      return (
        mine &&
        against.every((other) => isBetter(mine.mean, entries.find((entry) => cell(entry) === task && entry.agent === other)?.mean ?? null, mine.direction))
      );
    });
    return { agent, against, tasks: won.length, of: tasks.length };
  });
  return { schemaVersion: LEADERBOARD_VERSION, entries, wins };
}
