import type { Molecule, RDKit } from './load-chemistry.js';

/**
 * `Chem.MolFromSmiles(text)` as Python RDKit answers it, for reproducing evaluation code written
 * in Python: "" is a valid molecule with no atoms, leading whitespace is skipped and whatever
 * follows the SMILES after whitespace is its name ("CCO is ethanol" reads as ethanol). Our own
 * scorers refuse both (parseMolecule); the official ones must not. MinimalLib's get_mol reads the
 * same way, except that it takes text holding "M  END" as a mol block and text starting with "{"
 * as JSON, where Python reads the first word as SMILES (JSON never is). The caller owns the
 * molecule and must `delete()` it; null where Python returns None.
 */
export function parsePythonSmiles(rdkit: RDKit, text: string): Molecule | null {
  let input = text;
  if (input.includes('M  END')) input = input.trimStart().split(/\s/)[0] ?? '';
  if (input.trimStart().startsWith('{')) return null;
  const molecule = rdkit.get_mol(input);
  if (molecule === null) return null;
  if (!molecule.is_valid()) {
    molecule.delete();
    return null;
  }
  return molecule;
}

/** Runs `use` on the molecule Python RDKit would read and frees it; null where Python returns None. */
export function withPythonMolecule<T>(rdkit: RDKit, text: string, use: (molecule: Molecule) => T): T | null {
  const molecule = parsePythonSmiles(rdkit, text);
  if (molecule === null) return null;
  try {
    return use(molecule);
  } finally {
    molecule.delete();
  }
}

/** `Chem.MolToSmiles(mol, isomericSmiles=False)` of what Python reads; null where it reads None. */
export function pythonCanonicalSmiles(rdkit: RDKit, text: string): string | null {
  return withPythonMolecule(rdkit, text, (molecule) => molecule.get_smiles(JSON.stringify({ doIsomericSmiles: false })));
}
