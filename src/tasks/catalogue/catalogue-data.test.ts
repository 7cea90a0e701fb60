import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../../config/index.js';
import { createDataRepository } from '../../data/index.js';
import { molOptSuccess } from '../../eval/index.js';
import { testMirror } from '../../testing/mirror.js';
import { verifySplits } from '../verify-splits.js';
import { CATALOGUE } from './index.js';
import { tablebenchPrompt } from './tablebench/tasks.js';

const mirror = testMirror();

describe.skipIf(!mirror)('catalogue splits on the offline mirror', () => {
  const repo = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
  const buildable = CATALOGUE.filter((task) => !task.spec.profiles.mini.unavailableOffline || task.spec.id === 'tablebench-visualization');

  it.each(buildable.map((task) => [task.spec.id, task] as const))('%s: mini splits are deterministic, sized and leak-free', async (_id, task) => {
    const first = await task.buildSplits(repo, 'mini');
    const second = await task.buildSplits(repo, 'mini');
    expect(second.validation.map((sample) => sample.id)).toEqual(first.validation.map((sample) => sample.id));
    expect(second.test.map((sample) => sample.id)).toEqual(first.test.map((sample) => sample.id));
    const mini = task.spec.profiles.mini;
    expect(first.validation).toHaveLength(mini.validationSize);
    expect(first.test).toHaveLength(mini.testSize);
    // Every pool row carries a training target; TableBench visualization has none to carve (the
    // benchmark gives the chart's data, not its code), which its notes say.
    expect(first.pool.every((row) => row.target.trim() !== '')).toBe(true);
    if (task.spec.id === 'tablebench-visualization') expect(first.notes.join('\n')).toMatch(/no training target/);
    else expect(first.pool.length).toBeGreaterThan(0);
    const ids = [...first.pool, ...first.validation, ...first.test].map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const verification = await verifySplits(task, 'mini', repo);
    expect(verification.status).toBe('ok');
    expect(verification.overlaps).toEqual({ exact: 0, normalised: 0, contained: 0 });
  });

  it('refuses the mini profile of PANORAMA and says why', async () => {
    const task = CATALOGUE.find((candidate) => candidate.spec.id === 'panorama-noc4pc')!;
    await expect(task.buildSplits(repo, 'mini')).rejects.toThrow(/10 official PANORAMA samples/);
  });

  it('follows the FinanceIQ rule: per category the last min(ceil(n/2), 100) rows are held out', async () => {
    const task = CATALOGUE.find((candidate) => candidate.spec.id === 'financeiq')!;
    const splits = await task.buildSplits(repo, 'mini');
    const source = repo.source('financeiq');
    let expectedPool = 0;
    for (const file of source.files.filter((entry) => entry.name.startsWith('test/'))) {
      const rows = (await repo.readRows('financeiq', file.name)).length;
      expectedPool += rows - Math.min(Math.ceil(rows / 2), 100);
    }
    expect(splits.pool).toHaveLength(expectedPool);
    const poolIndex = (id: string) => Number(id.split('-').pop());
    const heldOutIndices = [...splits.validation, ...splits.test].map((sample) => ({ category: sample.subtask!, index: poolIndex(sample.id) }));
    for (const { category, index } of heldOutIndices) {
      const maxPoolIndex = Math.max(...splits.pool.filter((row) => row.subtask === category).map((row) => poolIndex(row.id)));
      expect(index).toBeGreaterThan(maxPoolIndex);
    }
    expect(new Set(splits.validation.map((sample) => sample.subtask)).size).toBe(10);
  });

  it('splits AIME 2025 into I (validation) and II (test) and keeps them out of the pool', async () => {
    const task = CATALOGUE.find((candidate) => candidate.spec.id === 'aime25')!;
    const splits = await task.buildSplits(repo, 'mini');
    expect(splits.validation.every((sample) => sample.subtask === 'aime-2025-I')).toBe(true);
    expect(splits.test.every((sample) => sample.subtask === 'aime-2025-II')).toBe(true);
    expect(splits.validation[0]!.prompt).toMatch(/^Find the sum of all integer bases/);
    expect(splits.validation[0]!.prompt.match(/Please reason step by step/g)).toHaveLength(1);
    expect(splits.validation[0]!.reference).toBe(70);
  });

  it('gives every chemcot-mol-opt mini pool row a constructed target that really improves its property', async () => {
    const task = CATALOGUE.find((candidate) => candidate.spec.id === 'chemcot-mol-opt')!;
    const splits = await task.buildSplits(repo, 'mini');
    expect(splits.pool.length).toBeGreaterThan(200);
    expect(splits.notes.join('\n')).toMatch(/the target is constructed, not gold/);
    const scorer = await molOptSuccess.create(molOptSuccess.params.parse({}));
    const failures = splits.pool.filter((row) => scorer.score(row.target, row).value !== 1).map((row) => row.id);
    expect(failures).toEqual([]);
  });

  it('rebuilds every official TableBench example prompt byte for byte', () => {
    const path = join(mirror!, 'tablebench/eval_examples/o3-mini-2025-01-31=TableBench_DP=Example.jsonl');
    const examples = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string> & { table: unknown });
    // JSON cannot tell 1.0 from 1: compare with float zeros dropped on both sides.
    const dropFloatZeros = (text: string) => text.replace(/(\d)\.0(?=[,\]])/g, '$1');
    for (const example of examples) {
      expect(dropFloatZeros(tablebenchPrompt(example.qtype!, example.qsubtype!, example.table, example.question!))).toBe(dropFloatZeros(example.instruction!));
    }
  });
});
