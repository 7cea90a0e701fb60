import { describe, expect, it } from 'vitest';
import { loadChemistry } from './load-chemistry.js';
import { MOLECULAR_PROPERTIES, UNSUPPORTED_PROPERTIES, propertyValue } from './molecular-property.js';

// Expected values from RDKit 2026.09.1 (Python): Crippen.MolLogP, and ChemCoTBench's
// ESOLCalculator.calc_esol formula evaluated with RDKit's descriptors.
describe('propertyValue', () => {
  it('computes Crippen logP', async () => {
    const rdkit = await loadChemistry();
    expect(propertyValue(rdkit, 'CC(=O)Oc1ccccc1C(=O)O', 'logp')).toBeCloseTo(1.3101, 9);
    expect(propertyValue(rdkit, 'OCCO', 'logp')).toBeCloseTo(-1.029, 9);
  });

  it('computes ESOL solubility as ChemCoTBench does', async () => {
    const rdkit = await loadChemistry();
    expect(propertyValue(rdkit, 'CC(=O)Oc1ccccc1C(=O)O', 'solubility')).toBeCloseTo(-2.0918341922330104, 9);
    expect(propertyValue(rdkit, 'CC(C)Cc1ccc(C(C)C(=O)O)cc1', 'solubility')).toBeCloseTo(-3.5391401290345668, 9);
    expect(propertyValue(rdkit, 'OCCO', 'solubility')).toBeCloseTo(0.6173341037584015, 9);
  });

  it('computes QED', async () => {
    const rdkit = await loadChemistry();
    expect(propertyValue(rdkit, 'Cn1c(=O)c2c(ncn2C)n(C)c1=O', 'qed')).toBeCloseTo(0.5384628262372215, 12);
  });

  it('is null for an invalid SMILES', async () => {
    const rdkit = await loadChemistry();
    expect(propertyValue(rdkit, 'C1CC', 'logp')).toBeNull();
  });

  it('refuses the bioactivity properties instead of inventing a value', async () => {
    const rdkit = await loadChemistry();
    for (const property of ['drd2', 'gsk3b', 'jnk3'] as const) {
      expect(UNSUPPORTED_PROPERTIES[property]).toMatch(/oracle/);
      expect(() => propertyValue(rdkit, 'CCO', property)).toThrow(/cannot compute/);
    }
    expect(MOLECULAR_PROPERTIES.filter((property) => UNSUPPORTED_PROPERTIES[property] === undefined)).toEqual(['logp', 'qed', 'solubility']);
  });
});
