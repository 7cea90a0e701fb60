import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunPayload, RunsPayload } from '../core/index.js';
import { parseRunEvent } from '../core/index.js';
import { createDashboardApp } from './dashboard-app.js';

/*
 * A run written before the session seam (run events v1), as `ftdojo run financeiq --budget 15m`
 * wrote it on 2026-12-02: its log alone, copied from that run. The dashboard must still list it
 * and build its report, the events lifted to v2 on the way.
 */
const FIXTURE = new URL('../core/fixtures/run-events-v1.financeiq-run-2026-12-02.jsonl', import.meta.url);
const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);
const runId = (JSON.parse(lines[0]!) as { runId: string }).runId;
const home = mkdtempSync(join(tmpdir(), 'ftdojo-old-run-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('a v1 run log from before the session seam', () => {
  it('is all v1, and every event lifts to v2 (run-started with taskFile null)', () => {
    const events = lines.map((line) => JSON.parse(line) as { schemaVersion: number });
    expect(events.every((event) => event.schemaVersion === 1)).toBe(true);
    const lifted = lines.map((line) => parseRunEvent(JSON.parse(line)));
    expect(lifted.every((event) => event.schemaVersion === 2)).toBe(true);
    expect(lifted[0]).toMatchObject({ type: 'run-started', task: 'financeiq', taskFile: null });
  });

  it('is listed and reported by the dashboard with its decisions and held-out score', async () => {
    mkdirSync(join(home, 'runs', runId), { recursive: true });
    copyFileSync(FIXTURE, join(home, 'runs', runId, 'events.jsonl'));
    const app = createDashboardApp({ home, webRoot: join(home, 'no-web'), pollMs: 20 });
    const runs = (await (await app.request('/api/runs')).json()) as RunsPayload;
    expect(runs.problems).toEqual([]);
    const decisions = lines.map((line) => JSON.parse(line) as { type: string; accepted?: boolean }).filter((event) => event.type === 'decision');
    const scored = lines.map((line) => JSON.parse(line) as { type: string; value?: number }).find((event) => event.type === 'test-scored');
    expect(runs.runs).toHaveLength(1);
    expect(runs.runs[0]).toMatchObject({ runId, status: 'completed', iterations: decisions.length });
    const run = (await (await app.request(`/api/runs/${runId}`)).json()) as RunPayload;
    expect(run.report.iterations).toHaveLength(decisions.length);
    expect(run.report.heldOut.best?.value).toBe(scored?.value);
  });
});
