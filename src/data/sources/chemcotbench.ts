import type { DatasetFile, DatasetSource, TextFields } from '../types.js';
import { mirrorFile } from './file-entry.js';

/** Files are named after the mirror's file names: "add", "fs", "mech_task1"... */
function file(name: string, text: TextFields): DatasetFile {
  return mirrorFile(name, 'json', `chemcotbench/${name}.json`, text);
}

const OPT: TextFields = { prompt: ['src_smiles', 'prop'], answer: [] };

/**
 * ChemCoTBench, the evaluation side of the chemistry tasks. The mirror's copies come from the
 * project's evaluation logs with the model-output fields removed (inputs and gold answers kept),
 * so their bytes match no hub file: this source reads only from the mirror.
 */
export const chemcotbench: DatasetSource = {
  id: 'chemcotbench',
  title: 'ChemCoTBench (chemistry benchmark: understanding, editing, optimisation, reactions)',
  domain: 'chemistry',
  description:
    'ChemCoTBench, 19 of its 20 sub-benchmarks (1,405 rows; reaction-condition recommendation is missing). ' +
    'Molecule understanding: fg_samples (functional-group counts), ring_count, murcko_scaffold, ring_system_scaffold (Yes/No), ' +
    'mutated/permutated (SMILES equivalence). Editing: add, delete, sub. Optimisation: logp, solubility, qed, drd, gsk, jnk ' +
    '(source molecules only: success needs property oracles; drd/gsk/jnk oracles are not available offline). Reactions: fs ' +
    '(forward prediction), retro, mech_task1 (next-step product), mech_task2 (mechanism selection: gold letter only, the option ' +
    'texts are missing). The hub dataset (OpenMol/ChemCoTBench) is not wired: its layout and a revision are not pinned here.',
  licence: 'CC BY 4.0 (project README)',
  hub: null,
  mirrorOrigin: {
    repo: 'IDEA-XL/ChemCoTBench',
    commit: 'ac04f91468cb2ec67edb5d597a834e7daddc228a',
    note: 'baseline_and_eval/logs/<subtask>/ether0.json with the model-output fields stripped',
  },
  files: [
    file('fg_samples', { prompt: ['smiles', 'fg_name'], answer: ['fg_num'] }),
    file('ring_count', { prompt: ['smiles', 'ring'], answer: ['count'] }),
    file('murcko_scaffold', { prompt: ['smiles'], answer: ['largest_scaffold'] }),
    file('ring_system_scaffold', { prompt: ['query'], answer: ['gt'] }),
    file('mutated', { prompt: ['smiles', 'mutated'], answer: [] }),
    file('permutated', { prompt: ['smiles', 'permutated'], answer: [] }),
    file('add', { prompt: ['Instruction'], answer: ['reference'] }),
    file('delete', { prompt: ['Instruction'], answer: ['reference'] }),
    file('sub', { prompt: ['Instruction'], answer: ['reference'] }),
    file('logp', OPT),
    file('solubility', OPT),
    file('qed', OPT),
    file('drd', OPT),
    file('gsk', OPT),
    file('jnk', OPT),
    file('fs', { prompt: ['meta'], answer: ['gt'] }),
    file('retro', { prompt: ['products', 'reagents'], answer: ['reactants'] }),
    file('mech_task1', { prompt: ['starting_reactants', 'reagents', 'rxn_condition'], answer: ['gt'] }),
    file('mech_task2', { prompt: ['rxn_cls', 'rxn_condition', 'reagent_list'], answer: ['gt'] }),
  ],
  cotQuality: 'none',
  cotNote:
    'No chain-of-thought: these files are benchmark inputs and gold answers only (the logged model outputs were removed). ' +
    'Use them to learn the exact input formats and answer shapes of each subtask; reasoning traces for training come from ' +
    'the ChemCoT dataset (source chemcot-dataset) or from synthesis. SMILES answers are compared as molecules (canonicalised), ' +
    'not as strings, so any valid SMILES of the right molecule counts.',
  fields: {
    id: 'sample id (uuid)',
    smiles: 'input molecule (SMILES)',
    fg_name: 'functional group to count (fg_samples)',
    fg_smarts: 'SMARTS pattern of that group (fg_samples)',
    fg_label: 'short label of the group (fg_samples)',
    fg_num: 'gold count of the group (fg_samples)',
    ring: 'ring to count, as SMILES (ring_count)',
    count: 'gold ring count (ring_count)',
    largest_scaffold: 'gold Murcko scaffold SMILES (murcko_scaffold)',
    mutated: 'a different molecule to compare with smiles: gold answer No (mutated)',
    permutated: 'the same molecule written differently: gold answer Yes (permutated)',
    query: 'the full question text (ring_system_scaffold)',
    gt: 'gold answer: Yes/No, a product SMILES, a mechanism letter, or a JSON object for fs',
    task: 'benchmark family, e.g. "mol_und", "reaction"',
    subtask: 'sub-benchmark name',
    meta: 'JSON string with extra inputs (fs: reaction class and reactants)',
    Instruction: 'the editing instruction (add/delete/sub)',
    molecule: 'molecule to edit (add/delete/sub)',
    added_group: 'group to add (add, sub)',
    removed_group: 'group to remove (delete, sub)',
    reference: 'one correct edited molecule (add/delete/sub); other valid edits also count',
    src_smiles: 'molecule to optimise (mol_opt)',
    prop: 'property to improve: logp, solubility, qed, drd, gsk or jnk',
    rxn_cls: 'reaction class',
    reactants: 'gold reactants, JSON list of SMILES (retro)',
    products: 'product molecules, JSON list of SMILES (retro)',
    reagents: 'reagents (retro: JSON list; mech_task1: dot-separated SMILES)',
    starting_reactants: 'reactants, dot-separated SMILES (mech_task1)',
    rxn_condition: 'reaction conditions in words',
    reagent_list: 'reagent SMARTS patterns, JSON list (mech_task2)',
  },
};
