import type { Sample } from '../../../core/index.js';
import type { DataRepository } from '../../../data/index.js';
import { defineTask } from '../../define-task.js';
import { benchmarkSplits } from '../../shared/benchmark-splits.js';
import { chemcotDatasetPool, type ChemcotPoolFile } from '../../shared/chemcot-pool.js';
import { chemPrompt, jsonAnswer } from '../../shared/chemcot-prompts.js';
import { miniProfile, paperProfile } from '../../shared/profiles.js';
import { optionalString, stringField } from '../../shared/row-fields.js';
import { EDIT_SCORING } from './scoring.js';

const SOURCE = 'chemcotbench';
const SUBTASKS = [
  { file: 'add', id: 'add', description: 'add a functional group' },
  { file: 'delete', id: 'delete', description: 'remove a functional group' },
  { file: 'sub', id: 'substitute', description: 'replace one functional group by another' },
] as const;

/** The paper's training pool: ChemCoTDataset's editing files; the target is the edited molecule. */
const POOL_FILES: ChemcotPoolFile[] = SUBTASKS.map((subtask) => ({
  file: `mol_edit/${subtask.file}`,
  subtask: subtask.id,
  answer: 'smiles',
  output: '"<SMILES>"',
}));

async function loadSamples(repo: DataRepository): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const subtask of SUBTASKS) {
    const rows = await repo.readRows(SOURCE, subtask.file);
    rows.forEach((row, index) => {
      const origin = { source: SOURCE, file: subtask.file, index };
      const reference = stringField(row, 'reference', origin);
      const molecule = stringField(row, 'molecule', origin);
      const added = optionalString(row, 'added_group');
      const removed = optionalString(row, 'removed_group');
      samples.push({
        id: `mol-edit-${subtask.id}-${stringField(row, 'id', origin)}`,
        subtask: subtask.id,
        prompt: chemPrompt(`${stringField(row, 'Instruction', origin)} Give the modified molecule as a valid SMILES string.`, '"<SMILES>"', {
          'Input Molecule': molecule,
        }),
        reference,
        target: jsonAnswer(reference),
        meta: { molecule, ...(added ? { addedGroup: added } : {}), ...(removed ? { removedGroup: removed } : {}) },
      });
    });
  }
  return samples;
}

export const chemcotMolEdit = defineTask({
  spec: {
    schemaVersion: 1,
    id: 'chemcot-mol-edit',
    title: 'ChemCoTBench molecule editing',
    domain: 'chemistry',
    paperTask: true,
    description:
      'Edit a molecule given as SMILES: add, delete or substitute a named functional group, and answer with the edited molecule as a valid SMILES string.',
    outputFormat: {
      description: 'A JSON object {"output": "<SMILES>"} with the edited molecule. Reasoning may precede it.',
      example: '{"output": "O=C(O)c1cn2c(nc3ccccc32)s1"}',
    },
    subtasks: SUBTASKS.map(({ id, description }) => ({ id, description })),
    sources: ['chemcot-dataset'],
    heldOutFrom: ['chemcotbench'],
    metrics: [
      {
        name: 'accuracy',
        scorer: 'mol-edit-accuracy',
        params: { field: 'output' },
        direction: 'higher',
        primary: true,
        description:
          'valid SMILES whose functional-group counts changed as asked (ChemCoTBench rule); official: the mean of the add, delete and substitute rates, as the paper reports it; corrected: pooled over items',
        scoring: EDIT_SCORING,
      },
    ],
    profiles: {
      paper: paperProfile({
        validation: 50,
        test: 50,
        maxNewTokens: 2048,
        splitRule:
          'The 100 ChemCoTBench editing items are split 50/50 per subtask (seeded); the pool is ChemCoTDataset mol_edit from the hub, each row\'s target {"output": <SMILES>} its reference molecule (meta) or else the one its structured reasoning ends with, valid in RDKit.',
      }),
      mini: miniProfile({
        validation: 30,
        test: 30,
        maxNewTokens: 96,
        splitRule: 'Per subtask (seeded): 30 validation and 30 test items; the remaining 40 benchmark items form the pool.',
        deviations: ['ChemCoTDataset is hub-only: the mini pool is carved from the benchmark itself, disjoint from validation and test'],
      }),
    },
    notes: [],
  },
  async buildSplits(repo, profile) {
    return benchmarkSplits({
      spec: chemcotMolEdit.spec,
      profile,
      repo,
      samples: await loadSamples(repo),
      benchmarkSource: SOURCE,
      hubPool: (hub) => chemcotDatasetPool(hub, POOL_FILES),
      leakageKey: (item) => item.prompt,
    });
  },
  selfcheckSamples: loadSamples,
  leakageKey: (item) => item.prompt,
});
