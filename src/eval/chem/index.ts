import type { ScorerEntry } from '../scorer.js';
import { molEditAccuracy } from './mol-edit-accuracy.js';
import { molOptSuccess } from './mol-opt-success.js';
import { smilesExact } from './smiles-exact.js';
import { smilesTanimoto } from './smiles-tanimoto.js';
import { smilesValidity } from './smiles-validity.js';

/** The chemistry scorers (ChemCoTBench tasks), for the scorer registry. All need RDKit (WASM), loaded on first create. */
export const chemistryScorers: ScorerEntry[] = [smilesValidity, smilesExact, smilesTanimoto, molEditAccuracy, molOptSuccess];

export { loadChemistry, parseMolecule, withMolecule } from './load-chemistry.js';
export type { Molecule, RDKit } from './load-chemistry.js';
export { canonicalSmiles, isValidSmiles, sameMolecule, smilesComponents } from './smiles.js';
export type { CanonicalOptions } from './smiles.js';
export { morganFingerprint, morganTanimoto, tanimoto } from './morgan-similarity.js';
export { countTanimoto, morganCounts, morganCountsOfSmiles } from './morgan-count.js';
export { murckoScaffoldSmiles } from './murcko-scaffold.js';
export type { MorganOptions } from './morgan-similarity.js';
export { extractSmilesAnswer } from './smiles-answer.js';
export type { SmilesAnswer } from './smiles-answer.js';
export { FUNCTIONAL_GROUPS, countFunctionalGroup, isFunctionalGroup } from './functional-groups.js';
export { qed, qedProperties } from './qed.js';
export type { QedProperties } from './qed.js';
export { MOLECULAR_PROPERTIES, UNSUPPORTED_PROPERTIES, propertyValue } from './molecular-property.js';
export type { MolecularProperty } from './molecular-property.js';
export { improvePropertyReference } from './improve-property.js';
export { MOL_EDIT_META, molEditAccuracy } from './mol-edit-accuracy.js';
export { MOL_OPT_META, molOptSuccess } from './mol-opt-success.js';
export { smilesExact } from './smiles-exact.js';
export { smilesTanimoto } from './smiles-tanimoto.js';
export { smilesValidity } from './smiles-validity.js';
