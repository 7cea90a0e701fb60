import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SuiteJobsLedger } from '../core/index.js';
import { SUITE_JOBS_VERSION } from '../core/index.js';
import { leaderboardPayload } from './leaderboard-view.js';

const home = mkdtempSync(join(tmpdir(), 'ftdojo-leaderboard-view-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('leaderboardPayload', () => {
  it("shows a cluster suite before its first row: each job's state, failure class and log tail", () => {
    const dir = join(home, 'bench', 'mini-ray');
    mkdirSync(dir, { recursive: true });
    const job = (seed: number, state: 'running' | 'failed') => ({
      task: 'financeiq',
      agent: 'base',
      seed,
      submissionId: `ftdojo-x-financeiq-base-s${seed}-a1`,
      attempt: 1,
      state,
      clusterStatus: state === 'failed' ? 'FAILED' : 'RUNNING',
      failure: state === 'failed' ? { class: 'killed' as const, message: 'Job entrypoint command failed with exit code -9' } : null,
      logTail: 'evaluating 2 samples',
      folder: join(dir, 'jobs', 'financeiq', `base-seed${seed}-a1`),
      submittedAt: '2026-12-03T22:00:00.000Z',
      updatedAt: '2026-12-03T22:01:00.000Z',
    });
    const ledger: SuiteJobsLedger = {
      schemaVersion: SUITE_JOBS_VERSION,
      executor: 'ray',
      address: 'http://127.0.0.1:8265',
      suite: 'a1b2c3d4',
      jobs: [job(0, 'running'), job(1, 'failed')],
    };
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify(ledger));
    const payload = leaderboardPayload(home);
    expect(payload.problems).toEqual([]);
    expect(payload.suites).toHaveLength(1);
    expect(payload.suites[0]).toMatchObject({ name: 'mini-ray', rows: [], seeds: 0, leaderboard: { entries: [] } });
    expect(payload.suites[0]!.jobs!.map((entry) => [entry.state, entry.failure?.class ?? null, entry.logTail])).toEqual([
      ['running', null, 'evaluating 2 samples'],
      ['failed', 'killed', 'evaluating 2 samples'],
    ]);
  });

  it('says what is wrong with a ledger it cannot read', () => {
    const dir = join(home, 'bench', 'broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify({ schemaVersion: 99, jobs: [] }));
    const problem = leaderboardPayload(home).problems.find((entry) => entry.runDir === dir);
    expect(problem?.message).toMatch(/rows\.jsonl or jobs\.json cannot be read: .*jobs\.json is not a suite jobs ledger/);
  });
});
