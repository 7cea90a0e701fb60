import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import type { BenchAgent, ProfileName } from '../../core/index.js';
import { primaryMetric } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import { writeJsonAtomically } from '../../runtime/index.js';
import type { TaskDefinition } from '../../tasks/index.js';
import { baseTestDir, scoreHeldOut } from '../held-out/score-held-out.js';
import type { Leaderboard, SuiteRow } from './leaderboard.js';
import { buildLeaderboard } from './leaderboard.js';

export interface RunSuiteOptions {
  tasks: readonly TaskDefinition[];
  profile: ProfileName;
  agents: readonly BenchAgent[];
  seeds: number;
  budgetSeconds: number;
  evalLimit: number | null;
  repository: DataRepository;
  runtime: RuntimeConfig;
  /** rows.jsonl (one line per finished run: what a resumed suite skips) and leaderboard.json. */
  outDir: string;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: SuiteEvent) => void) | undefined;
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
 * Runs every agent on every task for every seed, one after another (they share the CPU), and
 * scores each chosen model once on the held-out test split: the harness's side of the protocol,
 * the same for every agent. Each finished run is appended to rows.jsonl before the next starts,
 * so a suite stopped at any point goes on where it was when run again with the same folder.
 */
export async function runSuite(options: RunSuiteOptions): Promise<{ rows: SuiteRow[]; leaderboard: Leaderboard }> {
  await mkdir(options.outDir, { recursive: true });
  const rows = readSuiteRows(options.outDir);
  const done = new Set(rows.map((row) => `${row.task}/${row.agent}/${row.seed}`));
  for (const task of options.tasks) {
    const metric = primaryMetric(task.spec);
    for (let seed = 0; seed < options.seeds; seed += 1) {
      for (const agent of options.agents) {
        const skipped = done.has(`${task.spec.id}/${agent.name}/${seed}`);
        options.onEvent?.({ kind: 'start', task: task.spec.id, agent: agent.name, seed, skipped });
        if (skipped) continue;
        if (options.signal?.aborted) return finish(rows, options.outDir);
        const started = Date.now();
        const result = await agent.run({ task: task.spec.id, profile: options.profile, seed, budgetSeconds: options.budgetSeconds, evalLimit: options.evalLimit, signal: options.signal });
        const seconds = Math.round((Date.now() - started) / 1000);
        if (result.state === 'stopped') return finish(rows, options.outDir);
        const limit = options.evalLimit ? { limit: options.evalLimit } : {};
        const outDir = result.adapterPath
          ? join(options.outDir, 'test', task.spec.id, `${agent.name}-seed${seed}`)
          : baseTestDir(options.runtime.home, task.spec.id, options.profile, options.evalLimit);
        let test: number | null = null;
        let note = result.note;
        if (result.state === 'completed') {
          try {
            const report = await scoreHeldOut({ task, profile: options.profile, repository: options.repository, runtime: options.runtime, adapterPath: result.adapterPath, outDir, ...limit });
            test = report.report.primary.value ?? null;
          } catch (error) {
            note = `held-out scoring failed: ${error instanceof Error ? error.message : String(error)}`;
          }
        }
        const row: SuiteRow = { task: task.spec.id, agent: agent.name, seed, state: result.state, metric: metric.name, direction: metric.direction, test, iterations: result.iterations, failuresCaughtEarly: result.failuresCaughtEarly, succeeded: result.succeeded, seconds, runRef: result.runRef, note };
        await appendFile(join(options.outDir, 'rows.jsonl'), `${JSON.stringify(row)}\n`);
        rows.push(row);
        options.onEvent?.({ kind: 'scored', row });
      }
    }
  }
  return finish(rows, options.outDir);
}

async function finish(rows: SuiteRow[], outDir: string): Promise<{ rows: SuiteRow[]; leaderboard: Leaderboard }> {
  const leaderboard = buildLeaderboard(rows);
  await writeJsonAtomically(join(outDir, 'leaderboard.json'), leaderboard);
  return { rows, leaderboard };
}
