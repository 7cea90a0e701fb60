import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FixtureRun } from './run-report-fixture.js';
import { completedFixtureRun } from './run-report-fixture.js';
import { writeRunReportFiles } from './write-run-report-files.js';

const runs: FixtureRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) {
    run.store.close();
    rmSync(run.home, { recursive: true, force: true });
  }
});

describe('writeRunReportFiles', () => {
  it('writes report.md and report.html into the run folder and returns their paths and the model', async () => {
    const run = completedFixtureRun();
    runs.push(run);
    const files = await writeRunReportFiles(run.store, run.runId, run.home);
    expect(files.markdownPath).toBe(join(run.runDir, 'report.md'));
    expect(files.htmlPath).toBe(join(run.runDir, 'report.html'));
    expect(readFileSync(files.markdownPath, 'utf8')).toContain(`# FT-Agent run ${run.runId}`);
    expect(readFileSync(files.htmlPath, 'utf8')).toMatch(/^<!doctype html>/);
    expect(files.report.run.runId).toBe(run.runId);
  });

  it('writes into another folder, made when missing, and passes the diagnosis rule on', async () => {
    const run = completedFixtureRun();
    runs.push(run);
    const out = join(mkdtempSync(join(tmpdir(), 'ftdojo-report-files-')), 'nested', 'reports');
    try {
      const files = await writeRunReportFiles(run.store, run.runId, run.home, out, {
        diagnose: () => ({ problem: 'underfitting', evidence: ['the loss barely fell'] }),
      });
      expect(files.markdownPath).toBe(join(out, 'report.md'));
      expect(existsSync(join(run.runDir, 'report.md'))).toBe(false);
      expect(readFileSync(files.markdownPath, 'utf8')).toContain('- **diagnosis:** underfitting: the loss barely fell');
    } finally {
      rmSync(join(out, '..', '..'), { recursive: true, force: true });
    }
  });
});
