import { describe, expect, it } from 'vitest';
import { countMatches, descriptors, hasMatch, loadChemistry, parseMolecule, smartsQuery, withMolecule } from './load-chemistry.js';

describe('loadChemistry', () => {
  it('loads RDKit once and shares it', async () => {
    const first = await loadChemistry();
    expect(await loadChemistry()).toBe(first);
    expect(first.version()).toMatch(/^20\d\d\./);
  });
});

describe('parseMolecule', () => {
  it('parses single- and multi-component SMILES', async () => {
    const rdkit = await loadChemistry();
    for (const smiles of ['CCO', ' c1ccccc1 ', 'CCO.Cl', '[Na+].[Cl-]']) {
      const molecule = parseMolecule(rdkit, smiles);
      expect(molecule, smiles).not.toBeNull();
      molecule?.delete();
    }
  });

  it('refuses invalid SMILES, empty text, prose and other formats', async () => {
    const rdkit = await loadChemistry();
    const refused = ['', '   ', 'C1CC', 'c1cccc1', 'CC(C)(C)(C)(C)C', 'xyz', 'CCO is ethanol', 'CCO\nCCN', '{"atoms": []}', 'CCO>>CC=O'];
    for (const text of refused) expect(parseMolecule(rdkit, text), JSON.stringify(text)).toBeNull();
  });
});

describe('SMARTS helpers', () => {
  it('counts unique matches and tells whether a pattern matches', async () => {
    const rdkit = await loadChemistry();
    const result = withMolecule(rdkit, 'OCC(O)c1ccccc1', (molecule) => ({
      hydroxyls: countMatches(rdkit, molecule, '[OX2H]'),
      // A ring matched from six starting atoms in two directions is still one match.
      benzenes: countMatches(rdkit, molecule, 'c1ccccc1'),
      nitrile: hasMatch(rdkit, molecule, 'C#N'),
      logP: descriptors(molecule).CrippenClogP,
    }));
    expect(result).toEqual({ hydroxyls: 2, benzenes: 1, nitrile: false, logP: expect.any(Number) });
  });

  it('caches compiled queries and rejects broken SMARTS as a bug', async () => {
    const rdkit = await loadChemistry();
    expect(smartsQuery(rdkit, '[#6]')).toBe(smartsQuery(rdkit, '[#6]'));
    expect(() => smartsQuery(rdkit, '[#6')).toThrow(/cannot parse the SMARTS/);
  });

  it('returns null instead of calling back for an invalid SMILES', async () => {
    const rdkit = await loadChemistry();
    expect(withMolecule(rdkit, 'not-a-molecule', () => 1)).toBeNull();
  });
});
