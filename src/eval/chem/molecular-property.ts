import { FtdojoError } from '../../core/index.js';
import { countMatches, descriptors, withMolecule } from './load-chemistry.js';
import type { Molecule, RDKit } from './load-chemistry.js';
import { qedFromProperties, qedProperties } from './qed.js';

/**
 * The properties ChemCoTBench's molecule-optimisation task asks to improve. For every one of them
 * its evaluator (baseline_and_eval/eval/eval_metric.py, `property_improvement`) scores
 * oracle(target) - oracle(source) and counts a success when that is > 0: higher is better for
 * all six, LogP included. Its prompts ask to "improve" the property (the public solubility
 * item reads "Optimize the molecule <SMILES> to improve its solubility"), so the evaluator is
 * where the direction is fixed.
 */
export const MOLECULAR_PROPERTIES = ['logp', 'qed', 'solubility', 'drd2', 'gsk3b', 'jnk3'] as const;
export type MolecularProperty = (typeof MOLECULAR_PROPERTIES)[number];

const BIOACTIVITY_ORACLE =
  'needs the TDC bioactivity oracle (a scikit-learn model over Morgan fingerprints, downloaded from Harvard Dataverse), ' +
  'which is not available offline or from TypeScript';

/** Why a property cannot be computed here; absent for the ones this module computes. */
export const UNSUPPORTED_PROPERTIES: Readonly<Partial<Record<MolecularProperty, string>>> = {
  drd2: `DRD2 activity ${BIOACTIVITY_ORACLE}`,
  gsk3b: `GSK3-beta activity ${BIOACTIVITY_ORACLE}`,
  jnk3: `JNK3 activity ${BIOACTIVITY_ORACLE}`,
};

/**
 * The property value of a molecule; null when the SMILES is invalid. Throws UNSUPPORTED for the
 * bioactivity properties rather than inventing a value.
 *
 * - logp: Wildman-Crippen logP (RDKit's MolLogP). ChemCoTBench calls TDC's Oracle('logp'), which
 *   is TDC's *penalized* logP (logP minus synthetic-accessibility and large-ring penalties, each
 *   normalised); that needs the SA-score fragment table, which MinimalLib cannot compute. Plain
 *   Crippen logP agrees with it on the direction of most edits but not all (an edit that raises
 *   logP can lower penalized logP by making the molecule harder to synthesise).
 * - qed: RDKit's QED, rebuilt in ./qed.ts.
 * - solubility: ESOL log-solubility with the coefficients ChemCoTBench refit for RDKit (its
 *   ESOLCalculator.calc_esol); higher means more soluble.
 */
export function propertyValue(rdkit: RDKit, smiles: string, property: MolecularProperty): number | null {
  const unsupported = UNSUPPORTED_PROPERTIES[property];
  if (unsupported !== undefined) {
    throw new FtdojoError('UNSUPPORTED', `cannot compute ${property}: ${unsupported}`, { fault: 'environment' });
  }
  return withMolecule(rdkit, smiles, (molecule) => propertyOfMolecule(rdkit, molecule, property));
}

/** propertyValue of a parsed molecule. */
export function propertyOfMolecule(rdkit: RDKit, molecule: Molecule, property: MolecularProperty): number {
  switch (property) {
    case 'logp':
      return descriptors(molecule).CrippenClogP!;
    case 'qed':
      return qedFromProperties(qedProperties(rdkit, molecule));
    case 'solubility':
      return esolSolubility(rdkit, molecule);
    default:
      throw new FtdojoError('INTERNAL', `no calculator for property ${property}`);
  }
}

/**
 * ESOL (Delaney 2004) estimated log-solubility, as ChemCoTBench computes it: an intercept plus
 * weighted logP, molecular weight, rotatable bonds and aromatic proportion, with Pat Walters'
 * refit coefficients.
 */
export function esolSolubility(rdkit: RDKit, molecule: Molecule): number {
  const values = descriptors(molecule);
  // Aromatic proportion: aromatic atoms over all atoms of the (hydrogen-suppressed) molecule.
  const aromaticProportion = countMatches(rdkit, molecule, 'a') / molecule.get_num_atoms();
  return (
    ESOL.intercept +
    ESOL.logP * values.CrippenClogP! +
    ESOL.molecularWeight * values.amw! +
    ESOL.rotatableBonds * values.NumRotatableBonds! +
    ESOL.aromaticProportion * aromaticProportion
  );
}

const ESOL = {
  intercept: 0.26121066137801696,
  logP: -0.7416739523408995,
  molecularWeight: -0.0066138847738667125,
  rotatableBonds: 0.003451545565957996,
  aromaticProportion: -0.42624840441316975,
} as const;
