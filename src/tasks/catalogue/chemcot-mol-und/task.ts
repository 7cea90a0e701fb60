import type { Sample } from '../../../core/index.js';
import type { DataRepository } from '../../../data/index.js';
import { defineTask } from '../../define-task.js';
import { chemPrompt, jsonAnswer } from '../../shared/chemcot-prompts.js';
import { miniProfile, paperProfile } from '../../shared/profiles.js';
import { numberField, stringField } from '../../shared/row-fields.js';
import { benchmarkSplits } from '../../shared/benchmark-splits.js';
import { chemcotDatasetPool, type ChemcotPoolFile } from '../../shared/chemcot-pool.js';
import { ACCURACY_SCORING, COUNT_SCORING, SCAFFOLD_SCORING } from './scoring.js';

const SOURCE = 'chemcotbench';

async function loadSamples(repo: DataRepository): Promise<Sample[]> {
  const samples: Sample[] = [];
  const read = async (file: string) => (await repo.readRows(SOURCE, file)).map((row, index) => ({ row, origin: { source: SOURCE, file, index } }));

  for (const { row, origin } of await read('fg_samples')) {
    const count = numberField(row, 'fg_num', origin);
    const name = stringField(row, 'fg_name', origin);
    samples.push({
      id: `mol-und-fg-${stringField(row, 'id', origin)}`,
      subtask: 'functional-group-count',
      prompt: chemPrompt(`Count how many ${name} groups (${stringField(row, 'fg_label', origin)}) the molecule contains.`, '<an integer>', {
        'Input Molecule': stringField(row, 'smiles', origin),
      }),
      reference: count,
      target: jsonAnswer(count),
      meta: { smiles: stringField(row, 'smiles', origin) },
    });
  }
  for (const { row, origin } of await read('ring_count')) {
    const count = numberField(row, 'count', origin);
    samples.push({
      id: `mol-und-ring-${stringField(row, 'id', origin)}`,
      subtask: 'ring-count',
      prompt: chemPrompt('Count how many times the given ring occurs in the molecule.', '<an integer>', {
        'Input Molecule': stringField(row, 'smiles', origin),
        Ring: stringField(row, 'ring', origin),
      }),
      reference: count,
      target: jsonAnswer(count),
      meta: { smiles: stringField(row, 'smiles', origin) },
    });
  }
  for (const { row, origin } of await read('murcko_scaffold')) {
    const scaffold = stringField(row, 'largest_scaffold', origin);
    samples.push({
      id: `mol-und-murcko-${stringField(row, 'id', origin)}`,
      subtask: 'murcko-scaffold',
      prompt: chemPrompt('Give the Bemis-Murcko scaffold of the molecule as a SMILES string.', '"<SMILES>"', {
        'Input Molecule': stringField(row, 'smiles', origin),
      }),
      reference: scaffold,
      target: jsonAnswer(scaffold),
      meta: { smiles: stringField(row, 'smiles', origin) },
    });
  }
  for (const [file, field, answer] of [
    ['permutated', 'permutated', 'Yes'],
    ['mutated', 'mutated', 'No'],
  ] as const) {
    for (const { row, origin } of await read(file)) {
      samples.push({
        id: `mol-und-${file}-${stringField(row, 'id', origin)}`,
        subtask: `equivalence-${file}`,
        prompt: chemPrompt('Determine whether the two SMILES strings describe the same molecule.', '"Yes / No"', {
          'Molecule A': stringField(row, 'smiles', origin),
          'Molecule B': stringField(row, field, origin),
        }),
        reference: answer,
        target: jsonAnswer(answer),
        meta: {},
      });
    }
  }
  for (const { row, origin } of await read('ring_system_scaffold')) {
    const answer = stringField(row, 'gt', origin);
    samples.push({
      id: `mol-und-ring-system-${stringField(row, 'id', origin)}`,
      subtask: 'ring-system',
      // The benchmark ships this subtask's full prompt; it already asks for {"output": "Yes / No"}.
      prompt: stringField(row, 'query', origin),
      reference: answer,
      target: jsonAnswer(answer),
      meta: {},
    });
  }
  return samples;
}

/** The paper's training pool: ChemCoTDataset's understanding files (it has no SMILES-equivalence file). */
const POOL_FILES: ChemcotPoolFile[] = [
  { file: 'mol_und/fg_count', subtask: 'functional-group-count', answer: 'integer', output: '<an integer>', keys: ['count', 'output'] },
  { file: 'mol_und/ring_count', subtask: 'ring-count', answer: 'integer', output: '<an integer>', keys: ['count', 'output'] },
  { file: 'mol_und/Murcko_scaffold', subtask: 'murcko-scaffold', answer: 'smiles', output: '"<SMILES>"', keys: ['Output Scaffold', 'output'] },
  { file: 'mol_und/ring_system_scaffold', subtask: 'ring-system', answer: 'yes-no', output: '"Yes / No"', keys: ['output'] },
];

const COUNT_SUBTASKS = ['functional-group-count', 'ring-count'];
const YES_NO_SUBTASKS = ['equivalence-permutated', 'equivalence-mutated', 'ring-system'];

export const chemcotMolUnd = defineTask({
  spec: {
    schemaVersion: 1,
    id: 'chemcot-mol-und',
    title: 'ChemCoTBench molecule understanding',
    domain: 'chemistry',
    paperTask: true,
    description:
      'Read molecules written as SMILES: count functional groups and rings, extract the Murcko scaffold, decide whether two SMILES are the same molecule, and whether a ring system occurs in a molecule.',
    outputFormat: {
      description:
        'A JSON object with one field "output": an integer for counts, a SMILES string for scaffolds, "Yes" or "No" for the yes/no questions. Reasoning may precede it.',
      example: '{"output": 2}',
    },
    subtasks: [
      { id: 'functional-group-count', description: 'count a named functional group (MAE)' },
      { id: 'ring-count', description: 'count occurrences of a ring (MAE)' },
      { id: 'murcko-scaffold', description: 'Bemis-Murcko scaffold SMILES (Tanimoto similarity)' },
      { id: 'equivalence-permutated', description: 'same molecule written differently: answer Yes (accuracy)' },
      { id: 'equivalence-mutated', description: 'a changed molecule: answer No (accuracy)' },
      { id: 'ring-system', description: 'does the ring system occur in the molecule (accuracy)' },
    ],
    sources: ['chemcot-dataset'],
    heldOutFrom: ['chemcotbench'],
    metrics: [
      {
        name: 'accuracy',
        scorer: 'json-yes-no',
        params: { field: 'output', officialFixedAnswer: { 'ring-system': 'Yes' } },
        direction: 'higher',
        primary: true,
        subtasks: YES_NO_SUBTASKS,
        description: 'yes/no questions answered correctly',
        scoring: ACCURACY_SCORING,
      },
      {
        name: 'count-mae',
        scorer: 'json-number-mae',
        params: { field: 'output' },
        direction: 'lower',
        primary: false,
        subtasks: COUNT_SUBTASKS,
        description: 'mean absolute error of the counts',
        scoring: COUNT_SCORING,
      },
      {
        name: 'scaffold-tanimoto',
        scorer: 'smiles-tanimoto',
        params: { field: 'output', official: 'scaffold-consistency' },
        direction: 'higher',
        primary: false,
        subtasks: ['murcko-scaffold'],
        description: "Morgan-fingerprint Tanimoto similarity of the scaffold (TMS); official: ChemCoTBench's scaffold consistency",
        scoring: SCAFFOLD_SCORING,
      },
    ],
    profiles: {
      paper: paperProfile({
        validation: 160,
        test: 160,
        maxNewTokens: 2048,
        splitRule:
          'The 320 ChemCoTBench understanding items are split 160/160 per subtask (seeded); the pool is ChemCoTDataset mol_und from the hub, each row\'s target {"output": <answer>} taken from its gold (gt, meta) or else the answer its structured reasoning ends with.',
      }),
      mini: miniProfile({
        validation: 40,
        test: 40,
        maxNewTokens: 48,
        splitRule: 'Per subtask (seeded): 40 validation and 40 test items; the remaining 240 benchmark items form the pool.',
        deviations: [
          "ChemCoTDataset (the paper's training source) is hub-only: the mini pool is carved from the benchmark itself, disjoint from validation and test",
        ],
      }),
    },
    notes: ['The primary metric is yes/no accuracy (the largest family of items); MAE and scaffold similarity are reported beside it.'],
  },
  async buildSplits(repo, profile) {
    return benchmarkSplits({
      spec: chemcotMolUnd.spec,
      profile,
      repo,
      samples: await loadSamples(repo),
      benchmarkSource: SOURCE,
      hubPool: (repo) => chemcotDatasetPool(repo, POOL_FILES),
      leakageKey: (item) => item.prompt,
    });
  },
  async selfcheckSamples(repo) {
    return loadSamples(repo);
  },
  leakageKey: (item) => item.prompt,
});
