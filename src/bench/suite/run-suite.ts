import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import type { BenchAgent, ProfileName } from '../../core/index.js';
import { primaryMetric } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import { writeJsonAtomically } from '../../runtime/index.js';
import type { TaskDefinition } from '../../tasks/index.js';
import type { AttemptOptions, AttemptOutcome, ResolvedTask } from './run-attempt.js';
import { runAttempt } from './run-attempt.js';
import { assertSuiteBaseModel, taskBaseModel } from './suite-base-model.js';
import type { Leaderboard, SuiteRow } from './leaderboard.js';
import { buildLeaderboard } from './leaderboard.js';

export interface RunSuiteOptions {
  tasks: readonly ResolvedTask[];
  profile: ProfileName;
  agents: readonly BenchAgent[];
  seeds: number;
  /** Run this one seed only (what one cluster job of a suite runs); all of 0..seeds-1 otherwise. */
  onlySeed?: number | undefined;
  budgetSeconds: number;
  evalLimit: number | null;
  repository: DataRepository;
  runtime: RuntimeConfig;
  sandboxFor: AttemptOptions['sandboxFor'];
  /** rows.jsonl (one line per finished run: what a resumed suite skips) and leaderboard.json. */
  outDir: string;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: SuiteEvent) => void) | undefined;
}

/** The seeds a suite runs: 0..seeds-1, or the one it was told to. */
export function suiteSeeds(options: { seeds: number; onlySeed?: number | undefined }): number[] {
  return options.onlySeed === undefined ? Array.from({ length: options.seeds }, (_, seed) => seed) : [options.onlySeed];
}

export type SuiteEvent = { kind: 'start'; task: string; agent: string; seed: number; skipped: boolean } | { kind: 'scored'; row: SuiteRow };

export function readSuiteRows(outDir: string): SuiteRow[] {
  const path = join(outDir, 'rows.jsonl');
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as SuiteRow)
    : [];
}

/**
 * Runs every agent on every task for every seed, one after another (they share the CPU), each
 * as one attempt of the harness (run-attempt.ts: a dojo session, then held-out scoring once, the
 * same for every agent). Each finished run is appended to rows.jsonl before the next starts, so a
 * suite stopped at any point goes on where it was when run again with the same folder (and the
 * same base model: each row records its own, and a folder of another one is refused).
 */
export async function runSuite(options: RunSuiteOptions): Promise<{ rows: SuiteRow[]; leaderboard: Leaderboard }> {
  await mkdir(options.outDir, { recursive: true });
  const rows = readSuiteRows(options.outDir);
  const models = new Map(options.tasks.map((resolved) => [resolved.task.spec.id, taskBaseModel(resolved, options.profile, options.runtime)]));
  // Before anything runs: a resumed folder on another base model is refused, not mixed.
  assertSuiteBaseModel(options.outDir, rows, [...models.values()]);
  const done = new Set(rows.map((row) => `${row.task}/${row.agent}/${row.seed}`));
  for (const resolved of options.tasks) {
    const task = resolved.task;
    for (const seed of suiteSeeds(options)) {
      for (const agent of options.agents) {
        const skipped = done.has(`${task.spec.id}/${agent.name}/${seed}`);
        options.onEvent?.({ kind: 'start', task: task.spec.id, agent: agent.name, seed, skipped });
        if (skipped) continue;
        if (options.signal?.aborted) return finish(rows, options.outDir);
        const attempt = await runAttempt({
          resolved,
          profile: options.profile,
          agent,
          seed,
          budgetSeconds: options.budgetSeconds,
          evalLimit: options.evalLimit,
          runtime: options.runtime,
          repository: options.repository,
          sandboxFor: options.sandboxFor,
          outsideTestDir: join(options.outDir, 'test', task.spec.id, `${agent.name}-seed${seed}`),
          signal: options.signal,
        });
        if (attempt.result.state === 'stopped') return finish(rows, options.outDir);
        const row = await appendSuiteRow(options.outDir, { task, agent: agent.name, seed, attempt, baseModel: models.get(task.spec.id)!.baseModel });
        rows.push(row);
        options.onEvent?.({ kind: 'scored', row });
      }
    }
  }
  return finish(rows, options.outDir);
}

/**
 * One finished attempt as a row of rows.jsonl (appended, so a stopped suite keeps it), with the
 * integrity audit's flags, and leaderboard.json rebuilt from every row. Also how a door records
 * the attempts of outside agents, whose sessions end one by one with no suite to finish.
 */
export async function appendSuiteRow(
  outDir: string,
  entry: { task: TaskDefinition; agent: string; seed: number; attempt: AttemptOutcome; baseModel?: string | undefined },
): Promise<SuiteRow> {
  const { result } = entry.attempt;
  const metric = primaryMetric(entry.task.spec);
  const row: SuiteRow = {
    task: entry.task.spec.id,
    agent: entry.agent,
    seed: entry.seed,
    state: result.state,
    metric: metric.name,
    direction: metric.direction,
    test: entry.attempt.test?.report.primary.value ?? null,
    scoring: entry.attempt.test?.report.scoring ?? entry.attempt.scoring,
    iterations: result.iterations,
    failuresCaughtEarly: result.failuresCaughtEarly,
    succeeded: result.succeeded,
    seconds: entry.attempt.seconds,
    runRef: result.runRef,
    note: entry.attempt.note,
    flags: entry.attempt.audit?.flags ?? [],
    ...(entry.baseModel ? { baseModel: entry.baseModel } : {}),
    ...(entry.attempt.test ? { fingerprint: entry.attempt.test.fingerprint.digest } : {}),
  };
  return recordSuiteRow(outDir, row);
}

/** Appends a finished row to rows.jsonl and rebuilds leaderboard.json from every row (one writer per suite folder). */
export async function recordSuiteRow(outDir: string, row: SuiteRow): Promise<SuiteRow> {
  await mkdir(outDir, { recursive: true });
  await appendFile(join(outDir, 'rows.jsonl'), `${JSON.stringify(row)}\n`);
  await writeJsonAtomically(join(outDir, 'leaderboard.json'), buildLeaderboard(readSuiteRows(outDir)));
  return row;
}

async function finish(rows: SuiteRow[], outDir: string): Promise<{ rows: SuiteRow[]; leaderboard: Leaderboard }> {
  const leaderboard = buildLeaderboard(rows);
  await writeJsonAtomically(join(outDir, 'leaderboard.json'), leaderboard);
  return { rows, leaderboard };
}
