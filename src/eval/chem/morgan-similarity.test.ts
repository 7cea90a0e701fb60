import { describe, expect, it } from 'vitest';
import { loadChemistry } from './load-chemistry.js';
import { morganFingerprint, morganTanimoto, tanimoto } from './morgan-similarity.js';

// Expected values from RDKit 2026.09.1 (Python): DataStructs.TanimotoSimilarity of
// AllChem.GetMorganFingerprintAsBitVect(mol, 2, nBits=2048 or 1024).
describe('morganTanimoto', () => {
  it('matches RDKit on known pairs', async () => {
    const rdkit = await loadChemistry();
    expect(morganTanimoto(rdkit, 'CC(=O)Oc1ccccc1C(=O)O', 'O=C(O)c1ccccc1O')).toBeCloseTo(0.4482758620689655, 12);
    expect(morganTanimoto(rdkit, 'CC(=O)Oc1ccccc1C(=O)O', 'O=C(O)c1ccccc1O', { bits: 1024 })).toBeCloseTo(0.4642857142857143, 12);
    expect(morganTanimoto(rdkit, 'CCO', 'CCN')).toBeCloseTo(1 / 3, 12);
    expect(morganTanimoto(rdkit, 'c1ccccc1', 'Cc1ccccc1')).toBeCloseTo(0.2727272727272727, 12);
  });

  it('is 1 for the same molecule however written, mixtures included', async () => {
    const rdkit = await loadChemistry();
    expect(morganTanimoto(rdkit, 'OCC', 'CCO')).toBe(1);
    expect(morganTanimoto(rdkit, 'CCO.Cl', 'Cl.OCC')).toBe(1);
  });

  it('is 0 when either side is invalid', async () => {
    const rdkit = await loadChemistry();
    expect(morganTanimoto(rdkit, 'C1CC', 'CCO')).toBe(0);
    expect(morganTanimoto(rdkit, 'CCO', '')).toBe(0);
  });
});

describe('fingerprints', () => {
  it('has the requested length and refuses to compare different lengths', async () => {
    const rdkit = await loadChemistry();
    const long = morganFingerprint(rdkit, 'CCO')!;
    const short = morganFingerprint(rdkit, 'CCO', { bits: 1024 })!;
    expect(long.length * 8).toBe(2048);
    expect(short.length * 8).toBe(1024);
    expect(() => tanimoto(long, short)).toThrow(RangeError);
  });

  it('counts shared over united bits', () => {
    expect(tanimoto(Uint8Array.of(0b1100), Uint8Array.of(0b0110))).toBeCloseTo(1 / 3, 12);
    expect(tanimoto(Uint8Array.of(0), Uint8Array.of(0))).toBe(0);
  });
});
