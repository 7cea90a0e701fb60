import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Leaderboard } from '../core/index.js';
import { buildRunReport } from '../report/index.js';
import { createRunStore } from '../store/index.js';
import { builtCliSetup, homeSharingModel, REPO_ROOT, spawnBuiltCli, type CliProcess } from '../testing/built-cli.js';

/*
 * The dashboard's acceptance: the real `ftdojo ui` (built dist/ and dist/web, as a user runs it)
 * in headless Chromium (Debian's package, driven by playwright-core) over a run store made by a
 * real short FT-Agent run and a real bench suite. The expected numbers are read from the store
 * with the report layer and the experiment files, not from the dashboard's API. Screenshots of
 * each page go to .ftdojo/screenshots/dashboard/. Minutes, not seconds: it trains.
 */
const chromiumPath = process.env.FTDOJO_CHROMIUM || '/usr/bin/chromium';
const shots = join(REPO_ROOT, '.ftdojo', 'screenshots', 'dashboard');
const setup = await builtCliSetup();
const skip = !existsSync(join(REPO_ROOT, 'dist', 'web', 'index.html'))
  ? 'no dist/web: run `npm run build`'
  : !existsSync(chromiumPath)
    ? `no Chromium at ${chromiumPath}: node scripts/ensure-chromium.mjs`
    : 'skip' in setup
      ? setup.skip
      : null;

const root = mkdtempSync(join(tmpdir(), 'ftdojo-ui-'));
const home = join(root, 'home');
const children: ChildProcess[] = [];
let browser: Browser;
let page: Page;
let url = '';
const external: string[] = [];
const pageErrors: string[] = [];

function ftdojo(args: string[]): CliProcess {
  if ('skip' in setup) throw new Error(setup.skip);
  const started = spawnBuiltCli(setup, home, args);
  children.push(started.child);
  return started;
}

const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
const text = (selector: string) => page.locator(selector).first().innerText();
const fixed = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(3));
const signed = (value: number) => `${value > 0 ? '+' : ''}${value.toFixed(3)}`;
/** The first number a cell shows (3 decimals), or its dash: an interval after it must not pass for it. */
const shown = async (selector: string) => /[-+]?\d+\.\d{3}|—/.exec(await text(selector))?.[0] ?? '';

describe.skipIf(skip !== null)(`the dashboard in Chromium over a real run${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    if ('skip' in setup) return;
    homeSharingModel(home, setup);
    mkdirSync(shots, { recursive: true });
    const ui = ftdojo(['ui', '--port', '0', '--json']);
    for (let waited = 0; !url && waited < 30_000; waited += 100) {
      const match = /"url":\s*"([^"]+)"/.exec(ui.output());
      if (match) url = match[1]!;
      else await new Promise((done) => setTimeout(done, 100));
    }
    expect(url, ui.output()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Offline: every request the pages make goes to the dashboard itself (no CDN, no fonts).
    page.on('request', (request) => {
      if (!request.url().startsWith(url) && !request.url().startsWith('data:')) external.push(request.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(root, { recursive: true, force: true });
  });

  it('says how to start when the store is empty', async () => {
    await page.goto(url);
    await expect.poll(() => page.locator('[data-testid="empty-store"]').count(), { timeout: 15_000 }).toBe(1);
    expect(await text('[data-testid="empty-store"]')).toContain('ftdojo run');
    await shot('runs-empty');
  });

  it(
    'follows a real run live, then shows the runs list, the tree, the loss curve and the comparison with the right numbers',
    { timeout: 1_500_000 },
    async () => {
      await page.goto(`${url}#/`);
      await page.evaluate(() => Object.assign(globalThis, { ftdojoNoReload: true }));
      const run = ftdojo(['run', 'financeiq', '--budget', '10m', '--eval-limit', '3', '--max-iterations', '2']);

      // Live: the row appears, its stage moves, and a training loss arrives, all without a reload.
      const row = page.locator('tr[data-run-id]');
      await expect.poll(() => row.count(), { timeout: 120_000 }).toBe(1);
      const runId = (await row.getAttribute('data-run-id'))!;
      expect(await text(`tr[data-run-id="${runId}"] td[data-col="status"]`)).toContain('running');
      const stages = new Set<string>();
      let loss = '';
      for (let waited = 0; !loss && waited < 900_000; waited += 500) {
        const live = page.locator(`[data-testid="live-${runId}"]`);
        if (await live.count()) {
          stages.add((await live.innerText()).split(/\s/)[0] ?? '');
          const field = live.locator('[data-field="loss"]');
          if ((await field.count()) && /^\d+\.\d{3}$/.test((await field.innerText()).trim())) loss = (await field.innerText()).trim();
        }
        if (!loss) await page.waitForTimeout(500);
      }
      expect(loss, `no live loss; stages seen: ${[...stages].join(', ')}; run output:\n${run.output()}`).not.toBe('');
      await shot('runs-live');
      await page.goto(`${url}#/runs/${runId}`);
      await expect.poll(() => page.locator('[data-testid="run-live"]').count(), { timeout: 15_000 }).toBe(1);
      expect(await page.locator('[data-testid="heldout"]').count()).toBe(0);
      const open = page.locator('ul[data-testid="tree-nodes"] li[data-state="running"]');
      await expect.poll(() => open.count(), { timeout: 15_000 }).toBe(1);
      await shot('run-live');
      await page.goto(`${url}#/`);
      await page.evaluate(() => Object.assign(globalThis, { ftdojoNoReload: true }));

      expect(await run.exit, run.output()).toBe(0);
      await expect.poll(() => text(`tr[data-run-id="${runId}"] td[data-col="status"]`), { timeout: 30_000 }).toContain('completed');
      expect(await page.evaluate(() => (globalThis as unknown as { ftdojoNoReload?: boolean }).ftdojoNoReload)).toBe(true);

      // The expected numbers, from the store itself.
      const store = createRunStore(home);
      const report = buildRunReport(store, runId);
      store.close();
      const best = report.run.bestExperimentId!;
      const bestValidation = report.iterations.find((iteration) => iteration.experimentId === best)!.validation!.value;
      expect(await shown(`tr[data-run-id="${runId}"] td[data-col="best-validation"]`)).toBe(fixed(bestValidation));
      expect(await shown(`tr[data-run-id="${runId}"] td[data-col="test"] [data-field="test"]`)).toBe(fixed(report.heldOut.best!.value));
      expect(await shown(`tr[data-run-id="${runId}"] td[data-col="test"] [data-field="base-test"]`)).toBe(fixed(report.heldOut.base!.value));
      expect(await text(`tr[data-run-id="${runId}"] td[data-col="iterations"]`)).toContain(String(report.run.iterationsFinished));
      await shot('runs');

      // The run: its tree, the score over iterations, the held-out result at the end.
      await page.goto(`${url}#/runs/${runId}`);
      await page.locator('[data-testid="experiment-tree"] svg').first().waitFor({ timeout: 15_000 });
      const experiments = report.iterations.map((iteration) => iteration.experimentId).filter((id): id is string => id !== null);
      expect(await page.locator('ul[data-testid="tree-nodes"] li[data-node-id]').count()).toBe(new Set(experiments).size);
      expect(await page.locator(`li[data-node-id="${best}"]`).getAttribute('data-best')).toBe('true');
      for (const iteration of report.iterations) {
        if (iteration.experimentId === null) continue;
        const state = iteration.accepted ? 'accepted' : iteration.validation?.value === null || iteration.validation === null ? 'failed' : 'rejected';
        expect(await page.locator(`li[data-node-id="${iteration.experimentId}"]`).getAttribute('data-state')).toBe(state);
        expect(await shown(`[data-testid="iterations-table"] tr[data-experiment-id="${iteration.experimentId}"] td[data-col="validation"]`)).toBe(
          fixed(iteration.validation?.value),
        );
      }
      expect(await page.locator('[data-testid="experiment-tree"] svg').first().innerHTML()).toContain(experiments[0]);
      expect(await page.locator('[data-testid="score-chart"]').getAttribute('data-points')).toBe(
        String(report.iterations.filter((iteration) => iteration.validation?.value != null).length),
      );
      expect(await shown('[data-testid="heldout"] [data-field="best-test"]')).toBe(fixed(report.heldOut.best!.value));
      expect(await shown('[data-testid="heldout"] [data-field="base-test"]')).toBe(fixed(report.heldOut.base!.value));
      await shot('run');

      // One experiment: its loss curve and fail-fast verdicts.
      const first = experiments[0]!;
      await page.goto(`${url}#/runs/${runId}/${first}`);
      await page.locator(`[data-testid="experiment-panel"][data-experiment-id="${first}"] [data-testid="loss-chart"] svg`).first().waitFor({ timeout: 15_000 });
      const curve = report.lossCurves.find((entry) => entry.experimentId === first)!;
      expect(await page.locator('[data-testid="loss-chart"]').getAttribute('data-points')).toBe(String(curve.points.length));
      expect(await shown('[data-testid="loss-final"]')).toBe(curve.points.at(-1)!.loss.toFixed(3));
      const validation = JSON.parse(readFileSync(join(report.run.runDir, 'experiments', first, 'validation.json'), 'utf8')) as {
        tiers: { tier: string; status: string }[];
      };
      for (const tier of validation.tiers)
        expect(await page.locator(`[data-testid="failfast"] [data-tier="${tier.tier}"]`).getAttribute('data-status')).toBe(tier.status);
      expect(await text('[data-testid="hypothesis"]')).toContain(report.iterations[0]!.plan!.rationale.slice(0, 40));
      await shot('experiment');

      // Two experiments side by side: the strategy and config diffs and the metric delta.
      if (experiments.length >= 2) {
        const [a, b] = [experiments[0]!, experiments[1]!];
        await page.goto(`${url}#/compare?a=${runId}/${a}&b=${runId}/${b}`);
        await page.locator('[data-testid="compare-metrics"]').waitFor({ timeout: 15_000 });
        const read = (id: string, file: string) => readFileSync(join(report.run.runDir, 'experiments', id, 'submission', file), 'utf8');
        const changed = (x: Record<string, unknown>, y: Record<string, unknown>) =>
          [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((key) => JSON.stringify(x[key] ?? null) !== JSON.stringify(y[key] ?? null)).sort();
        const strategyKeys = changed(
          JSON.parse(read(a, 'strategy.json')) as Record<string, unknown>,
          JSON.parse(read(b, 'strategy.json')) as Record<string, unknown>,
        );
        const configKeys = changed(parseYaml(read(a, 'train.yaml')) as Record<string, unknown>, parseYaml(read(b, 'train.yaml')) as Record<string, unknown>);
        expect(
          await page.locator('[data-testid="compare-strategy"] tr[data-key]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key'))),
        ).toEqual(strategyKeys);
        expect(
          await page.locator('[data-testid="compare-config"] tr[data-key]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key'))),
        ).toEqual(configKeys);
        const [va, vb] = [a, b].map((id) => report.iterations.find((iteration) => iteration.experimentId === id)!.validation!.value!);
        const metric = `validation ${report.primaryMetric!.metric}`;
        expect(await shown(`[data-testid="compare-metrics"] tr[data-name="${metric}"] td[data-col="a"]`)).toBe(fixed(va));
        expect(await shown(`[data-testid="compare-metrics"] tr[data-name="${metric}"] td[data-col="b"]`)).toBe(fixed(vb));
        expect(await shown(`[data-testid="compare-metrics"] tr[data-name="${metric}"] td[data-col="delta"]`)).toBe(signed(vb! - va!));
        await shot('compare');
      }
    },
  );

  it('shows a real bench suite as a leaderboard with the spread over seeds', { timeout: 600_000 }, async () => {
    const bench = ftdojo([
      'bench',
      '--suite',
      'mini',
      '--tasks',
      'financeiq',
      '--agents',
      'base',
      '--seeds',
      '2',
      '--eval-limit',
      '3',
      '--budget',
      '5m',
      '--out',
      join(home, 'bench', 'mini-test'),
    ]);
    expect(await bench.exit, bench.output()).toBe(0);
    const leaderboard = JSON.parse(readFileSync(join(home, 'bench', 'mini-test', 'leaderboard.json'), 'utf8')) as Leaderboard;
    const entry = leaderboard.entries.find((candidate) => candidate.task === 'financeiq' && candidate.agent === 'base')!;
    expect(entry.runs).toBe(2);
    await page.goto(`${url}#/leaderboard`);
    const cell = (col: string) => shown(`[data-suite="mini-test"] tr[data-task="financeiq"][data-agent="base"] td[data-col="${col}"]`);
    await page.locator('[data-suite="mini-test"]').waitFor({ timeout: 15_000 });
    expect(await cell('mean')).toBe(fixed(entry.mean));
    expect(await cell('spread')).toBe(fixed(entry.spread));
    expect(await text('[data-suite="mini-test"] tr[data-task="financeiq"][data-agent="base"] td[data-col="runs"]')).toBe('2');
    await page.locator('[data-testid="leaderboard-chart"] svg').first().waitFor({ timeout: 15_000 });
    await shot('leaderboard');
  });

  it('lists a damaged run as a problem with a hint, and a run page for it shows the error instead of a blank page', async () => {
    const damaged = join(home, 'runs', 'financeiq-mini-20260101-000000-dead');
    mkdirSync(damaged, { recursive: true });
    writeFileSync(join(damaged, 'events.jsonl'), '{"not": "an event"}\n');
    await page.goto(`${url}#/`);
    await expect.poll(() => page.locator('[data-testid="store-problems"] li').count(), { timeout: 15_000 }).toBe(1);
    expect(await text('[data-testid="store-problems"]')).toContain('financeiq-mini-20260101-000000-dead');
    expect(await page.locator('tr[data-run-id]').count()).toBeGreaterThan(0);
    await shot('runs-problems');
    await page.goto(`${url}#/runs/financeiq-mini-20260101-000000-dead`);
    await page.locator('[data-testid="error"]').waitFor({ timeout: 15_000 });
    expect(await text('[data-testid="error"]')).toContain('cannot be read');
    await shot('run-error');
  });

  it('made no request outside the dashboard and threw no error in any page', () => {
    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
