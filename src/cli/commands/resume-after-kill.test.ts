import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCliSetup, homeSharingModel, spawnBuiltCli } from '../../testing/built-cli.js';

/*
 * The acceptance of `ftdojo resume`: the real CLI (the built dist/, as a user runs it) runs
 * FT-Agent on financeiq; during the second iteration's training the process gets SIGKILL, which
 * nothing in it can catch; `ftdojo resume` then finishes the run. Every iteration finished before
 * the kill is kept as it was, the one cut short is redone, and the trainer did not live on as an
 * orphan. Real training and evaluation: minutes, not seconds.
 */
const setup = await builtCliSetup();
const skip = 'skip' in setup ? setup.skip : null;
const root = mkdtempSync(join(tmpdir(), 'ftdojo-kill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Event {
  seq: number;
  type: string;
  stage?: string;
  experimentId?: string | null;
  accepted?: boolean;
}

const readEvents = (runDir: string): Event[] =>
  existsSync(join(runDir, 'events.jsonl'))
    ? readFileSync(join(runDir, 'events.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Event)
    : [];

const sleep = (ms: number) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

/**
 * Processes whose command line names `text`, or whose working folder lies in it: a trainer runs
 * from its run folder, whether a fresh `llamafactory.cli train` process or the run's warm worker
 * (python -m ftdojo_runtime.worker, whose command line names no run).
 */
function processesNaming(text: string): string[] {
  const found = spawnSync('pgrep', ['-f', text], { encoding: 'utf8' });
  const byFolder = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`).startsWith(text);
      } catch {
        return false;
      }
    });
  return [...new Set([...found.stdout.split('\n').filter(Boolean), ...byFolder])];
}

describe.skipIf(skip !== null)(`ftdojo run, kill -9, ftdojo resume${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('keeps every finished iteration, redoes the one cut short and completes the run', async () => {
    if ('skip' in setup) return;
    const home = homeSharingModel(join(root, 'home'), setup);
    const ftdojo = (args: string[]) => spawnBuiltCli(setup, home, args);

    // 10 minutes: room for two iterations (each plan is sized to its share of the time left, so a
    // shorter budget trains fewer rows: the test's cost follows its budget).
    const runOutput = ftdojo(['run', 'financeiq', '--budget', '10m', '--eval-limit', '3', '--max-iterations', '2']);
    const run = runOutput.child;
    const runsDir = join(home, 'runs');
    let runDir = '';
    let training = false;
    // Wait for the second iteration's training to be under way, then kill -9.
    for (const deadline = Date.now() + 1_500_000; !training && Date.now() < deadline; await sleep(500)) {
      if (run.exitCode !== null) throw new Error(`the run ended before the second training:\n${runOutput.output()}`);
      const runId = existsSync(runsDir) ? readdirSync(runsDir).find((name) => name.startsWith('financeiq-')) : undefined;
      if (!runId) continue;
      runDir = join(runsDir, runId);
      training =
        readEvents(runDir).some((event) => event.type === 'stage-started' && event.stage === 'train' && event.experimentId === 'exp-002') &&
        existsSync(join(runDir, 'experiments', 'exp-002', 'train', 'train.log'));
    }
    expect(training, `the second training never started:\n${runOutput.output()}`).toBe(true);
    await sleep(4000);
    const trainersBefore = processesNaming(join(runDir, 'experiments', 'exp-002'));
    run.kill('SIGKILL');
    expect(await runOutput.exit).toBeNull();
    const before = readEvents(runDir);
    const finishedBefore = before.filter((event) => event.type === 'decision');
    expect(finishedBefore.map((event) => event.experimentId)).toEqual(['exp-001']);
    expect(before.at(-1)!.type).not.toBe('run-finished');

    // The trainer died with its parent (setpriv's parent-death signal), not as an orphan.
    expect(trainersBefore.length).toBeGreaterThan(0);
    for (let waited = 0; waited < 10 && processesNaming(join(runDir, 'experiments', 'exp-002')).length > 0; waited += 1) await sleep(500);
    expect(processesNaming(join(runDir, 'experiments', 'exp-002'))).toEqual([]);

    const listed = ftdojo(['runs', '--json']);
    expect(await listed.exit).toBe(0);
    expect(JSON.parse(listed.output())).toMatchObject([{ status: 'interrupted', iterations: 1 }]);

    const resumed = ftdojo(['resume', runDir.split('/').at(-1)!]);
    expect(await resumed.exit, resumed.output()).toBe(0);
    expect(resumed.output()).toContain('1 finished iteration(s) kept, iteration 2 redone');

    const after = readEvents(runDir);
    // The log before the kill is kept byte for byte: resume only appends.
    expect(after.slice(0, before.length)).toEqual(before);
    const decisions = after.filter((event) => event.type === 'decision');
    expect(decisions.map((event) => event.experimentId)).toEqual(['exp-001', 'exp-002-a2']);
    expect(decisions[0]).toEqual(finishedBefore[0]);
    expect(after.some((event) => event.type === 'test-scored')).toBe(decisions.some((event) => event.accepted));
    expect(after.at(-1)).toMatchObject({ type: 'run-finished', state: 'completed' });
    expect(existsSync(join(runDir, 'experiments', 'exp-002-a2', 'feedback.json'))).toBe(true);
  }, 3_000_000);
});
