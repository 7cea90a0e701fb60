import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../../config/index.js';
import type { PoolRow } from '../../core/index.js';
import { createDataRepository, DATASET_SOURCES, findSource, type DataRepository } from '../../data/index.js';
import { extractJsonField, isValidSmiles, loadChemistry } from '../../eval/index.js';
import { startFakeHub, type FakeHub } from '../../testing/fake-hub-server.js';
import { testMirror } from '../../testing/mirror.js';
import { chemcotDatasetPool } from '../shared/chemcot-pool.js';
import { chemcotDatasetHubFiles } from './chemcot-dataset-fixture.js';
import { MOL_OPT_POOL_FILES } from './chemcot-mol-opt/task.js';
import { CATALOGUE } from './index.js';

const mirror = testMirror();
const EXPECTED = { 'chemcot-mol-und': 5, 'chemcot-mol-edit': 3, 'chemcot-reaction': 2 } as const;

let hub: FakeHub | undefined;
let repo: DataRepository;
const home = mkdtempSync(join(tmpdir(), 'ftdojo-chemcot-pool-'));

beforeAll(async () => {
  const pin = findSource(DATASET_SOURCES, 'chemcot-dataset').hub!;
  hub = await startFakeHub({ [pin.repo]: { commits: [{ sha: pin.revision.padEnd(40, '0'), files: chemcotDatasetHubFiles() }] } });
  repo = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror ?? '', HF_ENDPOINT: hub.url, FTDOJO_HOME: home }));
});
afterAll(async () => {
  await hub?.close();
  rmSync(home, { recursive: true, force: true });
});

async function expectTargetsInFormat(pool: readonly PoolRow[]): Promise<void> {
  const rdkit = await loadChemistry();
  for (const row of pool) {
    const output = extractJsonField(row.target, 'output');
    expect(output.ok, row.id).toBe(true);
    const value = output.ok ? output.value : null;
    if (row.subtask === 'functional-group-count' || row.subtask === 'ring-count') expect(Number.isInteger(value), row.id).toBe(true);
    else if (row.subtask === 'ring-system') expect(['Yes', 'No'], row.id).toContain(value);
    else expect(isValidSmiles(rdkit, String(value)), `${row.id}: ${String(value)}`).toBe(true);
    expect(row.prompt, row.id).toContain('"output"');
    expect(row.extra['cot'], row.id).toEqual(expect.any(String));
  }
}

describe.skipIf(!mirror)('paper pools from ChemCoTDataset, served by a fake hub in its own format', () => {
  it.each(Object.entries(EXPECTED))('%s: every pool row has a target in the task format, the rest are counted', async (id, rows) => {
    const task = CATALOGUE.find((candidate) => candidate.spec.id === id)!;
    const splits = await task.buildSplits(repo, 'paper');
    expect(splits.pool).toHaveLength(rows);
    await expectTargetsInFormat(splits.pool);
    expect(splits.validation.length).toBeGreaterThan(0);
    expect(splits.validation.length).toBeLessThanOrEqual(task.spec.profiles.paper.validationSize);
    if (id === 'chemcot-mol-und')
      expect(splits.notes).toContain('1 of 6 ChemCoTDataset row(s) left out of the pool: no integer answer in gt, meta or the reasoning');
    if (id === 'chemcot-mol-edit') {
      expect(splits.notes.join('\n')).not.toMatch(/ChemCoTDataset row/);
      // sub.json's reasoning ends in prose, but its meta.reference is the gold molecule.
      expect(splits.pool.find((row) => row.subtask === 'substitute')?.target).toBe('{"output":"Cc1ccc(C(=O)O)o1"}');
    }
    if (id === 'chemcot-reaction') {
      expect(splits.pool.map((row) => [row.subtask, row.target])).toEqual([
        ['forward', '{"output":"CCOC(C)=O"}'],
        ['by-product', '{"output":"O"}'],
      ]);
      expect(splits.notes.join('\n')).toMatch(/rxn\/rcr .* is not read/);
    }
  });

  it('chemcot-mol-opt: the pool is every optimisation file, its targets the "Final Target Molecule"', async () => {
    const built = await chemcotDatasetPool(repo, MOL_OPT_POOL_FILES);
    expect(built.rows.map((row) => row.subtask)).toEqual(['logp', 'qed', 'solubility', 'drd2', 'gsk3b', 'jnk3']);
    expect(built.rows[0]!.target).toBe('{"output":"CCCc1ccccc1"}');
    expect(built.rows[0]!.prompt).not.toContain('Final Target Molecule');
    expect(built.notes).toEqual(['1 of 7 ChemCoTDataset row(s) left out of the pool: no valid SMILES answer in gt, meta or the reasoning']);
    await expectTargetsInFormat(built.rows);
  });
});
