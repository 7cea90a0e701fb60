import { describe, expect, it } from 'vitest';
import { loadChemistry } from './load-chemistry.js';
import { canonicalSmiles, isValidSmiles, sameMolecule, smilesComponents } from './smiles.js';

describe('canonicalSmiles', () => {
  it('gives one spelling for one molecule', async () => {
    const rdkit = await loadChemistry();
    expect(canonicalSmiles(rdkit, 'OCC')).toBe('CCO');
    expect(canonicalSmiles(rdkit, 'C1=CC=CC=C1')).toBe('c1ccccc1');
    expect(canonicalSmiles(rdkit, 'OC(=O)[C@@H](N)C')).toBe('C[C@H](N)C(=O)O');
  });

  it('orders the components of a multi-component SMILES', async () => {
    const rdkit = await loadChemistry();
    expect(canonicalSmiles(rdkit, 'Cl.OCC')).toBe(canonicalSmiles(rdkit, 'CCO.Cl'));
    expect(smilesComponents(rdkit, 'O=C(Cl)c1ccccc1.NCC')).toEqual(['CCN', 'O=C(Cl)c1ccccc1']);
  });

  it('drops stereochemistry on request', async () => {
    const rdkit = await loadChemistry();
    expect(canonicalSmiles(rdkit, 'C[C@H](N)C(=O)O', { stereo: false })).toBe('CC(N)C(=O)O');
    expect(canonicalSmiles(rdkit, 'F/C=C/F', { stereo: false })).toBe('FC=CF');
  });

  it('returns null for invalid SMILES', async () => {
    const rdkit = await loadChemistry();
    expect(canonicalSmiles(rdkit, 'C1CC')).toBeNull();
    expect(smilesComponents(rdkit, '')).toBeNull();
    expect(isValidSmiles(rdkit, 'C(C')).toBe(false);
    expect(isValidSmiles(rdkit, 'CC(=O)Oc1ccccc1C(=O)O')).toBe(true);
  });
});

describe('sameMolecule', () => {
  it('compares molecules, not strings', async () => {
    const rdkit = await loadChemistry();
    expect(sameMolecule(rdkit, 'OCC', 'C(O)C')).toBe(true);
    expect(sameMolecule(rdkit, 'CCO.CN', 'CN.OCC')).toBe(true);
    expect(sameMolecule(rdkit, 'CCO', 'CCN')).toBe(false);
    expect(sameMolecule(rdkit, 'CCO', 'CCO.Cl')).toBe(false);
  });

  it('tells enantiomers apart unless stereo is ignored', async () => {
    const rdkit = await loadChemistry();
    expect(sameMolecule(rdkit, 'C[C@H](N)C(=O)O', 'C[C@@H](N)C(=O)O')).toBe(false);
    expect(sameMolecule(rdkit, 'C[C@H](N)C(=O)O', 'C[C@@H](N)C(=O)O', { stereo: false })).toBe(true);
  });

  it('is false when either side is invalid, even two identical invalid strings', async () => {
    const rdkit = await loadChemistry();
    expect(sameMolecule(rdkit, 'C1CC', 'C1CC')).toBe(false);
  });
});
