import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FixtureRun } from '../../report/run-report-fixture.js';
import { completedFixtureRun } from '../../report/run-report-fixture.js';
import { main } from '../main.js';

const runs: FixtureRun[] = [];
function fixture(): FixtureRun {
  const run = completedFixtureRun();
  // The command opens the run with its own store, as a second process would.
  run.store.close();
  runs.push(run);
  return run;
}
afterEach(() => {
  for (const run of runs.splice(0)) rmSync(run.home, { recursive: true, force: true });
});

async function ftdojo(home: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'ftdojo', ...args], { out: (text) => void out.push(text), err: (text) => void err.push(text) }, { FTDOJO_HOME: home });
  return { code, out: stripVTControlCharacters(out.join('\n')), err: stripVTControlCharacters(err.join('\n')) };
}

describe('ftdojo report', () => {
  it('writes report.md and report.html into the run folder and prints the Markdown', async () => {
    const { home, runId, runDir } = fixture();
    const { code, out, err } = await ftdojo(home, ['report', runId]);
    expect(code).toBe(0);
    expect(out).toContain(`# FT-Agent run ${runId}`);
    expect(out).toMatch(/\| 2 \| exp-002 \| exp-001 \| training \| underfitting \| succeeded \| 0\.560 \[0\.460, 0\.660\] \| improved \| accepted \|/);
    // The agent's diagnosis rule is passed in: the failed experiment is named a failed run.
    expect(out).toContain('- **diagnosis:** failed-run: failed at train: OOM');
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toBe(`${out}`);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(err).toContain(`wrote ${join(runDir, 'report.md')} and ${join(runDir, 'report.html')}`);
  });

  it('prints the data model with --format json and the page with --format html, writing into --out', async () => {
    const { home, runId, runDir } = fixture();
    const out = mkdtempSync(join(tmpdir(), 'ftdojo-report-out-'));
    try {
      const json = await ftdojo(home, ['report', runId, '--format', 'json', '--out', out]);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.out)).toMatchObject({
        schemaVersion: 1,
        kind: 'ftdojo-run-report',
        run: { runId, bestExperimentId: 'exp-002' },
        heldOut: { best: { value: 0.52 } },
      });
      expect(existsSync(join(out, 'report.md')) && existsSync(join(out, 'report.html'))).toBe(true);
      expect(existsSync(join(runDir, 'report.md'))).toBe(false);
      const html = await ftdojo(home, ['report', runId, '--format', 'html', '--out', out]);
      expect(html.out).toMatch(/^<!doctype html>/);
      expect(html.out).toContain('</html>');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses an unknown run id with a hint to list the runs, and an unknown format', async () => {
    const { home, runId } = fixture();
    const unknown = await ftdojo(home, ['report', runId.replace('a3f9', 'b000')]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(`(did you mean ${runId}?)`);
    expect(unknown.err).toContain('fix: list the runs with `ftdojo runs`');
    const format = await ftdojo(home, ['report', runId, '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.err).toContain('unknown format "pdf"');
    expect(format.err).toContain('fix: use --format md, --format html or --format json');
  });

  it('explains itself in --help with examples', async () => {
    // A subcommand prints its help straight to stdout (commander copies the output settings when
    // a command is made, before main() configures them), so capture stdout here.
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const home = mkdtempSync(join(tmpdir(), 'ftdojo-report-help-'));
    try {
      const { code, out } = await ftdojo(home, ['report', '--help']);
      const text = written.join('') + out;
      expect(code).toBe(0);
      expect(text).toContain('--format <format>');
      expect(text).toContain('ftdojo report financeiq-mini-20261126-210000-a3f9 --format json > report.json');
    } finally {
      spy.mockRestore();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
