import { z } from 'zod';

/**
 * A suite run on a cluster keeps one ledger, `<store>/jobs.json`: for every cell of the suite
 * (task × agent × seed) the cluster job that runs it, its state, and for a job that died its class
 * and the tail of its log. Only the suite's driver writes it (one writer); the jobs write their own
 * folders. A resumed suite reads it to re-attach to jobs still running and to resubmit the ones
 * that failed or vanished; the dashboard reads it to show each job's state.
 */
export const SUITE_JOBS_VERSION = 1;

export const SuiteJobStateSchema = z.enum(['pending', 'running', 'succeeded', 'failed', 'stopped']);
export type SuiteJobState = z.infer<typeof SuiteJobStateSchema>;

/**
 * Why a job died, in classes a user acts on differently:
 * - killed: its process got SIGKILL (the kernel's OOM killer, Ray's memory monitor, `kill -9`);
 * - out-of-memory: the log or Ray's message names memory;
 * - node-lost: the node or the job's supervisor died under it;
 * - unschedulable: no node could give it the CPUs/GPUs it asked for in time;
 * - entrypoint-failed: the command exited with an error of its own (see the log tail);
 * - no-row: it exited 0 but left no row in its folder;
 * - vanished: the cluster no longer knows it (a restarted head forgets its jobs).
 */
export const JobFailureClassSchema = z.enum(['killed', 'out-of-memory', 'node-lost', 'unschedulable', 'entrypoint-failed', 'no-row', 'vanished']);
export type JobFailureClass = z.infer<typeof JobFailureClassSchema>;

export const SuiteJobSchema = z.object({
  task: z.string(),
  agent: z.string(),
  seed: z.number().int().nonnegative(),
  /** The cluster's id for the job (Ray's submission_id): how a resumed suite finds it again. */
  submissionId: z.string(),
  /** 1 for the first submission of this cell, 2 for its first resubmission... */
  attempt: z.number().int().positive(),
  state: SuiteJobStateSchema,
  /** The cluster's own status word (PENDING, RUNNING, SUCCEEDED, FAILED, STOPPED) when last seen. */
  clusterStatus: z.string().nullable(),
  failure: z.object({ class: JobFailureClassSchema, message: z.string() }).nullable(),
  /** The last lines of the job's log, refreshed while it runs. */
  logTail: z.string(),
  /** The job's own folder under the store (rows.jsonl, its agent's files). */
  folder: z.string(),
  submittedAt: z.string(),
  updatedAt: z.string(),
});
export type SuiteJob = z.infer<typeof SuiteJobSchema>;

export const SuiteJobsLedgerSchema = z.object({
  schemaVersion: z.literal(SUITE_JOBS_VERSION),
  executor: z.literal('ray'),
  /** The cluster's address as the driver reached it (the Ray dashboard's HTTP address). */
  address: z.string(),
  /** Random, made with the ledger: in every submission id, so a head that knows an earlier suite's jobs never sees a clash. */
  suite: z.string(),
  jobs: z.array(SuiteJobSchema),
});
export type SuiteJobsLedger = z.infer<typeof SuiteJobsLedgerSchema>;

/** The key of a suite's cell, the same in rows.jsonl and in the ledger. */
export function suiteCellKey(cell: { task: string; agent: string; seed: number }): string {
  return `${cell.task}/${cell.agent}/${cell.seed}`;
}
