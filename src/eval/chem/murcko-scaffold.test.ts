import { describe, expect, it } from 'vitest';
import { loadChemistry } from './load-chemistry.js';
import { murckoScaffoldSmiles } from './murcko-scaffold.js';
import { canonicalSmiles } from './smiles.js';

const rdkit = await loadChemistry();

// MurckoScaffold.MurckoScaffoldSmiles(smiles) from Python RDKit 2023.09.6.
const PYTHON: Record<string, string> = {
  CCO: '',
  Cn1cccc1: 'c1cc[nH]c1',
  'C[n+]1ccccc1': 'c1cc[nH+]cc1',
  'c1cc[n+]([O-])cc1': 'c1cc[nH+]cc1',
  'C1CC[N+]([O-])(C)CC1': 'C1CC[NH2+]CC1',
  'O=c1cccc[nH]1': 'O=c1cccc[nH]1',
  'CC(=O)c1ccccc1': 'c1ccccc1',
  'C[C@H]1CCCO1': 'C1CCOC1',
  'C[Si]1(C)CCCC1': 'C1CC[SiH2]C1',
  'ON=C1CCCCC1': 'N=C1CCCCC1',
  c1ccccc1CCc1ccccc1C: 'c1ccc(CCc2ccccc2)cc1',
  'c1ccccc1.CCC.C1CC1': 'C1CC1.c1ccccc1',
  'c1ccccc1CCC(=O)C1CC1': 'O=C(CCc1ccccc1)C1CC1',
  'O=[N+]([O-])c1ccccc1': 'c1ccccc1',
  'CC1=CC(=O)C=CC1=O': 'O=C1C=CC(=O)C=C1',
  'CC(=O)OI1(OC(C)=O)(OC(C)=O)OC(=O)c2ccccc21': 'O=C1O[IH]c2ccccc21',
};

describe('murckoScaffoldSmiles', () => {
  it.each(Object.entries(PYTHON))('gives %s the scaffold Python RDKit gives it', (smiles, expected) => {
    const scaffold = murckoScaffoldSmiles(rdkit, smiles);
    expect(scaffold === '' ? '' : canonicalSmiles(rdkit, scaffold!, { stereo: false })).toBe(
      expected === '' ? '' : canonicalSmiles(rdkit, expected, { stereo: false }),
    );
  });

  it('returns null for an invalid SMILES', () => {
    expect(murckoScaffoldSmiles(rdkit, 'c1ccc')).toBeNull();
  });
});
