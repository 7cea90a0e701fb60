import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonValue, Sample } from '../../core/index.js';
import { smilesTanimoto } from './smiles-tanimoto.js';

const CHEMCOTBENCH = join(resolve(process.env.FTDOJO_DATA_MIRROR ?? '../shared/datasets'), 'chemcotbench');
const mirrorPresent = existsSync(join(CHEMCOTBENCH, 'retro.json'));

function goldSample(reference: JsonValue, id = 't1'): Sample {
  return { id, prompt: '', reference, target: '', meta: {} };
}

describe('smiles-tanimoto', () => {
  it('scores the Morgan Tanimoto similarity to the gold', async () => {
    const scorer = await smilesTanimoto.create(smilesTanimoto.params.parse({}));
    const sample = goldSample('CC(=O)Oc1ccccc1C(=O)O');
    expect(scorer.score('{"output": "OC(=O)c1ccccc1OC(C)=O"}', sample)).toMatchObject({ value: 1, formatError: false, detail: undefined });
    // RDKit 2026.09.1, 2048-bit Morgan radius 2: aspirin vs salicylic acid.
    const partial = scorer.score('{"output": "O=C(O)c1ccccc1O"}', sample);
    expect(partial.value).toBeCloseTo(0.4482758620689655, 12);
    expect(partial.detail).toBe('partial-similarity');
  });

  it('honours the fingerprint length and the answer field', async () => {
    const scorer = await smilesTanimoto.create(smilesTanimoto.params.parse({ field: 'Output Scaffold', bits: 1024 }));
    const value = scorer.score('{"Output Scaffold": "O=C(O)c1ccccc1O"}', goldSample('CC(=O)Oc1ccccc1C(=O)O')).value;
    expect(value).toBeCloseTo(0.4642857142857143, 12);
  });

  it('scores invalid answers 0 and unreadable ones as format errors', async () => {
    const scorer = await smilesTanimoto.create(smilesTanimoto.params.parse({}));
    const sample = goldSample('CCO');
    expect(scorer.score('{"output": "C1CC"}', sample)).toMatchObject({ value: 0, formatError: false, detail: 'invalid-smiles' });
    expect(scorer.score('{"answer": "CCO"}', sample)).toMatchObject({ value: 0, formatError: true });
  });

  it('treats a reactant set as one mixture, in any order', async () => {
    const scorer = await smilesTanimoto.create(smilesTanimoto.params.parse({}));
    const sample = goldSample(['CCN', 'O=C(Cl)c1ccccc1']);
    expect(scorer.score('{"output": "O=C(Cl)c1ccccc1.CCN"}', sample).value).toBe(1);
    expect(scorer.score('{"output": "O=C(Cl)c1ccccc1"}', sample).value).toBeLessThan(1);
  });

  it('reads an object reference by key', async () => {
    const scorer = await smilesTanimoto.create(smilesTanimoto.params.parse({ referenceKey: 'Major Product' }));
    expect(scorer.score('{"output": "CCO"}', goldSample({ 'Major Product': 'OCC' })).value).toBe(1);
  });

  it.skipIf(!mirrorPresent)(`gives every ChemCoTBench retrosynthesis gold 1 against itself, components shuffled (mirror: ${CHEMCOTBENCH})`, async () => {
    const scorer = await smilesTanimoto.create(smilesTanimoto.params.parse({}));
    const rows = JSON.parse(readFileSync(join(CHEMCOTBENCH, 'retro.json'), 'utf8')) as { id: string; reactants: string[] }[];
    const values = rows.map((row) => scorer.score(JSON.stringify({ output: [...row.reactants].reverse() }), goldSample(row.reactants, row.id)).value);
    expect(values).toHaveLength(100);
    expect(values.every((value) => value === 1)).toBe(true);
  });
});
