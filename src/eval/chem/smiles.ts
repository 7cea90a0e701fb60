import { withMolecule } from './load-chemistry.js';
import type { RDKit } from './load-chemistry.js';

export interface CanonicalOptions {
  /**
   * Keep stereochemistry (chirality, double-bond geometry). Default true. ChemCoTBench's SMILES
   * metrics drop it (canonical SMILES written with isomericSmiles=False), so its exact match
   * counts a prediction with the wrong or missing stereo as correct.
   */
  stereo?: boolean;
}

/**
 * RDKit's canonical SMILES, or null when the input is not valid SMILES. Components of a
 * multi-component SMILES ("A.B", e.g. a reactant set) are sorted, so "B.A" gives the same string.
 */
export function canonicalSmiles(rdkit: RDKit, smiles: string, options: CanonicalOptions = {}): string | null {
  const stereo = options.stereo ?? true;
  return withMolecule(rdkit, smiles, (molecule) => {
    const written = stereo ? molecule.get_smiles() : molecule.get_smiles(JSON.stringify({ doIsomericSmiles: false }));
    // Canonical output never closes a ring across a '.', so splitting on it is safe.
    return written.split('.').sort().join('.');
  });
}

export function isValidSmiles(rdkit: RDKit, smiles: string): boolean {
  return withMolecule(rdkit, smiles, () => true) ?? false;
}

/** Whether two SMILES name the same molecule (or the same set of components); false if either is invalid. */
export function sameMolecule(rdkit: RDKit, left: string, right: string, options: CanonicalOptions = {}): boolean {
  const a = canonicalSmiles(rdkit, left, options);
  if (a === null) return false;
  return a === canonicalSmiles(rdkit, right, options);
}

/** The components of a multi-component SMILES, in canonical form and order; null if invalid. */
export function smilesComponents(rdkit: RDKit, smiles: string, options: CanonicalOptions = {}): string[] | null {
  return canonicalSmiles(rdkit, smiles, options)?.split('.') ?? null;
}
