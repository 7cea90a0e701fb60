import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IntegrityAudit } from '../../core/index.js';
import { INTEGRITY_AUDIT_VERSION } from '../../core/index.js';
import type { TaskDefinition } from '../../tasks/index.js';
import type { Leaderboard } from './leaderboard.js';
import { buildLeaderboard } from './leaderboard.js';
import type { AttemptOutcome } from './run-attempt.js';
import { appendSuiteRow, readSuiteRows } from './run-suite.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-suite-rows-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const task = { spec: { id: 'toy', metrics: [{ name: 'accuracy', direction: 'higher', primary: true }] } } as unknown as TaskDefinition;

function outcome(audit: IntegrityAudit | null): AttemptOutcome {
  return {
    result: { state: 'completed', adapterPath: null, iterations: 2, failuresCaughtEarly: 0, succeeded: 2, runRef: null, note: 'done' },
    test: null,
    base: null,
    scoring: 'corrected',
    chosenExperimentId: null,
    audit,
    note: 'done',
    seconds: 60,
  };
}

const audit = (flags: string[]): IntegrityAudit => ({
  schemaVersion: INTEGRITY_AUDIT_VERSION,
  kind: 'integrity-audit',
  task: 'toy',
  agent: 'x',
  seed: 0,
  sessionId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  checks: [],
  flags,
  refusals: {},
});

describe('appendSuiteRow', () => {
  it("records the audit's flags in rows.jsonl, and reads rows written before the audit beside them", async () => {
    const dir = join(root, 'suite');
    const before = { task: 'toy', agent: 'base', seed: 0, state: 'completed', metric: 'accuracy', direction: 'higher', test: 0.4 };
    const rest = { iterations: 0, failuresCaughtEarly: 0, succeeded: 0, seconds: 1, runRef: null, note: '' };
    await appendSuiteRow(dir, { task, agent: 'flagged', seed: 0, attempt: outcome(audit(['held-out-overlap', 'refusals'])) });
    await appendSuiteRow(dir, { task, agent: 'clean', seed: 0, attempt: outcome(audit([])) });
    await appendSuiteRow(dir, { task, agent: 'unaudited', seed: 0, attempt: outcome(null) });
    writeFileSync(join(dir, 'rows.jsonl'), `${JSON.stringify({ ...before, ...rest })}\n`, { flag: 'a' });
    const rows = readSuiteRows(dir);
    expect(rows.map((row) => [row.agent, row.flags])).toEqual([
      ['flagged', ['held-out-overlap', 'refusals']],
      ['clean', []],
      ['unaudited', []],
      ['base', undefined],
    ]);
    expect(rows[0]).toMatchObject({ task: 'toy', metric: 'accuracy', direction: 'higher', iterations: 2, seconds: 60 });
    expect(buildLeaderboard(rows).entries.map((entry) => entry.flags)).toEqual([['held-out-overlap', 'refusals'], [], [], []]);
  });

  it('keeps leaderboard.json current after every row, as a door needs with no suite to finish', async () => {
    const dir = join(root, 'door');
    await appendSuiteRow(dir, { task, agent: 'mcp:first', seed: 0, attempt: outcome(audit([])) });
    const read = () => (JSON.parse(readFileSync(join(dir, 'leaderboard.json'), 'utf8')) as Leaderboard).entries.map((entry) => entry.agent);
    expect(read()).toEqual(['mcp:first']);
    await appendSuiteRow(dir, { task, agent: 'mcp:second', seed: 0, attempt: outcome(audit(['budget-overrun'])) });
    expect(read().sort()).toEqual(['mcp:first', 'mcp:second']);
  });
});
