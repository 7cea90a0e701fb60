import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteJobsLedger, SuiteRow } from '../../core/index.js';
import { suiteCellKey } from '../../core/index.js';
import { ensureRayEnv, rayEnvDir } from '../../runners/index.js';
import type { BuiltCliSetup } from '../../testing/built-cli.js';
import { builtCliSetup, homeSharingModel, spawnBuiltCli } from '../../testing/built-cli.js';

/*
 * #17's acceptance on a real Ray head started by `ftdojo cluster up --local` (Ray 2.60 from
 * python/ray.lock, installed once into the test runtime's home): the same small suite through the
 * local executor and through Ray gives the same rows (same held-out scores, same evaluation
 * fingerprints); a job killed mid-run is reported with its class and no score, and the same
 * command resubmits it; a driver killed mid-run is followed by one that re-attaches to its job;
 * a head that is not there is an error that says how to start one.
 * Minutes, not seconds: it trains (the fixed recipe) and evaluates for real.
 */
const setup = await builtCliSetup();
const skip = 'skip' in setup ? setup.skip : null;
const root = mkdtempSync(join(tmpdir(), 'ftdojo-ray-'));
const home = join(root, 'home');
let address = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function ftdojo(args: string[], homeDir = home): Promise<{ code: number | null; output: string; stdout: string }> {
  const run = spawnBuiltCli(setup as BuiltCliSetup, homeDir, args);
  const code = await run.exit;
  return { code, output: run.output(), stdout: run.stdout() };
}

const rowsOf = (dir: string): SuiteRow[] =>
  readFileSync(join(dir, 'rows.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SuiteRow);
const ledgerOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'jobs.json'), 'utf8')) as SuiteJobsLedger;

describe.skipIf(skip !== null)(`suites on a local Ray head${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    const ready = setup as BuiltCliSetup;
    // Ray is installed once, beside the test runtime's Python; the test's own home links to it.
    await ensureRayEnv(ready.runtime.config);
    homeSharingModel(home, ready);
    mkdirSync(join(home, 'ray'), { recursive: true });
    symlinkSync(rayEnvDir(ready.runtime.config), rayEnvDir({ ...ready.runtime.config, home }));
    const up = await ftdojo(['cluster', 'up', '--local', '--cpus', '2', '--port', String(await freePort()), '--json']);
    expect(up.code, up.output).toBe(0);
    address = (JSON.parse(up.stdout) as { address: string }).address;
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  }, 600_000);

  afterAll(async () => {
    if (!skip) await ftdojo(['cluster', 'down']);
    rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('a head that is not there is a clear error with the command that starts one', async () => {
    const missing = await ftdojo([
      'bench',
      '--executor',
      'ray',
      '--ray-address',
      `http://127.0.0.1:${await freePort()}`,
      '--tasks',
      'financeiq',
      '--agents',
      'base',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/no Ray head answers at http:\/\/127\.0\.0\.1:\d+/);
    expect(missing.output).toContain('ftdojo cluster up --local');
    const none = await ftdojo(
      ['bench', '--executor', 'ray', '--tasks', 'financeiq', '--agents', 'base'],
      homeSharingModel(join(root, 'no-head'), setup as BuiltCliSetup),
    );
    expect(none.code).toBe(2);
    expect(none.output).toContain('--executor ray needs a Ray cluster, and none is known');
  });

  it("gives the local executor's rows for a 2-task × 2-seed suite of base and fixed-recipe", async () => {
    const suite = [
      'bench',
      '--tasks',
      'financeiq,bioprobench-pqa',
      '--agents',
      'base,fixed-recipe',
      '--seeds',
      '2',
      '--budget',
      '1m',
      '--eval-limit',
      '3',
      '--json',
    ];
    const local = await ftdojo([...suite, '--out', join(root, 'local')]);
    expect(local.code, local.output).toBe(0);
    const ray = await ftdojo([...suite, '--executor', 'ray', '--store', join(root, 'ray')]);
    expect(ray.code, ray.output).toBe(0);
    const facts = (row: SuiteRow) => ({ cell: suiteCellKey(row), state: row.state, test: row.test, fingerprint: row.fingerprint, baseModel: row.baseModel });
    const byCell = (rows: SuiteRow[]) => rows.map(facts).sort((a, b) => a.cell.localeCompare(b.cell));
    const localRows = rowsOf(join(root, 'local'));
    expect(localRows).toHaveLength(8);
    expect(localRows.every((row) => row.state === 'completed' && row.fingerprint)).toBe(true);
    expect(byCell(rowsOf(join(root, 'ray')))).toEqual(byCell(localRows));
    // Two fixed-recipe seeds trained different adapters, so their fingerprints differ.
    const recipe = localRows.filter((row) => row.agent === 'fixed-recipe' && row.task === 'financeiq');
    expect(new Set(recipe.map((row) => row.fingerprint)).size).toBe(2);
    const ledger = ledgerOf(join(root, 'ray'));
    expect(ledger.jobs.map((job) => [job.state, job.attempt, job.clusterStatus])).toEqual(Array.from({ length: 8 }, () => ['succeeded', 1, 'SUCCEEDED']));
  }, 3_600_000);

  it('reports a job killed mid-run with its class and no score, and the same command resubmits it', async () => {
    const store = join(root, 'killed');
    const args = ['bench', '--executor', 'ray', '--store', store, '--tasks', 'financeiq', '--agents', 'base', '--eval-limit', '2', '--json'];
    const first = spawnBuiltCli(setup as BuiltCliSetup, home, args);
    // The job's own process: its command line names its folder under the store (the driver's names only the store).
    let killed = false;
    for (let waited = 0; !killed && waited < 120_000; waited += 200) {
      try {
        execFileSync('pkill', ['-9', '-f', `${join(store, 'jobs')}/`]);
        killed = true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(killed).toBe(true);
    expect(await first.exit, first.output()).toBe(1);
    const dead = ledgerOf(store).jobs;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ state: 'failed', attempt: 1, clusterStatus: 'FAILED', failure: { class: 'killed' } });
    expect(existsSync(join(store, 'rows.jsonl'))).toBe(false);
    expect(first.stdout()).toContain('"jobs"');

    const again = await ftdojo(args);
    expect(again.code, again.output).toBe(0);
    expect(ledgerOf(store).jobs.map((job) => [job.attempt, job.state])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    expect(rowsOf(store).map((row) => [row.task, row.agent, row.seed, row.state])).toEqual([['financeiq', 'base', 0, 'completed']]);
  }, 600_000);

  it('re-attaches to a job still running when the driver died, instead of submitting it again', async () => {
    const store = join(root, 'driver-killed');
    const args = ['bench', '--executor', 'ray', '--store', store, '--tasks', 'financeiq', '--agents', 'base', '--eval-limit', '1', '--json'];
    const driver = spawnBuiltCli(setup as BuiltCliSetup, home, args);
    let running = false;
    for (let waited = 0; !running && waited < 120_000; waited += 200) {
      try {
        execFileSync('pgrep', ['-f', `${join(store, 'jobs')}/`]);
        running = true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(running).toBe(true);
    driver.child.kill('SIGKILL');
    await driver.exit;
    const left = ledgerOf(store).jobs;
    expect(left).toHaveLength(1);
    expect(['pending', 'running']).toContain(left[0]!.state);

    const again = await ftdojo(args);
    expect(again.code, again.output).toBe(0);
    // The one submission went on and finished: attached, not submitted again.
    expect(ledgerOf(store).jobs.map((job) => [job.attempt, job.state, job.clusterStatus])).toEqual([[1, 'succeeded', 'SUCCEEDED']]);
    expect(rowsOf(store)).toHaveLength(1);
  }, 600_000);
});
