import type { DatasetFile, DatasetSource } from '../types.js';
import { PREFIX_PIN_NOTE, hubFile } from './file-entry.js';

const SUBTASKS: Record<string, string[]> = {
  mol_und: ['fg_count', 'ring_count', 'Murcko_scaffold', 'ring_system_scaffold'],
  mol_edit: ['add', 'delete', 'sub'],
  mol_opt: ['logp', 'solubility', 'qed', 'drd', 'gsk', 'jnk'],
  rxn: ['fs_major_product', 'fs_by_product', 'rcr'],
};

const files: DatasetFile[] = Object.entries(SUBTASKS).flatMap(([task, subtasks]) =>
  subtasks.map((subtask) => hubFile(`${task}/${subtask}`, 'json', `chemcotbench-cot/${task}/${subtask}.json`)),
);

/** ChemCoTDataset: the chemistry training pool with reasoning traces. Hub only, and gated. */
export const chemcotDataset: DatasetSource = {
  id: 'chemcot-dataset',
  title: 'ChemCoTDataset (chemistry problems with chain-of-thought)',
  domain: 'chemistry',
  description:
    'About 23k chemistry problems in the four ChemCoTBench families (mol_und, mol_edit, mol_opt, rxn) with structured ' +
    "(struct_cot, ~87% of rows) and free-form (raw_cot, ~59%) reasoning. The training pool of the paper's chemistry tasks. " +
    'Hub only (not in the offline mirror); the hub repository is gated: set HF_TOKEN and accept its terms first.',
  licence: "MIT (as stated by the reference implementation's card; check the hub page)",
  hub: {
    repo: 'OpenMol/ChemCoTDataset',
    repoType: 'dataset',
    revision: 'd88a8af',
    revisionNote: PREFIX_PIN_NOTE,
    layoutNote:
      'files chemcotbench-cot/<family>/<subtask>.json: the rxn paths and mol_edit/add are named by the reference implementation ' +
      'and a public file listing; the other file names follow the subtask names of the dataset card and are checked against ' +
      "the revision's file list at pull time (a missing one fails, naming the files the revision has)",
  },
  files,
  cotQuality: 'medium-high',
  cotNote:
    'Chain-of-thought quality is medium-high. struct_cot is a structured, step-by-step derivation (parse the molecule, identify ' +
    'the relevant groups, apply the operation, check the result); it is well organised but short (a few hundred tokens) and ' +
    'sometimes thin on the chemistry. raw_cot, where present, is a much longer free-form trace from a reasoning model, with ' +
    'detours. rxn/rcr names its trace cot_result instead of struct_cot and keeps its gold answer at the top level. Good ' +
    'starting material: filter by answer correctness and consider enriching struct_cot rather than training on raw_cot as is.',
  fields: {
    id: 'sample id',
    query: 'the chemistry question as posed to the model',
    task: 'family: mol_und, mol_edit, mol_opt or rxn',
    subtask: 'subtask name, e.g. "add", "fs_major_product"',
    struct_cot:
      'structured step-by-step reasoning as JSON text (sometimes encoded twice or fenced in ```json), ending in the answer under ' +
      'the key its question asks for: "output", "Final Target Molecule", "Output Scaffold", "count", "Major Product", "By Product"',
    raw_cot: 'free-form reasoning trace from a reasoning model (not in every row)',
    cot_result: 'rxn/rcr only: its structured reasoning (struct_cot elsewhere), may be wrapped in a ```json fence',
    gt: 'rxn/rcr only: the gold answer (kept in meta elsewhere)',
    meta: 'extra facts as JSON text (an object in some copies): the molecule or reactants and, for most subtasks, the gold answer (gt or reference)',
  },
  text: { prompt: ['query'], answer: ['struct_cot', 'cot_result'] },
};
