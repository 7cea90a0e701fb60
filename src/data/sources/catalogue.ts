import { FtdojoError } from '../../core/index.js';
import type { DatasetSource } from '../types.js';
import { bioprobench } from './bioprobench.js';
import { chemcotDataset } from './chemcot-dataset.js';
import { chemcotbench } from './chemcotbench.js';
import { deepscaler } from './deepscaler.js';
import { financeiq } from './financeiq.js';
import { gsm8k } from './gsm8k.js';
import { mathBenchmarks } from './math-benchmarks.js';
import { panorama } from './panorama.js';
import { tablebench } from './tablebench.js';
import { tableinstruct } from './tableinstruct.js';

/** Every dataset source ftdojo knows, in the order `ftdojo data ls` shows them. */
export const DATASET_SOURCES: readonly DatasetSource[] = [
  deepscaler,
  mathBenchmarks,
  gsm8k,
  chemcotDataset,
  chemcotbench,
  panorama,
  financeiq,
  tableinstruct,
  tablebench,
  bioprobench,
];

export function findSource(sources: readonly DatasetSource[], id: string): DatasetSource {
  const source = sources.find((candidate) => candidate.id === id);
  if (source === undefined) {
    throw new FtdojoError('UNKNOWN_DATASET', `no dataset source "${id}"`, {
      hint: `known sources: ${sources.map((candidate) => candidate.id).join(', ')} (see \`ftdojo data ls\`)`,
    });
  }
  return source;
}
