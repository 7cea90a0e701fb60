import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SuiteJob, SuiteJobsLedger, SuiteRow } from '../../core/index.js';
import { FtdojoError, SUITE_JOBS_VERSION, SuiteJobsLedgerSchema, suiteCellKey } from '../../core/index.js';
import type { RayJobInfo, RayJobsClient } from '../../runners/index.js';
import { classifyJobFailure, logTailOf } from '../../runners/index.js';
import { writeJsonAtomically } from '../../runtime/index.js';
import type { Leaderboard } from './leaderboard.js';
import { buildLeaderboard } from './leaderboard.js';
import { readSuiteRows, recordSuiteRow } from './run-suite.js';

/** One cell of a suite: what one cluster job runs. */
export interface SuiteCell {
  task: string;
  agent: string;
  seed: number;
}

export interface RaySuiteOptions {
  client: RayJobsClient;
  /** The suite's cells in the order the local executor runs them (task, seed, agent). */
  cells: readonly SuiteCell[];
  /** The store: a folder every node sees (rows.jsonl, leaderboard.json, jobs.json, jobs/). */
  outDir: string;
  /** At most this many jobs submitted and not finished at once (Ray fails jobs left pending too long). */
  maxJobs: number;
  /** The shell command one job runs for its cell: a one-cell `ftdojo bench` writing its row into `folder`. */
  entrypoint(cell: SuiteCell, folder: string): string;
  runtimeEnv: Record<string, unknown>;
  resources: { numCpus: number; numGpus: number };
  pollMs?: number | undefined;
  /** How long a head may stop answering before the driver gives up (default 120 s); the jobs are not stopped. */
  headGraceMs?: number | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: RaySuiteEvent) => void) | undefined;
}

export type RaySuiteEvent =
  | { kind: 'skipped'; cell: SuiteCell }
  | { kind: 'submitted' | 'attached' | 'running'; job: SuiteJob }
  | { kind: 'scored'; job: SuiteJob; row: SuiteRow }
  | { kind: 'failed'; job: SuiteJob }
  | { kind: 'unreachable'; message: string; seconds: number };

export interface RaySuiteResult {
  rows: SuiteRow[];
  leaderboard: Leaderboard;
  ledger: SuiteJobsLedger;
  /** True when the suite was stopped (its jobs stopped); a run with the same --out goes on. */
  stopped: boolean;
}

export function readSuiteJobs(outDir: string): SuiteJobsLedger | null {
  const path = join(outDir, 'jobs.json');
  if (!existsSync(path)) return null;
  const parsed = SuiteJobsLedgerSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new FtdojoError('INVALID_INPUT', `${path} is not a suite jobs ledger this version reads: ${parsed.error.message}`, {
      hint: `move ${path} aside and run the suite again with the same --out: finished rows are kept, unfinished cells are submitted again`,
    });
  return parsed.data;
}

const TERMINAL = new Set(['succeeded', 'failed', 'stopped']);

/**
 * Runs a suite as Ray jobs, one per cell: submits up to `maxJobs` at a time, polls their status,
 * and appends each finished job's row to the store's rows.jsonl as it arrives (the leaderboard is
 * rebuilt with each). A job that dies is recorded with its class and log tail and never gives a
 * row. Run again with the same store, it re-attaches to jobs still running (by submission id),
 * takes the rows of jobs that finished meanwhile, and resubmits those that failed, were stopped
 * or vanished. When `signal` aborts, it stops the jobs it has in flight.
 */
export async function runSuiteOnRay(options: RaySuiteOptions): Promise<RaySuiteResult> {
  const { client, outDir } = options;
  await client.version();
  await mkdir(outDir, { recursive: true });
  const rows = readSuiteRows(outDir);
  const done = new Set(rows.map((row) => suiteCellKey(row)));
  const ledger: SuiteJobsLedger = readSuiteJobs(outDir) ?? {
    schemaVersion: SUITE_JOBS_VERSION,
    executor: 'ray',
    address: client.address,
    suite: randomBytes(4).toString('hex'),
    jobs: [],
  };
  ledger.address = client.address;
  const save = () => writeJsonAtomically(join(outDir, 'jobs.json'), ledger);
  const latest = (cell: SuiteCell) => ledger.jobs.filter((job) => suiteCellKey(job) === suiteCellKey(cell)).at(-1);
  const inFlight: SuiteJob[] = [];
  const queue: SuiteCell[] = [];
  const now = () => new Date().toISOString();

  const finish = async (job: SuiteJob, info: RayJobInfo | null) => {
    const logs = info ? await client.logs(job.submissionId).catch(() => '') : '';
    job.logTail = logs ? logTailOf(logs) : job.logTail;
    job.clusterStatus = info?.status ?? null;
    job.updatedAt = now();
    if (info?.status === 'SUCCEEDED') {
      const row = readSuiteRows(job.folder).find((candidate) => suiteCellKey(candidate) === suiteCellKey(job));
      if (row) {
        job.state = 'succeeded';
        job.failure = null;
        await recordSuiteRow(outDir, row);
        rows.push(row);
        done.add(suiteCellKey(row));
        options.onEvent?.({ kind: 'scored', job, row });
        return;
      }
      job.state = 'failed';
      job.failure = { class: 'no-row', message: `the job exited 0 but ${join(job.folder, 'rows.jsonl')} has no row for its cell` };
    } else if (info?.status === 'STOPPED') {
      job.state = 'stopped';
      job.failure = null;
    } else {
      job.state = 'failed';
      job.failure = info
        ? classifyJobFailure(info, job.logTail)
        : { class: 'vanished', message: `the cluster at ${client.address} no longer knows job ${job.submissionId} (a restarted head forgets its jobs)` };
    }
    if (job.state === 'failed') options.onEvent?.({ kind: 'failed', job });
  };

  const submit = async (cell: SuiteCell) => {
    const attempt = (latest(cell)?.attempt ?? 0) + 1;
    const submissionId = submissionIdFor(ledger.suite, cell, attempt);
    const folder = join(outDir, 'jobs', cell.task, `${safe(cell.agent)}-seed${cell.seed}-a${attempt}`);
    await mkdir(folder, { recursive: true });
    await client.submit({
      entrypoint: options.entrypoint(cell, folder),
      submissionId,
      runtimeEnv: options.runtimeEnv,
      metadata: { ftdojo_suite: basename(outDir), task: cell.task, agent: cell.agent, seed: String(cell.seed) },
      numCpus: options.resources.numCpus,
      ...(options.resources.numGpus > 0 ? { numGpus: options.resources.numGpus } : {}),
    });
    const job: SuiteJob = {
      ...cell,
      submissionId,
      attempt,
      state: 'pending',
      clusterStatus: 'PENDING',
      failure: null,
      logTail: '',
      folder,
      submittedAt: now(),
      updatedAt: now(),
    };
    ledger.jobs.push(job);
    inFlight.push(job);
    await save();
    options.onEvent?.({ kind: 'submitted', job });
  };

  // What this run has to do: re-attach to what still runs, collect what finished, queue the rest.
  for (const cell of options.cells) {
    if (done.has(suiteCellKey(cell))) {
      options.onEvent?.({ kind: 'skipped', cell });
      continue;
    }
    const job = latest(cell);
    if (job && !TERMINAL.has(job.state)) {
      const info = await client.status(job.submissionId);
      if (info && (info.status === 'PENDING' || info.status === 'RUNNING')) {
        inFlight.push(job);
        options.onEvent?.({ kind: 'attached', job });
        continue;
      }
      await finish(job, info);
      await save();
      if (job.state === 'succeeded') continue;
    }
    queue.push(cell);
  }

  const pollMs = options.pollMs ?? 5_000;
  let lastLogs = 0;
  let unreachableSince: number | null = null;
  while ((queue.length > 0 || inFlight.length > 0) && !options.signal?.aborted) {
    while (queue.length > 0 && inFlight.length < options.maxJobs && !options.signal?.aborted) await submit(queue.shift()!);
    await sleep(pollMs, options.signal);
    if (options.signal?.aborted) break;
    const refreshLogs = Date.now() - lastLogs > 30_000;
    if (refreshLogs) lastLogs = Date.now();
    try {
      await pollOnce(refreshLogs);
      unreachableSince = null;
    } catch (error) {
      // A head that stops answering for a while (a restart, the network) is waited for; the jobs run on without us.
      if (!(error instanceof FtdojoError && error.retryable)) throw error;
      unreachableSince ??= Date.now();
      const seconds = Math.round((Date.now() - unreachableSince) / 1000);
      if (seconds * 1000 >= (options.headGraceMs ?? 120_000))
        throw new FtdojoError('CLUSTER', `the Ray head at ${client.address} has not answered for ${seconds} s: ${error.message}`, {
          hint: `its jobs may still run: when the head answers again, run the same command (--store ${outDir}) to re-attach to them`,
          retryable: true,
          fault: 'environment',
          cause: error,
        });
      options.onEvent?.({ kind: 'unreachable', message: error.message, seconds });
    }
    await save();
  }

  async function pollOnce(refreshLogs: boolean): Promise<void> {
    for (const job of [...inFlight]) {
      const info = await client.status(job.submissionId);
      if (info && (info.status === 'PENDING' || info.status === 'RUNNING')) {
        const state = info.status === 'RUNNING' ? 'running' : 'pending';
        const changed = job.state !== state;
        job.state = state;
        job.clusterStatus = info.status;
        job.updatedAt = now();
        if (refreshLogs || changed) job.logTail = logTailOf(await client.logs(job.submissionId).catch(() => job.logTail));
        if (changed && state === 'running') options.onEvent?.({ kind: 'running', job });
        continue;
      }
      await finish(job, info);
      inFlight.splice(inFlight.indexOf(job), 1);
    }
  }

  const stopped = options.signal?.aborted ?? false;
  if (stopped) {
    for (const job of inFlight) {
      await client.stop(job.submissionId).catch(() => false);
      job.state = 'stopped';
      job.clusterStatus = 'STOPPED';
      job.updatedAt = now();
    }
    await save();
  }
  const leaderboard = buildLeaderboard(rows);
  await writeJsonAtomically(join(outDir, 'leaderboard.json'), leaderboard);
  return { rows, leaderboard, ledger, stopped };
}

/** Ray's submission id of a cell's attempt: unique per suite ledger, readable in `ray job list`. */
export function submissionIdFor(suite: string, cell: SuiteCell, attempt: number): string {
  return `ftdojo-${suite}-${safe(cell.task)}-${safe(cell.agent)}-s${cell.seed}-a${attempt}`;
}

function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
