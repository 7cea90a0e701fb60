import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SuiteJobsLedger, SuiteRow } from '../../core/index.js';
import { FtdojoError, SUITE_JOBS_VERSION } from '../../core/index.js';
import type { RayJobInfo, RayJobRequest, RayJobsClient, RayJobStatus } from '../../runners/index.js';
import type { RaySuiteEvent, SuiteCell } from './ray-suite.js';
import { runSuiteOnRay } from './ray-suite.js';

/*
 * The suite driver's bookkeeping (at most N jobs at once, rows as jobs finish, failure classes,
 * re-attach, resubmission, a head that stops answering) against a TEST DOUBLE of the Ray Jobs
 * API: a job moves PENDING → RUNNING → its scripted end, one step per status call, and a job that
 * succeeds writes its row where the real one-cell `ftdojo bench` would. The real head is in
 * src/cli/commands/bench-ray-cluster.test.ts.
 */
const root = mkdtempSync(join(tmpdir(), 'ftdojo-ray-suite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type End = 'succeed' | 'kill' | 'vanish';

function fakeCluster(endOf: (submissionId: string) => End, options: { unreachablePolls?: number } = {}) {
  const jobs = new Map<string, { request: RayJobRequest; steps: RayJobStatus[]; folder: string }>();
  const submitted: string[] = [];
  let busiest = 0;
  let unreachable = options.unreachablePolls ?? 0;
  const row = (cell: SuiteCell): SuiteRow => ({
    ...cell,
    state: 'completed',
    metric: 'accuracy',
    direction: 'higher',
    test: cell.seed / 10,
    iterations: 1,
    failuresCaughtEarly: 0,
    succeeded: 1,
    seconds: 5,
    runRef: null,
    note: '',
    fingerprint: `digest-${cell.task}-${cell.agent}-${cell.seed}`,
  });
  const client: RayJobsClient = {
    address: 'http://fake-head:8265',
    version: async () => ({ rayVersion: '2.60.0', apiVersion: '4' }),
    capacity: async () => null,
    async submit(request) {
      const end = endOf(request.submissionId);
      const steps: RayJobStatus[] = ['PENDING', 'RUNNING', end === 'kill' ? 'FAILED' : 'SUCCEEDED'];
      jobs.set(request.submissionId, { request, steps, folder: request.entrypoint.replace(/^run /, '') });
      submitted.push(request.submissionId);
      return request.submissionId;
    },
    async status(id) {
      if (unreachable > 0) {
        unreachable -= 1;
        throw new FtdojoError('CLUSTER', 'no Ray head answers at http://fake-head:8265: connect ECONNREFUSED', { retryable: true, fault: 'environment' });
      }
      const job = jobs.get(id);
      if (!job || endOf(id) === 'vanish') return null;
      const status = job.steps.length > 1 ? job.steps.shift()! : job.steps[0]!;
      busiest = Math.max(busiest, [...jobs.values()].filter((entry) => entry.steps.length > 1).length);
      if (status === 'SUCCEEDED') {
        const cell = JSON.parse(job.request.metadata!.cell!) as SuiteCell;
        writeFileSync(join(job.folder, 'rows.jsonl'), `${JSON.stringify(row(cell))}\n`);
      }
      const info: RayJobInfo = {
        submission_id: id,
        status,
        message: status === 'FAILED' ? 'Job entrypoint command failed with exit code -9' : 'ok',
        error_type: status === 'FAILED' ? 'JOB_ENTRYPOINT_COMMAND_ERROR' : null,
        driver_exit_code: status === 'FAILED' ? -9 : null,
      };
      return info;
    },
    logs: async (id) => `log of ${id}\nlast line`,
    stop: async () => true,
  };
  return { client, submitted, busiest: () => busiest };
}

const cells: SuiteCell[] = [0, 1].flatMap((seed) => ['base', 'fixed-recipe'].map((agent) => ({ task: 'financeiq', agent, seed })));

function suite(outDir: string, cluster: ReturnType<typeof fakeCluster>, extra: { maxJobs?: number; headGraceMs?: number } = {}) {
  const events: RaySuiteEvent[] = [];
  const run = runSuiteOnRay({
    client: cluster.client,
    cells,
    outDir,
    maxJobs: extra.maxJobs ?? 2,
    entrypoint: (_cell, folder) => `run ${folder}`,
    runtimeEnv: {},
    resources: { numCpus: 2, numGpus: 0 },
    pollMs: 1,
    headGraceMs: extra.headGraceMs,
    onEvent: (event) => events.push(event),
  });
  return { run, events };
}

// The fake needs each job's cell to write its row: the metadata carries task, agent and seed.
const withCellMetadata = (cluster: ReturnType<typeof fakeCluster>) => {
  const submit = cluster.client.submit.bind(cluster.client);
  cluster.client.submit = (request) => {
    const { task, agent, seed } = request.metadata!;
    return submit({ ...request, metadata: { ...request.metadata, cell: JSON.stringify({ task, agent, seed: Number(seed) }) } });
  };
  return cluster;
};

const ledgerOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'jobs.json'), 'utf8')) as SuiteJobsLedger;

describe('runSuiteOnRay', () => {
  it('keeps at most --max-jobs in flight, appends each row as its job ends, and reports a killed job with its class and no row', async () => {
    const dir = join(root, 'first');
    const cluster = withCellMetadata(fakeCluster((id) => (id.includes('fixed-recipe-s1') ? 'kill' : 'succeed')));
    const { run, events } = suite(dir, cluster);
    const result = await run;
    expect(cluster.busiest()).toBeLessThanOrEqual(2);
    expect(result.rows.map((row) => `${row.agent}/${row.seed}`).sort()).toEqual(['base/0', 'base/1', 'fixed-recipe/0']);
    expect(result.leaderboard.entries.map((entry) => [entry.agent, entry.runs])).toEqual([
      ['base', 2],
      ['fixed-recipe', 1],
    ]);
    const killed = ledgerOf(dir).jobs.find((job) => job.agent === 'fixed-recipe' && job.seed === 1)!;
    expect(killed).toMatchObject({
      state: 'failed',
      clusterStatus: 'FAILED',
      attempt: 1,
      failure: { class: 'killed' },
      logTail: expect.stringContaining('last line'),
    });
    expect(events.filter((event) => event.kind === 'failed')).toHaveLength(1);

    // The same suite again: the killed cell is submitted again (attempt 2); the rest is kept.
    const again = withCellMetadata(fakeCluster(() => 'succeed'));
    const second = await suite(dir, again).run;
    expect(again.submitted).toEqual([expect.stringMatching(/-financeiq-fixed-recipe-s1-a2$/)]);
    expect(second.rows).toHaveLength(4);
  });

  it('re-attaches to a job still running, and resubmits one the head no longer knows', async () => {
    const dir = join(root, 'resume');
    mkdirSync(dir, { recursive: true });
    const job = (agent: string, seed: number, submissionId: string) => ({
      task: 'financeiq',
      agent,
      seed,
      submissionId,
      attempt: 1,
      state: 'running' as const,
      clusterStatus: 'RUNNING',
      failure: null,
      logTail: '',
      folder: join(dir, 'jobs', 'financeiq', `${agent}-seed${seed}-a1`),
      submittedAt: '2026-12-03T22:00:00.000Z',
      updatedAt: '2026-12-03T22:00:00.000Z',
    });
    // What a driver killed mid-run left: two cells running.
    const ledger: SuiteJobsLedger = {
      schemaVersion: SUITE_JOBS_VERSION,
      executor: 'ray',
      address: 'http://fake-head:8265',
      suite: 'cafe0001',
      jobs: [job('base', 0, 'ftdojo-cafe0001-financeiq-base-s0-a1'), job('fixed-recipe', 0, 'ftdojo-cafe0001-financeiq-fixed-recipe-s0-a1')],
    };
    for (const entry of ledger.jobs) mkdirSync(entry.folder, { recursive: true });
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify(ledger));
    const cluster = withCellMetadata(fakeCluster((id) => (id === 'ftdojo-cafe0001-financeiq-fixed-recipe-s0-a1' ? 'vanish' : 'succeed')));
    // The head still runs the base job (as if submitted before the driver died).
    await cluster.client.submit({
      entrypoint: `run ${ledger.jobs[0]!.folder}`,
      submissionId: ledger.jobs[0]!.submissionId,
      metadata: { task: 'financeiq', agent: 'base', seed: '0' },
    });
    cluster.submitted.length = 0;
    const { run, events } = suite(dir, cluster);
    const result = await run;
    expect(events.filter((event) => event.kind === 'attached').map((event) => (event as { job: { submissionId: string } }).job.submissionId)).toEqual([
      'ftdojo-cafe0001-financeiq-base-s0-a1',
    ]);
    const vanished = ledgerOf(dir).jobs.find((entry) => entry.submissionId === 'ftdojo-cafe0001-financeiq-fixed-recipe-s0-a1')!;
    expect(vanished).toMatchObject({ state: 'failed', failure: { class: 'vanished' } });
    // Seed 0: only the vanished cell was submitted again; the running one was followed, not resubmitted.
    expect(cluster.submitted.filter((id) => id.includes('-s0-'))).toEqual(['ftdojo-cafe0001-financeiq-fixed-recipe-s0-a2']);
    expect(
      ledgerOf(dir)
        .jobs.filter((entry) => entry.agent === 'base' && entry.seed === 0)
        .map((entry) => [entry.attempt, entry.state]),
    ).toEqual([[1, 'succeeded']]);
    expect(result.rows).toHaveLength(4);
  });

  it('waits for a head that stops answering for a while, and gives up with how to re-attach when it does not come back', async () => {
    const patient = withCellMetadata(fakeCluster(() => 'succeed', { unreachablePolls: 3 }));
    const { run, events } = suite(join(root, 'patient'), patient);
    expect((await run).rows).toHaveLength(4);
    expect(events.some((event) => event.kind === 'unreachable')).toBe(true);

    const gone = withCellMetadata(fakeCluster(() => 'succeed', { unreachablePolls: 1_000_000 }));
    const error = await suite(join(root, 'gone'), gone, { headGraceMs: 20 }).run.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FtdojoError);
    expect((error as FtdojoError).message).toMatch(/the Ray head at http:\/\/fake-head:8265 has not answered for \d+ s/);
    expect((error as FtdojoError).hint).toContain(`run the same command (--store ${join(root, 'gone')}) to re-attach`);
    expect(ledgerOf(join(root, 'gone')).jobs.every((job) => job.state === 'pending')).toBe(true);
  });
});
