import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { testMirror } from '../testing/mirror.js';
import { main } from './main.js';

const mirror = testMirror();
const home = mkdtempSync(join(tmpdir(), 'ftdojo-cli-home-'));

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'ftdojo', ...args],
    { out: (text) => void out.push(text), err: (text) => void err.push(text) },
    // Offline: `data verify` builds paper profiles too, and a test must never download from the real hub.
    { FTDOJO_DATA_MIRROR: mirror ?? undefined, FTDOJO_HOME: home, HF_HUB_OFFLINE: '1', ...env },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ftdojo CLI without data', () => {
  it('lists the 13 paper tasks across 5 domains, each with a primary metric and direction', async () => {
    const { code, out } = await run(['tasks', '--json']);
    expect(code).toBe(0);
    const tasks = JSON.parse(out) as { id: string; domain: string; paperTask: boolean; primaryMetric: { name: string; direction: string } }[];
    const paper = tasks.filter((task) => task.paperTask);
    expect(paper).toHaveLength(13);
    expect(new Set(paper.map((task) => task.domain))).toEqual(new Set(['math', 'patent', 'chemistry', 'finance', 'table-qa']));
    for (const task of tasks) expect(['higher', 'lower']).toContain(task.primaryMetric.direction);
    // Extensions are listed too, clearly marked as not the paper's.
    expect(tasks.filter((task) => !task.paperTask).map((task) => [task.id, task.domain])).toEqual([['bioprobench-pqa', 'biology']]);
  });

  it('prints a card with the output format, metrics and which profiles run here', async () => {
    const { code, out } = await run(['tasks', 'show', 'panorama-noc4pc']);
    expect(code).toBe(0);
    expect(out).toContain('## Output format');
    expect(out).toContain('**macro-f1** (primary): higher is better');
    expect(out).toMatch(/### mini — not runnable here\n- On this machine: the offline mirror holds only 10 official PANORAMA samples/);
  });

  it('answers an unknown task id with a suggestion, exit 2 and no stack trace', async () => {
    const { code, err } = await run(['tasks', 'show', 'finance-iq']);
    expect(code).toBe(2);
    expect(err).toMatch(/^error: unknown task "finance-iq" \(did you mean "financeiq"\?\)\n {2}fix: /);
    expect(err).not.toMatch(/at .*\.js:\d+/);
  });

  it('prints the stack trace with --debug', async () => {
    const { code, err } = await run(['--debug', 'tasks', 'show', 'nope']);
    expect(code).toBe(2);
    expect(err).toMatch(/at .*registry\.(ts|js):\d+/);
  });

  it('says how to fix a missing mirror', async () => {
    const { code, err } = await run(['data', 'ls'], { FTDOJO_DATA_MIRROR: '/nonexistent/mirror' });
    expect(code).toBe(2);
    expect(err).toContain('/nonexistent/mirror (from FTDOJO_DATA_MIRROR) is not a folder');
    expect(err).toContain('fix: point FTDOJO_DATA_MIRROR');
  });

  it('explains every mistake in a task file and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftdojo-cli-task-'));
    writeFileSync(join(dir, 'task.yaml'), 'schemaVersion: 2\nid: Bad Id\ntitle: x\n');
    const { code, out } = await run(['tasks', 'validate', join(dir, 'task.yaml')]);
    expect(code).toBe(1);
    expect(out).toMatch(/problem\(s\)/);
    expect(out).toContain('schemaVersion: schemaVersion must be 1');
    expect(out).toContain('id: use lower-case kebab-case');
    expect(out).toContain('description:');
  });
});

describe.skipIf(!mirror)('ftdojo CLI on the offline mirror', () => {
  it('scores predictions with per-metric results, a bootstrap interval and a subtask breakdown', async () => {
    const prepared = await run(['data', 'prepare', '--task', 'financeiq', '--profile', 'mini', '--json']);
    expect(prepared.code).toBe(0);
    const layout = JSON.parse(prepared.out) as { agentDir: string; heldOutDir: string; sizes: { validation: number } };
    const validation = readFileSync(join(layout.heldOutDir, 'validation.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; target: string });
    // Right on the first half, a wrong letter on the second half.
    const predictions = validation.map((sample, index) => ({
      id: sample.id,
      output: index < validation.length / 2 ? sample.target : sample.target === 'A' ? 'B' : 'A',
    }));
    const file = join(home, 'predictions.jsonl');
    writeFileSync(file, predictions.map((prediction) => JSON.stringify(prediction)).join('\n'));
    const { code, out } = await run(['score', '--task', 'financeiq', '--profile', 'mini', '--split', 'validation', '--predictions', file, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as {
      primary: { value: number; interval: { low: number; high: number } };
      metrics: { bySubtask: Record<string, unknown> }[];
    };
    expect(report.primary.value).toBeCloseTo(0.5, 10);
    expect(report.primary.interval.low).toBeLessThan(0.5);
    expect(report.primary.interval.high).toBeGreaterThan(0.5);
    expect(Object.keys(report.metrics[0]!.bySubtask)).toHaveLength(10);
    const text = await run(['score', '--task', 'financeiq', '--predictions', file]);
    expect(text.out).toMatch(/accuracy \(primary\)/);
    expect(text.out).toMatch(/95% interval/);
  });

  it('scores in the mode asked for, says which, and refuses a mode that is neither with the fix', async () => {
    const prepared = await run(['data', 'prepare', '--task', 'financeiq', '--profile', 'mini', '--json']);
    const layout = JSON.parse(prepared.out) as { heldOutDir: string };
    const validation = readFileSync(join(layout.heldOutDir, 'validation.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; target: string });
    // The right letter, then an acronym: the fork reads its last capital letter, we read the answer.
    const file = join(home, 'acronyms.jsonl');
    writeFileSync(file, validation.map((sample) => JSON.stringify({ id: sample.id, output: `答案：${sample.target}（按CPI口径）` })).join('\n'));
    const score = async (...extra: string[]) => {
      const { code, out } = await run(['score', '--task', 'financeiq', '--predictions', file, '--json', ...extra]);
      expect(code).toBe(0);
      return JSON.parse(out) as { scoring: string; primary: { value: number } };
    };
    expect(await score()).toMatchObject({ scoring: 'corrected', primary: { value: 1 } });
    expect(await score('--scoring', 'official')).toMatchObject({ scoring: 'official', primary: { value: 0 } });
    const text = await run(['score', '--task', 'financeiq', '--predictions', file, '--scoring', 'official']);
    expect(text.out).toContain('scoring official');
    const bad = await run(['score', '--task', 'financeiq', '--predictions', file, '--scoring', 'paper']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown scoring mode "paper"');
    expect(bad.err).toContain('fix: use --scoring official');
    // A subcommand prints its help straight to stdout (see report.test.ts).
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const help = await run(['score', '--help']);
      const text = written.join('') + help.out;
      expect(text).toMatch(/--scoring <mode>/);
      expect(text).toMatch(/official {3,}the benchmark's own evaluation code/);
      expect(text).toMatch(/corrected {3,}ours, where we deliberately differ/);
    } finally {
      spy.mockRestore();
    }
  });

  it('names the file and line of a malformed predictions file', async () => {
    const file = join(home, 'broken.jsonl');
    writeFileSync(file, '{"id": "a", "output": "B"}\n{"id": "b", "output": \n');
    const { code, err } = await run(['score', '--task', 'financeiq', '--predictions', file]);
    expect(code).toBe(2);
    expect(err).toContain(`${file}:2`);
  });

  it('keeps held-out answers out of the agent side it writes', async () => {
    const { out } = await run(['data', 'prepare', '--task', 'financeiq', '--json']);
    const layout = JSON.parse(out) as { agentDir: string; heldOutDir: string };
    const validation = readFileSync(join(layout.heldOutDir, 'validation.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { prompt: string });
    const pool = readFileSync(join(layout.agentDir, 'pool.jsonl'), 'utf8');
    for (const sample of validation) expect(pool.includes(JSON.stringify(sample.prompt).slice(1, -1))).toBe(false);
    expect(layout.agentDir.startsWith(layout.heldOutDir)).toBe(false);
  });

  it('prints a dataset card with rows, fields and token-length statistics', async () => {
    const { code, out } = await run(['data', 'card', 'financeiq', '--json']);
    expect(code).toBe(0);
    const card = JSON.parse(out) as { files: { name: string; rows?: number; tokens?: unknown }[]; cot: { quality: string } };
    const file = card.files.find((entry) => entry.name === 'test/经济师')!;
    expect(file.rows).toBeGreaterThan(0);
    expect(file.tokens).toBeDefined();
    expect(card.cot.quality).toBe('none');
  });

  it('finds zero overlaps between pools and held-out splits across the catalogue', async () => {
    const { code, out } = await run(['data', 'verify', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as { ok: boolean; overlaps: number; results: { status: string }[] };
    expect(report.ok).toBe(true);
    expect(report.overlaps).toBe(0);
    expect(report.results.filter((result) => result.status === 'ok').length).toBeGreaterThanOrEqual(9);
  }, 240_000);

  it('passes the self-check for a task and exits 0', async () => {
    const { code, out } = await run(['selfcheck', '--task', 'chemcot-mol-edit', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).ok).toBe(true);
  }, 120_000);
});
