import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../../config/index.js';
import type { PoolRow } from '../../core/index.js';
import { createDataRepository, DATASET_SOURCES, findSource, type DataRepository } from '../../data/index.js';
import { startFakeHub, type FakeHub, type FakeHubRepo } from '../../testing/fake-hub-server.js';
import { testMirror } from '../../testing/mirror.js';
import type { TaskDefinition } from '../define-task.js';
import { CATALOGUE } from './index.js';
import { inTablebenchFormat } from './tablebench/table-instruct-pool.js';
import { tablebenchPrompt } from './tablebench/tablebench-prompt.js';
import { TABLE_INSTRUCT, TOWNS } from './table-instruct-fixture.js';

/**
 * The paper pools of the hub-only training sources, built through a data repository that reads
 * the mirror for the files it holds and a fake hub, at the pinned revisions, for the rest. Hub
 * files are written in their sources' own layouts: TableInstruct as the TableBench authors' jsonl
 * (instruction → response), PANORAMA as the official splitter's <TASK>/<split>.jsonl (NOC4PC's
 * nested fields as JSON text) made of the mirror's official samples, DeepScaleR as the mirror's
 * 803-row file in the same format.
 */
const mirror = testMirror();
const task = (id: string): TaskDefinition => CATALOGUE.find((candidate) => candidate.spec.id === id)!;
const jsonl = (rows: readonly unknown[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

/** PANORAMA split files from the mirror's official samples: the first half trains, the rest is the test split. */
function panoramaFiles(): Record<string, { content: string }> {
  const files: Record<string, { content: string }> = {};
  for (const benchmark of ['par4pc', 'pi4pc', 'noc4pc']) {
    const samples = findSource(DATASET_SOURCES, 'panorama')
      .files.filter((file) => file.name.startsWith(`benchmark/${benchmark}/`))
      .map((file) => JSON.parse(readFileSync(join(mirror!, file.mirrorPath!), 'utf8')) as Record<string, unknown>);
    // The splitter stores NOC4PC's nested fields as JSON text; PAR4PC and PI4PC keep them as objects in jsonl.
    const encode = (record: Record<string, unknown>) =>
      benchmark !== 'noc4pc'
        ? record
        : {
            ...record,
            context: JSON.stringify(record['context']),
            prior_art_specifications: JSON.stringify(record['prior_art_specifications']),
            answer: JSON.stringify(record['answer']),
          };
    const train = samples.slice(0, 5).map(encode);
    // One row per task whose gold answer is missing: dropped, and counted.
    const broken = benchmark === 'noc4pc' ? { ...train[0]!, answer: JSON.stringify({ reason: 'withdrawn', code: '' }) } : { ...train[0]!, gold_answers: [] };
    files[`${benchmark.toUpperCase()}/train.jsonl`] = { content: jsonl([...train, broken]) };
    files[`${benchmark.toUpperCase()}/test.jsonl`] = { content: jsonl(samples.slice(5).map(encode)) };
  }
  return files;
}

function deepscalerFile(): string {
  const rows = JSON.parse(readFileSync(join(mirror!, 'deepscaler/train_subset_meta_reason/deepscaler.json'), 'utf8')) as unknown[];
  return JSON.stringify([...rows, { problem: 'Find the number of ordered pairs that were never written down.', answer: '', solution: '' }]);
}

function hubRepo(sourceId: string, files: Record<string, { content: string; lfs?: boolean }>): [string, FakeHubRepo] {
  const pin = findSource(DATASET_SOURCES, sourceId).hub!;
  return [pin.repo, { commits: [{ sha: pin.revision.padEnd(40, '0'), files }] }];
}

let hub: FakeHub | undefined;
let repo: DataRepository;
const home = mkdtempSync(join(tmpdir(), 'ftdojo-paper-pools-'));

beforeAll(async () => {
  if (!mirror) return;
  hub = await startFakeHub(
    Object.fromEntries([
      hubRepo('tableinstruct', { 'TableInstruct_instructions.jsonl': { content: jsonl(TABLE_INSTRUCT), lfs: true } }),
      hubRepo('panorama', panoramaFiles()),
      hubRepo('deepscaler', { 'deepscaler.json': { content: deepscalerFile(), lfs: true } }),
    ]),
  );
  repo = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror, HF_ENDPOINT: hub.url, FTDOJO_HOME: home }));
});
afterAll(async () => {
  await hub?.close();
  rmSync(home, { recursive: true, force: true });
});

const everyTargetSet = (pool: readonly PoolRow[]) => pool.every((row) => row.target.trim() !== '');

describe.skipIf(!mirror)('paper pools of the hub-only training sources', () => {
  it.each([
    ['tablebench-fact-checking', 'FactChecking', ['ti-1', 'ti-2'], null],
    ['tablebench-numerical-reasoning', 'NumericalReasoning', ['ti-3', 'ti-5'], '1 of 3 TableInstruct NumericalReasoning row(s) left out of the pool'],
    ['tablebench-data-analysis', 'DataAnalysis', ['ti-6'], null],
    ['tablebench-visualization', 'Visualization', ['ti-7'], '1 of 2 TableInstruct Visualization row(s) left out of the pool'],
  ] as const)('%s: TableInstruct rows of its category, each with a target in the task format', async (id, qtype, rows, dropNote) => {
    const splits = await task(id).buildSplits(repo, 'paper');
    expect(splits.pool.map((row) => (row.extra['raw'] as { id: string }).id)).toEqual(rows);
    for (const row of splits.pool) expect(inTablebenchFormat(qtype, row.target), row.target).toBe(true);
    expect(splits.notes.join('\n')).toMatch(new RegExp(`TableInstruct row\\(s\\) of other categories than ${qtype}`));
    if (dropNote) expect(splits.notes.join('\n')).toContain(dropNote);
    expect(splits.validation.length).toBeGreaterThan(0);
  });

  it('rewrites a program-of-thought row with a gold answer as the direct prompt', async () => {
    const splits = await task('tablebench-numerical-reasoning').buildSplits(repo, 'paper');
    const row = splits.pool.find((candidate) => (candidate.extra['raw'] as { id: string }).id === 'ti-5')!;
    expect(row.target).toBe('Final Answer: 2');
    expect(row.prompt).toBe(tablebenchPrompt('NumericalReasoning', 'Counting', TOWNS, 'How many towns cover over 2000 km2?'));
  });

  it.each([
    [
      'panorama-par4pc',
      (target: unknown) => expect(target).toEqual({ answer: expect.arrayContaining([expect.stringMatching(/^[A-H]$/)]) }),
      'no gold letter A-H',
    ],
    ['panorama-pi4pc', (target: unknown) => expect(target).toEqual({ answer: expect.any(Number) }), 'no numeric gold paragraph'],
    ['panorama-noc4pc', (target: unknown) => expect(target).toEqual({ code: '102' }), 'no decision code ALLOW, 102 or 103'],
  ] as const)('%s: train-split rows with the benchmark prompt and the gold answer as target', async (id, check, why) => {
    const splits = await task(id).buildSplits(repo, 'paper');
    expect(splits.pool).toHaveLength(5);
    for (const row of splits.pool) check(JSON.parse(row.target));
    expect(splits.pool.every((row) => row.prompt.startsWith('You are a patent examiner.'))).toBe(true);
    expect(splits.notes).toContain(`1 of 6 PANORAMA ${id.slice('panorama-'.length)} train row(s) left out of the pool: ${why}`);
    expect(splits.validation.length + splits.test.length).toBe(5);
  });

  it('aime25: DeepScaleR rows with \\boxed{answer} targets, unanswered ones counted', async () => {
    const splits = await task('aime25').buildSplits(repo, 'paper');
    expect(splits.pool.length).toBeGreaterThan(700);
    expect(splits.pool.every((row) => /^\\boxed\{.+\}$/.test(row.target))).toBe(true);
    expect(splits.notes.join('\n')).toMatch(/^1 of 804 deepscaler\/train\/deepscaler row\(s\) left out of the pool: no final answer$/m);
    expect(splits.validation).toHaveLength(15);
  });

  it("financeiq: the paper pool is every category's non-held-out rows, each with its letter", async () => {
    const splits = await task('financeiq').buildSplits(repo, 'paper');
    expect(splits.pool.length).toBeGreaterThan(5000);
    expect(splits.pool.every((row) => ['A', 'B', 'C', 'D'].includes(row.target))).toBe(true);
    expect([splits.validation.length, splits.test.length]).toEqual([100, 100]);
    expect(everyTargetSet(splits.pool)).toBe(true);
  });
});
