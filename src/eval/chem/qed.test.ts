import { describe, expect, it } from 'vitest';
import { loadChemistry, withMolecule } from './load-chemistry.js';
import { qed, qedFromProperties, qedProperties } from './qed.js';

// Reference values: rdkit.Chem.QED.qed and QED.properties from RDKit 2026.09.1 (Python), the
// implementation TDC's QED oracle calls. The famotidine, cimetidine and tegaserod-like entries
// are the QED-paper examples RDKit's docstring checks (0.253, 0.234, 0.234).
const RDKIT_QED: [name: string, smiles: string, value: number][] = [
  ['aspirin', 'CC(=O)Oc1ccccc1C(=O)O', 0.5501217966938848],
  ['caffeine', 'Cn1c(=O)c2c(ncn2C)n(C)c1=O', 0.5384628262372215],
  ['ibuprofen', 'CC(C)Cc1ccc(C(C)C(=O)O)cc1', 0.8215995486924976],
  ['nicotine', 'CN1CCC[C@H]1c1cccnc1', 0.6261518225795569],
  ['paracetamol', 'CC(=O)Nc1ccc(O)cc1', 0.5950261967780849],
  ['famotidine', 'N=C(CCSCc1csc(N=C(N)N)n1)NS(N)(=O)=O', 0.2531425773300557],
  ['cimetidine', 'CNC(=NCCSCc1nc[nH]c1C)NC#N', 0.2346588097545297],
  ['tegaserod-like', 'CCCCCNC(=N)NN=Cc1c[nH]c2ccc(CO)cc12', 0.2348715379670856],
  ['nitrobenzene', 'O=[N+]([O-])c1ccccc1', 0.4200757446342405],
  ['phenobarbital', 'O=C1NC(=O)NC(=O)C1(CC)c1ccccc1', 0.7368838068366228],
  ['estradiol', 'C[C@]12CC[C@H]3c4ccc(O)cc4CC[C@@H]3[C@@H]1CC[C@@H]2O', 0.757169743555686],
  ['indole', 'c1ccc2[nH]ccc2c1', 0.5439155908694729],
  ['phenanthrene', 'c1ccc2c(c1)ccc1ccccc12', 0.4564102473768608],
  ['spiro ketal', 'C1CCC2(CC1)OCCO2', 0.5121455718896916],
  ['trideuteroanisole', '[2H]C([2H])([2H])Oc1ccccc1', 0.5355649165091665],
  ['imatinib', 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1', 0.38941616262964607],
  ['diazepam', 'CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21', 0.79164533623487],
  ['sildenafil', 'CCCc1nn(C)c2c(=O)[nH]c(-c3cc(S(=O)(=O)N4CCN(C)CC4)ccc3OCC)nc12', 0.5534046105187581],
  ['atorvastatin', 'CC(C)c1c(C(=O)Nc2ccccc2)c(-c2ccccc2)c(-c2ccc(F)cc2)n1CC[C@@H](O)C[C@@H](O)CC(=O)O', 0.16276043934928294],
  ['tetralin', 'c1ccc2c(c1)CCCC2', 0.5086297206140044],
  ['sodium chloride', '[Na+].[Cl-]', 0.24339242075148573],
  ['cyclohexylbenzene', 'c1ccc(cc1)C1CCCCC1', 0.5868317354442154],
];

describe('qed', () => {
  it.each(RDKIT_QED)('matches RDKit for %s', async (_name, smiles, value) => {
    const rdkit = await loadChemistry();
    expect(qed(rdkit, smiles)).toBeCloseTo(value, 12);
  });

  it('reproduces the eight properties RDKit feeds into QED', async () => {
    const rdkit = await loadChemistry();
    // RDKit: QEDproperties(MW=180.159, ALOGP=1.3101, HBA=4, HBD=1, PSA=63.6, ROTB=2, AROM=1, ALERTS=2)
    const aspirin = withMolecule(rdkit, 'CC(=O)Oc1ccccc1C(=O)O', (molecule) => qedProperties(rdkit, molecule))!;
    expect(aspirin).toMatchObject({ acceptors: 4, donors: 1, rotatableBonds: 2, aromaticRings: 1, alerts: 2 });
    expect(aspirin.molecularWeight).toBeCloseTo(180.159, 9);
    expect(aspirin.alogP).toBeCloseTo(1.3101, 9);
    expect(aspirin.polarSurfaceArea).toBeCloseTo(63.6, 9);
    // Aromatic rings exclude aliphatic rings, fused or not: tetralin 1, phenanthrene 3, a spiro ketal 0.
    const rings = (smiles: string): number | null => withMolecule(rdkit, smiles, (molecule) => qedProperties(rdkit, molecule).aromaticRings);
    expect([rings('c1ccc2c(c1)CCCC2'), rings('c1ccc2c(c1)ccc1ccccc12'), rings('C1CCC2(CC1)OCCO2')]).toEqual([1, 3, 0]);
  });

  it('is null for an invalid SMILES', async () => {
    const rdkit = await loadChemistry();
    expect(qed(rdkit, 'C1CC')).toBeNull();
  });

  it('rewards the drug-like middle of every property', () => {
    const ideal = { molecularWeight: 300, alogP: 2.5, acceptors: 3, donors: 1, polarSurfaceArea: 60, rotatableBonds: 3, aromaticRings: 2, alerts: 0 };
    expect(qedFromProperties(ideal)).toBeGreaterThan(0.9);
    expect(qedFromProperties({ ...ideal, molecularWeight: 800 })).toBeLessThan(qedFromProperties(ideal));
    expect(qedFromProperties({ ...ideal, alerts: 3 })).toBeLessThan(qedFromProperties(ideal));
  });
});
