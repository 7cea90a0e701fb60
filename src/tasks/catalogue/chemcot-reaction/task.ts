import type { Sample } from '../../../core/index.js';
import type { DataRepository } from '../../../data/index.js';
import { isValidSmiles, loadChemistry } from '../../../eval/index.js';
import { defineTask } from '../../define-task.js';
import { benchmarkSplits } from '../../shared/benchmark-splits.js';
import { chemcotDatasetPool, type ChemcotPoolFile } from '../../shared/chemcot-pool.js';
import type { PoolBuild } from '../../shared/pool-build.js';
import { chemPrompt, jsonAnswer } from '../../shared/chemcot-prompts.js';
import { miniProfile, paperProfile } from '../../shared/profiles.js';
import { arrayField, stringField } from '../../shared/row-fields.js';
import { EXACT_SCORING, FTS_SCORING } from './scoring.js';

const SOURCE = 'chemcotbench';
const joinSmiles = (values: unknown[]) => values.map(String).join('.');

async function readSamples(repo: DataRepository): Promise<Sample[]> {
  const samples: Sample[] = [];
  const forward = await repo.readRows(SOURCE, 'fs');
  forward.forEach((row, index) => {
    const origin = { source: SOURCE, file: 'fs', index };
    const gold = JSON.parse(stringField(row, 'gt', origin)) as Record<string, string>;
    const meta = JSON.parse(stringField(row, 'meta', origin)) as { reactants: string[]; reagents: string[] };
    const product = gold['Major Product'] ?? '';
    samples.push({
      id: `reaction-forward-${stringField(row, 'id', origin)}`,
      subtask: 'forward',
      prompt: chemPrompt('Predict the major product of the reaction.', '"<SMILES of the major product>"', {
        Reactants: meta.reactants.join('.'),
        Reagents: meta.reagents.join('.'),
      }),
      reference: product,
      target: jsonAnswer(product),
      meta: {},
    });
  });
  const retro = await repo.readRows(SOURCE, 'retro');
  retro.forEach((row, index) => {
    const origin = { source: SOURCE, file: 'retro', index };
    const reactants = joinSmiles(arrayField(row, 'reactants', origin));
    samples.push({
      id: `reaction-retro-${stringField(row, 'id', origin)}`,
      subtask: 'retrosynthesis',
      prompt: chemPrompt(
        'Propose the reactants that give this product (single-step retrosynthesis). Separate reactants with ".".',
        '"<SMILES of the reactants>"',
        {
          Product: joinSmiles(arrayField(row, 'products', origin)),
          'Reaction class': stringField(row, 'rxn_cls', origin),
        },
      ),
      reference: reactants,
      target: jsonAnswer(reactants),
      meta: {},
    });
  });
  const mechanism = await repo.readRows(SOURCE, 'mech_task1');
  mechanism.forEach((row, index) => {
    const origin = { source: SOURCE, file: 'mech_task1', index };
    const intermediate = stringField(row, 'gt', origin);
    samples.push({
      id: `reaction-next-step-${stringField(row, 'id', origin)}`,
      subtask: 'next-step',
      prompt: chemPrompt('Predict the product of the first mechanistic step of the reaction.', '"<SMILES>"', {
        'Starting reactants': stringField(row, 'starting_reactants', origin),
        Reagents: stringField(row, 'reagents', origin),
        Condition: stringField(row, 'rxn_condition', origin),
        'Reaction class': stringField(row, 'rxn_cls', origin),
      }),
      reference: intermediate,
      target: jsonAnswer(intermediate),
      meta: {},
    });
  });
  return samples;
}

/** The paper's training pool: ChemCoTDataset's forward-synthesis files (major product and by-product). */
const POOL_FILES: ChemcotPoolFile[] = [
  { file: 'rxn/fs_major_product', subtask: 'forward', answer: 'smiles', output: '"<SMILES of the major product>"', keys: ['Major Product', 'output'] },
  {
    file: 'rxn/fs_by_product',
    subtask: 'by-product',
    answer: 'smiles',
    output: '"<SMILES of the by-product>"',
    keys: ['By Product', 'Byproduct(s)', 'output'],
  },
];

async function paperPool(repo: DataRepository): Promise<PoolBuild> {
  const built = await chemcotDatasetPool(repo, POOL_FILES);
  return {
    ...built,
    notes: [...built.notes, 'ChemCoTDataset rxn/rcr (reaction conditions) is not read: this task does not evaluate condition recommendation'],
  };
}

/**
 * Items whose gold answer is not a valid molecule cannot be scored (fs.json has one: a product
 * written "[Cl-]CC(=O)[n+]..." that RDKit rejects); they are dropped with a note.
 */
async function loadSamples(repo: DataRepository): Promise<{ samples: Sample[]; notes: string[] }> {
  const rdkit = await loadChemistry();
  const samples: Sample[] = [];
  const dropped: string[] = [];
  for (const sample of await readSamples(repo)) {
    if (isValidSmiles(rdkit, String(sample.reference))) samples.push(sample);
    else dropped.push(sample.id);
  }
  return { samples, notes: dropped.length ? [`${dropped.length} item(s) dropped because their gold SMILES is invalid: ${dropped.join(', ')}`] : [] };
}

export const chemcotReaction = defineTask({
  spec: {
    schemaVersion: 1,
    id: 'chemcot-reaction',
    title: 'ChemCoTBench reaction prediction',
    domain: 'chemistry',
    paperTask: true,
    description:
      'Predict reactions written as SMILES: the major product of a forward reaction, the reactants of a product (retrosynthesis), and the next intermediate of a mechanism.',
    outputFormat: {
      description: 'A JSON object {"output": "<SMILES>"}; several molecules are joined with ".". Reasoning may precede it.',
      example: '{"output": "CC(=O)Nc1ccccc1"}',
    },
    subtasks: [
      { id: 'forward', description: 'major product of a reaction' },
      { id: 'retrosynthesis', description: 'reactants of a product' },
      { id: 'next-step', description: 'product of the first mechanistic step' },
    ],
    sources: ['chemcot-dataset'],
    heldOutFrom: ['chemcotbench'],
    metrics: [
      {
        name: 'fingerprint-tanimoto',
        scorer: 'smiles-tanimoto',
        params: { field: 'output' },
        direction: 'higher',
        primary: true,
        description:
          'fingerprint Tanimoto similarity to the reference (FTS): corrected Morgan; official the mean of RDKit, MACCS and count-based Morgan, times validity',
        scoring: FTS_SCORING,
      },
      {
        name: 'accuracy',
        scorer: 'smiles-exact',
        params: { field: 'output' },
        direction: 'higher',
        primary: false,
        description: 'the reference molecule: corrected by canonical SMILES, official by standard InChI',
        scoring: EXACT_SCORING,
      },
    ],
    profiles: {
      paper: paperProfile({
        validation: 237,
        test: 237,
        maxNewTokens: 2048,
        splitRule:
          'ChemCoTBench reaction items split per subtask (seeded) into 237/237; the pool is ChemCoTDataset rxn/fs_major_product and rxn/fs_by_product from the hub, each row\'s target {"output": <SMILES>} its gold product (gt, meta) or else the one its structured reasoning ends with, valid in RDKit.',
        deviations: ['mechanism selection (mech_task2) and RCR are left out: the public files lack the option texts and the RCR split'],
      }),
      mini: miniProfile({
        validation: 40,
        test: 40,
        maxNewTokens: 128,
        splitRule: 'Per subtask (seeded): 40 validation and 40 test items; the other items form the pool.',
        deviations: [
          'ChemCoTDataset is hub-only: the mini pool is carved from the benchmark itself, disjoint from validation and test',
          'mechanism selection is left out: the mirror has its gold letters but not the option texts',
        ],
      }),
    },
    notes: [],
  },
  async buildSplits(repo, profile) {
    const { samples, notes } = await loadSamples(repo);
    return benchmarkSplits({
      spec: chemcotReaction.spec,
      profile,
      repo,
      samples,
      notes,
      benchmarkSource: SOURCE,
      hubPool: paperPool,
      leakageKey: (item) => item.prompt,
    });
  },
  selfcheckSamples: async (repo) => (await loadSamples(repo)).samples,
  leakageKey: (item) => item.prompt,
});
