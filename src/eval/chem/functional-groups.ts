import { FtdojoError } from '../../core/index.js';
import { countMatches, withMolecule } from './load-chemistry.js';
import type { Molecule, RDKit } from './load-chemistry.js';

interface GroupPattern {
  smarts: string;
  /**
   * A small molecule carrying the group once. Editing swaps such fragments in and out, so the
   * counts of every group in them say how an edit should change each count (see groupOverlap).
   */
  fragment: string;
  /**
   * Matches of this pattern are subtracted. ChemCoTBench's sulfide count is sulfur atoms minus S-S
   * matches, so a disulfide still counts once; kept as is, since that is what its scores used.
   */
  minus?: string;
}

/**
 * Functional groups as ChemCoTBench's molecule-editing evaluator defines them: the group names of
 * its GROUP_SET and the SMARTS its `mol_prop(..., "num_<group>")` counts, from
 * IDEA-XL/ChemCoTBench baseline_and_eval/eval/eval_moledit.py at commit ac04f91. A group's count
 * is the number of unique SMARTS matches, so editing is judged by how these counts change, not by
 * comparison with one gold molecule (many edits are correct).
 *
 * Where that counting function and the file's `GROUP_TO_SMARTS` table disagree (sulfide: the
 * function subtracts S-S matches), the function wins, since the evaluation calls it.
 * add.json, delete.json and sub.json use: aldehyde, amide, amine, benzene_ring, carboxyl, halo,
 * hydroxyl, nitrile, nitro, thiol.
 */
export const FUNCTIONAL_GROUPS: Readonly<Record<string, GroupPattern>> = {
  benzene: { smarts: '[cR1]1[cR1][cR1][cR1][cR1][cR1]1', fragment: 'Cc1ccccc1' },
  benzene_ring: { smarts: '[cR1]1[cR1][cR1][cR1][cR1][cR1]1', fragment: 'Cc1ccccc1' },
  // Alcohols, phenols and the OH of carboxylic acids alike.
  hydroxyl: { smarts: '[OX2H]', fragment: 'CO' },
  anhydride: { smarts: '[CX3](=[OX1])[OX2][CX3](=[OX1])', fragment: 'CC(=O)OC(C)=O' },
  aldehyde: { smarts: '[CX3H1](=O)[#6]', fragment: 'CC=O' },
  ketone: { smarts: '[#6][CX3](=O)[#6]', fragment: 'CC(C)=O' },
  carboxyl: { smarts: '[CX3](=O)[OX2H1]', fragment: 'CC(=O)O' },
  ester: { smarts: '[#6][CX3](=O)[OX2H0][#6]', fragment: 'CC(=O)OC' },
  amide: { smarts: '[NX3][CX3](=[OX1])[#6]', fragment: 'CC(N)=O' },
  // Primary or secondary amines, not amides; tertiary amines do not count.
  amine: { smarts: '[NX3;H2,H1;!$(NC=O)]', fragment: 'CN' },
  nitro: { smarts: '[$([NX3](=O)=O),$([NX3+](=O)[O-])][!#8]', fragment: 'C[N+](=O)[O-]' },
  // Each halogen atom counts once.
  halo: { smarts: '[F,Cl,Br,I]', fragment: 'CCl' },
  // Counts S-C(sp3) bonds, so a dialkyl sulfide counts twice; the fragment has one such bond.
  thioether: { smarts: '[SX2][CX4]', fragment: 'C=CSC' },
  nitrile: { smarts: '[NX1]#[CX2]', fragment: 'CC#N' },
  thiol: { smarts: '[#16X2H]', fragment: 'CS' },
  sulfide: { smarts: '[#16X2H0]', fragment: 'CSC', minus: '[#16X2H0][#16X2H0]' },
  disulfide: { smarts: '[#16X2H0][#16X2H0]', fragment: 'CSSC' },
  sulfoxide: { smarts: '[$([#16X3]=[OX1]),$([#16X3+][OX1-])]', fragment: 'CS(C)=O' },
  sulfone: { smarts: '[$([#16X4](=[OX1])=[OX1]),$([#16X4+2]([OX1-])[OX1-])]', fragment: 'CS(C)(=O)=O' },
  borane: { smarts: '[BX3]', fragment: 'CB(C)C' },
};

/**
 * How many times `group` occurs in the fragment of `carrier`: 1 when they are the same group,
 * and for different groups the overlap of their definitions. A carboxyl carries a hydroxyl
 * (its OH matches [OX2H]), so swapping a hydroxyl for a carboxyl leaves the hydroxyl count unchanged.
 */
export function groupOverlap(rdkit: RDKit, group: string, carrier: string): number {
  if (!isFunctionalGroup(carrier)) throw unknownGroup(carrier);
  return countFunctionalGroup(rdkit, FUNCTIONAL_GROUPS[carrier]!.fragment, group)!;
}

export function isFunctionalGroup(name: string): boolean {
  return Object.hasOwn(FUNCTIONAL_GROUPS, name);
}

/** How many times the named group occurs in a molecule; null when the SMILES is invalid. */
export function countFunctionalGroup(rdkit: RDKit, smiles: string, group: string): number | null {
  return withMolecule(rdkit, smiles, (molecule) => countFunctionalGroupIn(rdkit, molecule, group));
}

/** How many times the named group occurs in a parsed molecule (ChemCoTBench's `mol_prop(smiles, "num_<group>")`). */
export function countFunctionalGroupIn(rdkit: RDKit, molecule: Molecule, group: string): number {
  if (!isFunctionalGroup(group)) throw unknownGroup(group);
  const pattern = FUNCTIONAL_GROUPS[group]!;
  const count = countMatches(rdkit, molecule, pattern.smarts);
  return pattern.minus === undefined ? count : count - countMatches(rdkit, molecule, pattern.minus);
}

function unknownGroup(name: string): FtdojoError {
  return new FtdojoError('INVALID_INPUT', `unknown functional group "${name}"`, {
    hint: `use one of: ${Object.keys(FUNCTIONAL_GROUPS).join(', ')}`,
  });
}
