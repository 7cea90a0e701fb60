import type { PythonJson } from '../scorers/json-python-loads.js';
import type { Molecule, RDKit } from './load-chemistry.js';
import { bitTanimoto } from './chemcotbench-reaction.js';
import { murckoScaffoldOf } from './murcko-scaffold.js';
import { parsePythonSmiles } from './python-smiles.js';

export type ScaffoldConsistency = { ok: true; similarity: number; detail?: string } | { ok: false; crash: string };

/**
 * ChemCoTBench's soft scaffold score of one answer (eval_metric.py at ac04f91,
 * `mol_opt_evaluater.scaffold_consistency`, which molund_eval_demo.ipynb uses for the Murcko
 * task with the gold scaffold as "source"): 0 when the answer is not a SMILES string or does not
 * parse; 1 when both Murcko scaffolds have the same canonical SMILES; otherwise, when the two
 * scaffolds share at least one atom by maximum common substructure (RDKit FMCS defaults), the
 * Tanimoto similarity of their 1024-bit Morgan fingerprints (radius 2), else 0. So any answer
 * whose own scaffold equals the gold scaffold scores 1, the whole molecule included.
 */
export function scaffoldConsistency(rdkit: RDKit, gold: string, answer: PythonJson): ScaffoldConsistency {
  // Chem.MolFromSmiles of a non-string raises; the official loop catches that and adds nothing
  // to its sum while the item still counts in the denominator: a 0.
  if (typeof answer !== 'string') return { ok: true, similarity: 0, detail: 'not a SMILES string' };
  const goldScaffold = scaffoldSmiles(rdkit, gold);
  const answerScaffold = scaffoldSmiles(rdkit, answer);
  if (goldScaffold === null) return { ok: false, crash: 'the gold scaffold does not parse' };
  if (answerScaffold === undefined) return { ok: true, similarity: 0, detail: 'invalid-smiles' };
  if (answerScaffold === null) return { ok: false, crash: 'MurckoScaffoldSmiles fails on the answer' };
  if (answerScaffold === goldScaffold) return { ok: true, similarity: 1 };
  const left = parsePythonSmiles(rdkit, goldScaffold!);
  const right = parsePythonSmiles(rdkit, answerScaffold);
  try {
    if (left === null || right === null) return { ok: false, crash: 'a scaffold SMILES does not read back (FindMCS gets None)' };
    if (!shareAtoms(rdkit, left, right)) return { ok: true, similarity: 0, detail: 'no common substructure' };
    return { ok: true, similarity: bitTanimoto(morgan1024(left), morgan1024(right)), detail: 'partial-similarity' };
  } finally {
    left?.delete();
    right?.delete();
  }
}

/** MurckoScaffoldSmiles(smiles); undefined when the SMILES itself does not parse, null when the scaffold cannot be built. */
function scaffoldSmiles(rdkit: RDKit, smiles: string): string | null | undefined {
  const molecule = parsePythonSmiles(rdkit, smiles);
  if (molecule === null) return undefined;
  try {
    return murckoScaffoldOf(rdkit, molecule);
  } finally {
    molecule.delete();
  }
}

/** rdFMCS.FindMCS([a, b]).numAtoms > 0. */
function shareAtoms(rdkit: RDKit, left: Molecule, right: Molecule): boolean {
  const list = new rdkit.MolList();
  try {
    list.append(left);
    list.append(right);
    const result = JSON.parse(rdkit.get_mcs_as_json(list, JSON.stringify({ Timeout: 60 }))) as { numAtoms: number };
    return result.numAtoms > 0;
  } finally {
    list.delete();
  }
}

function morgan1024(molecule: Molecule): Uint8Array {
  return Uint8Array.from(molecule.get_morgan_fp_as_uint8array(JSON.stringify({ radius: 2, nBits: 1024 })) as ArrayLike<number>);
}
