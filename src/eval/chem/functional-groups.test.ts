import { describe, expect, it } from 'vitest';
import { FUNCTIONAL_GROUPS, countFunctionalGroup, groupOverlap, isFunctionalGroup } from './functional-groups.js';
import { loadChemistry } from './load-chemistry.js';

describe('countFunctionalGroup', () => {
  it('counts groups the way ChemCoTBench does', async () => {
    const rdkit = await loadChemistry();
    const cases: [string, string, number][] = [
      ['Oc1ccccc1CO', 'hydroxyl', 2],
      ['OC(=O)c1ccccc1', 'hydroxyl', 1], // the acid OH counts as a hydroxyl too
      ['OC(=O)c1ccccc1', 'carboxyl', 1],
      ['O=Cc1ccccc1', 'aldehyde', 1],
      ['C=O', 'aldehyde', 0], // formaldehyde has no carbon neighbour
      ['CC(=O)NC', 'amide', 1],
      ['CC(=O)NC', 'amine', 0], // amide N is not an amine
      ['NCCNC', 'amine', 2],
      ['CN(C)C', 'amine', 0], // tertiary amines are not counted
      ['O=[N+]([O-])c1ccccc1', 'nitro', 1],
      ['FC(F)(F)c1ccc(Cl)cc1', 'halo', 4],
      ['N#Cc1ccccc1', 'nitrile', 1],
      ['SCc1ccccc1', 'thiol', 1],
      ['c1ccc(-c2ccccc2)cc1', 'benzene_ring', 2],
      ['c1ccc2ccccc2c1', 'benzene_ring', 0], // fused rings are not [cR1] benzene
      // ChemCoTBench subtracts one per S-S match from the two sulfur atoms, so a disulfide counts once.
      ['CSSC', 'sulfide', 1],
      ['CSSCSC', 'sulfide', 2],
      ['CSC', 'sulfide', 1],
      ['CSSC', 'disulfide', 1],
    ];
    for (const [smiles, group, count] of cases) expect(countFunctionalGroup(rdkit, smiles, group), `${group} in ${smiles}`).toBe(count);
  });

  it('returns null for an invalid molecule and throws for an unknown group', async () => {
    const rdkit = await loadChemistry();
    expect(countFunctionalGroup(rdkit, 'C1CC', 'hydroxyl')).toBeNull();
    expect(() => countFunctionalGroup(rdkit, 'CCO', 'alcohol')).toThrow(/unknown functional group/);
    expect(() => countFunctionalGroup(rdkit, 'CCO', 'constructor')).toThrow(/unknown functional group/);
  });

  it('has fragments that carry their own group exactly once', async () => {
    const rdkit = await loadChemistry();
    for (const group of Object.keys(FUNCTIONAL_GROUPS)) expect(groupOverlap(rdkit, group, group), group).toBe(1);
    expect(groupOverlap(rdkit, 'hydroxyl', 'carboxyl')).toBe(1);
    expect(groupOverlap(rdkit, 'carboxyl', 'hydroxyl')).toBe(0);
    expect(groupOverlap(rdkit, 'amine', 'amide')).toBe(0);
  });

  it('knows every group ChemCoTBench defines', () => {
    const chemCoTBenchGroups = [
      'benzene',
      'benzene_ring',
      'hydroxyl',
      'anhydride',
      'aldehyde',
      'ketone',
      'carboxyl',
      'ester',
      'amide',
      'amine',
      'nitro',
      'halo',
      'thioether',
      'nitrile',
      'thiol',
      'sulfide',
      'disulfide',
      'sulfoxide',
      'sulfone',
      'borane',
    ];
    expect(Object.keys(FUNCTIONAL_GROUPS).sort()).toEqual([...chemCoTBenchGroups].sort());
    expect(isFunctionalGroup('toString')).toBe(false);
  });
});
