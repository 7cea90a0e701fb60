import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { improvePropertyReference } from './improve-property.js';
import { loadChemistry } from './load-chemistry.js';
import { propertyValue } from './molecular-property.js';
import type { MolecularProperty } from './molecular-property.js';
import { molOptSuccess } from './mol-opt-success.js';
import { sameMolecule } from './smiles.js';

const CHEMCOTBENCH = join(resolve(process.env.FTDOJO_DATA_MIRROR ?? '../shared/datasets'), 'chemcotbench');
const mirrorPresent = existsSync(join(CHEMCOTBENCH, 'logp.json'));
const mirrorNote = mirrorPresent ? `mirror: ${CHEMCOTBENCH}` : `mirror absent at ${CHEMCOTBENCH}; set FTDOJO_DATA_MIRROR to run`;

function sources(file: string): string[] {
  return (JSON.parse(readFileSync(join(CHEMCOTBENCH, file), 'utf8')) as { src_smiles: string }[]).map((row) => row.src_smiles);
}

/** Builds the reference for each source and returns the sources it failed to improve. */
async function unimproved(smilesList: string[], property: MolecularProperty): Promise<string[]> {
  const rdkit = await loadChemistry();
  const failures: string[] = [];
  for (const source of smilesList) {
    const improved = await improvePropertyReference(source, property);
    const before = propertyValue(rdkit, source, property)!;
    const after = improved === null ? null : propertyValue(rdkit, improved, property);
    if (improved === null || after === null || !(after > before) || sameMolecule(rdkit, improved, source)) failures.push(source);
  }
  return failures;
}

const DRUGS = ['CC(=O)Oc1ccccc1C(=O)O', 'Cn1c(=O)c2c(ncn2C)n(C)c1=O', 'CC(=O)Nc1ccc(O)cc1', 'O=[N+]([O-])c1ccccc1', 'C1CCC2(CC1)OCCO2', 'OCCO'];

describe('improvePropertyReference', () => {
  it('raises logP, QED and solubility of known drugs', async () => {
    expect(await unimproved(DRUGS, 'logp')).toEqual([]);
    expect(await unimproved(DRUGS, 'qed')).toEqual([]);
    expect(await unimproved(DRUGS, 'solubility')).toEqual([]);
  });

  it('builds a gold answer that mol-opt-success scores 1', async () => {
    const source = 'O=C1NC(Cc2ccc(O)cc2)C(=O)NC1CO';
    const improved = (await improvePropertyReference(source, 'logp'))!;
    const scorer = await molOptSuccess.create(molOptSuccess.params.parse({ property: 'logp' }));
    const sample = { id: 'gold', prompt: '', reference: null, target: '', meta: { source } };
    expect(scorer.score(JSON.stringify({ output: improved }), sample)).toMatchObject({ value: 1 });
  });

  it('refuses the oracle properties and invalid sources', async () => {
    await expect(improvePropertyReference('CCO', 'drd2')).rejects.toThrow(/cannot build an improved drd2 reference/);
    await expect(improvePropertyReference('C1CC', 'logp')).rejects.toThrow(/not a valid SMILES/);
  });

  it.skipIf(!mirrorPresent)(`raises Crippen logP for all 100 ChemCoTBench logp sources (${mirrorNote})`, async () => {
    const all = sources('logp.json');
    expect(all).toHaveLength(100);
    expect(await unimproved(all, 'logp')).toEqual([]);
  });

  it.skipIf(!mirrorPresent)(`raises QED and solubility for the first ChemCoTBench sources (${mirrorNote})`, async () => {
    expect(await unimproved(sources('qed.json').slice(0, 15), 'qed')).toEqual([]);
    expect(await unimproved(sources('solubility.json').slice(0, 15), 'solubility')).toEqual([]);
  });
});
