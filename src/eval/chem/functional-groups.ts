import { FtdojoError } from '../../core/index.js';
import { countMatches, withMolecule } from './load-chemistry.js';
import type { RDKit } from './load-chemistry.js';

interface GroupPattern {
  smarts: string;
  /** Matches of this pattern are subtracted (ChemCoTBench counts sulfides without disulfides). */
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
 * function subtracts disulfide sulfurs), the function wins, since the evaluation calls it.
 * add.json, delete.json and sub.json use: aldehyde, amide, amine, benzene_ring, carboxyl, halo,
 * hydroxyl, nitrile, nitro, thiol.
 */
export const FUNCTIONAL_GROUPS: Readonly<Record<string, GroupPattern>> = {
  benzene: { smarts: '[cR1]1[cR1][cR1][cR1][cR1][cR1]1' },
  benzene_ring: { smarts: '[cR1]1[cR1][cR1][cR1][cR1][cR1]1' },
  // Alcohols, phenols and the OH of carboxylic acids alike.
  hydroxyl: { smarts: '[OX2H]' },
  anhydride: { smarts: '[CX3](=[OX1])[OX2][CX3](=[OX1])' },
  aldehyde: { smarts: '[CX3H1](=O)[#6]' },
  ketone: { smarts: '[#6][CX3](=O)[#6]' },
  carboxyl: { smarts: '[CX3](=O)[OX2H1]' },
  ester: { smarts: '[#6][CX3](=O)[OX2H0][#6]' },
  amide: { smarts: '[NX3][CX3](=[OX1])[#6]' },
  // Primary or secondary amines, not amides; tertiary amines do not count.
  amine: { smarts: '[NX3;H2,H1;!$(NC=O)]' },
  nitro: { smarts: '[$([NX3](=O)=O),$([NX3+](=O)[O-])][!#8]' },
  // Each halogen atom counts once.
  halo: { smarts: '[F,Cl,Br,I]' },
  thioether: { smarts: '[SX2][CX4]' },
  nitrile: { smarts: '[NX1]#[CX2]' },
  thiol: { smarts: '[#16X2H]' },
  sulfide: { smarts: '[#16X2H0]', minus: '[#16X2H0][#16X2H0]' },
  disulfide: { smarts: '[#16X2H0][#16X2H0]' },
  sulfoxide: { smarts: '[$([#16X3]=[OX1]),$([#16X3+][OX1-])]' },
  sulfone: { smarts: '[$([#16X4](=[OX1])=[OX1]),$([#16X4+2]([OX1-])[OX1-])]' },
  borane: { smarts: '[BX3]' },
};

export function isFunctionalGroup(name: string): boolean {
  return Object.hasOwn(FUNCTIONAL_GROUPS, name);
}

/** How many times the named group occurs in a molecule; null when the SMILES is invalid. */
export function countFunctionalGroup(rdkit: RDKit, smiles: string, group: string): number | null {
  if (!isFunctionalGroup(group)) {
    throw new FtdojoError('INVALID_INPUT', `unknown functional group "${group}"`, {
      hint: `use one of: ${Object.keys(FUNCTIONAL_GROUPS).join(', ')}`,
    });
  }
  const pattern = FUNCTIONAL_GROUPS[group]!;
  return withMolecule(rdkit, smiles, (molecule) => {
    const count = countMatches(rdkit, molecule, pattern.smarts);
    return pattern.minus === undefined ? count : count - countMatches(rdkit, molecule, pattern.minus);
  });
}
