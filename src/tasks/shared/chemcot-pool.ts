import type { PoolRow } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import { rawPoolRows } from './benchmark-splits.js';

/** The paper's chemistry training source (OpenMol/ChemCoTDataset), hub-only: rows kept whole. */
export async function chemcotDatasetPool(repo: DataRepository): Promise<PoolRow[]> {
  const source = repo.source('chemcot-dataset');
  const rows: PoolRow[] = [];
  for (const file of source.files) {
    rows.push(...rawPoolRows(await repo.readRows(source.id, file.name), source.id, file.name, ['query', 'instruction', 'question', 'prompt']));
  }
  return rows;
}
