import { describe, expect, it } from 'vitest';
import { loadChemistry } from './load-chemistry.js';
import { countTanimoto, morganCountsOfSmiles } from './morgan-count.js';

const rdkit = await loadChemistry();

// AllChem.GetMorganFingerprint(mol, 2).GetNonzeroElements() from Python RDKit 2023.09.6: the ids
// are RDKit's own 32-bit hashes, so these pin the hashing, the invariants and the environment
// deduplication, isotopes, charges, dative bonds, radicals and bridged rings included.
const PYTHON: Record<string, Record<string, number>> = {
  CCO: { '864662311': 1, '1535166686': 1, '2245384272': 1, '2246728737': 1, '3542456614': 1, '4018048386': 1 },
  'CC(=O)Nc1ccc(O)cc1': {
    '26234434': 1,
    '43357009': 1,
    '353395765': 1,
    '411967733': 1,
    '847961216': 1,
    '859799282': 1,
    '864662311': 1,
    '864942730': 1,
    '951226070': 4,
    '1510328189': 1,
    '1790668568': 1,
    '2246699815': 1,
    '2246728737': 1,
    '2560252747': 2,
    '2629723425': 2,
    '2734098962': 1,
    '2905660137': 1,
    '3217380708': 2,
    '3218693969': 4,
    '3545365497': 1,
    '3918336191': 1,
  },
  'O=[N+]([O-])c1ccccc1': {
    '98513984': 3,
    '271903915': 1,
    '848127915': 1,
    '864942730': 1,
    '864942795': 1,
    '951226070': 2,
    '1428903162': 1,
    '2378775366': 1,
    '2378779377': 1,
    '2763854213': 1,
    '2794204746': 2,
    '2857220865': 1,
    '3217380708': 1,
    '3218693969': 5,
    '3268335377': 1,
    '3999906991': 2,
  },
  '[2H]C([2H])([2H])O': { '864662311': 1, '1533899907': 1, '2246728737': 1, '2554962292': 1, '3321501200': 3, '4277593707': 3 },
  'C[NH3+]': { '847694221': 1, '2246728737': 1, '2567926842': 1 },
  'N->[Fe]': { '847693039': 1, '871715916': 1, '1035190018': 1 },
  'c1ccc2c(c1)[nH]c1ccccc12': {
    '98513984': 4,
    '497870099': 2,
    '951226070': 4,
    '1313967653': 2,
    '1399598682': 1,
    '2132511834': 1,
    '2296565457': 1,
    '2720313463': 2,
    '3217380708': 4,
    '3218693969': 8,
    '3684013815': 2,
    '3983062349': 2,
    '3999906991': 4,
    '4058119759': 2,
  },
  C1CC2CCC1C2: { '91234434': 4, '156002604': 2, '517457164': 1, '1922070456': 1, '2117068077': 4, '2968968094': 5, '2976033787': 2, '2999514534': 2 },
  '[CH2]C': { '2246728737': 1, '2246997334': 1, '3548082732': 1 },
};

describe('morganCounts', () => {
  it.each(Object.entries(PYTHON))('gives %s the ids and counts Python RDKit gives it', (smiles, expected) => {
    const counts = morganCountsOfSmiles(rdkit, smiles)!;
    expect(Object.fromEntries([...counts].map(([id, count]) => [String(id), count]))).toEqual(expected);
  });

  it('returns null for an invalid SMILES', () => {
    expect(morganCountsOfSmiles(rdkit, 'C1CC')).toBeNull();
  });
});

describe('countTanimoto', () => {
  it('is the sum of the smaller counts over the sum of both minus it', () => {
    expect(
      countTanimoto(
        new Map([
          [1, 2],
          [2, 1],
        ]),
        new Map([
          [1, 1],
          [3, 1],
        ]),
      ),
    ).toBeCloseTo(1 / (3 + 2 - 1), 15);
  });

  it('is 0 for two empty vectors, as RDKit has it', () => {
    expect(countTanimoto(new Map(), new Map())).toBe(0);
  });
});
