import { describe, expect, it } from 'vitest';
import type { JsonValue, Sample } from '../../core/index.js';
import { smilesExact } from './smiles-exact.js';

function goldSample(reference: JsonValue): Sample {
  return { id: 'e1', prompt: '', reference, target: '', meta: {} };
}

describe('smiles-exact', () => {
  it('accepts any spelling of the gold molecule', async () => {
    const scorer = await smilesExact.create(smilesExact.params.parse({}));
    const sample = goldSample('CC(=O)Oc1ccccc1C(=O)O');
    expect(scorer.score('{"output": "OC(=O)c1ccccc1OC(C)=O"}', sample)).toMatchObject({ value: 1, formatError: false });
    expect(scorer.score('{"output": "OC(=O)c1ccccc1O"}', sample)).toMatchObject({ value: 0, detail: 'different-molecule' });
    expect(scorer.score('{"output": "OC(=O)c1ccccc1OC(C)=O.O"}', sample)).toMatchObject({ value: 0 });
  });

  it('compares reactant sets in any order, written as a string or a list', async () => {
    const scorer = await smilesExact.create(smilesExact.params.parse({}));
    const sample = goldSample(['O=P(Cl)(c1ccccc1)c1ccccc1', 'NCC']);
    expect(scorer.score('{"output": "NCC.O=P(Cl)(c1ccccc1)c1ccccc1"}', sample)).toMatchObject({ value: 1 });
    expect(scorer.score('{"output": ["ClP(=O)(c1ccccc1)c1ccccc1", "CCN"]}', sample)).toMatchObject({ value: 1 });
    expect(scorer.score('{"output": "NCC"}', sample)).toMatchObject({ value: 0 });
  });

  it('ignores stereochemistry by default, as ChemCoTBench does, and can require it', async () => {
    const sample = goldSample('C[C@H](N)C(=O)O');
    const lenient = await smilesExact.create(smilesExact.params.parse({}));
    const strict = await smilesExact.create(smilesExact.params.parse({ stereo: true }));
    expect(lenient.score('{"output": "C[C@@H](N)C(=O)O"}', sample)).toMatchObject({ value: 1 });
    expect(strict.score('{"output": "C[C@@H](N)C(=O)O"}', sample)).toMatchObject({ value: 0 });
    expect(strict.score('{"output": "N[C@@H](C)C(=O)O"}', sample)).toMatchObject({ value: 1 });
  });

  it('reads the gold from an object reference by key', async () => {
    const scorer = await smilesExact.create(smilesExact.params.parse({ referenceKey: 'Major Product' }));
    const sample = goldSample({ 'Major Product': 'CCO', 'Byproduct(s)': [] });
    expect(scorer.score('{"output": "OCC"}', sample)).toMatchObject({ value: 1 });
  });

  it('separates invalid answers from unreadable ones', async () => {
    const scorer = await smilesExact.create(smilesExact.params.parse({}));
    const sample = goldSample('CCO');
    expect(scorer.score('{"output": "C(C"}', sample)).toMatchObject({ value: 0, formatError: false, detail: 'invalid-smiles' });
    expect(scorer.score('The answer is CCO', sample)).toMatchObject({ value: 0, formatError: true });
  });

  it('throws when the task gave no usable gold', async () => {
    const scorer = await smilesExact.create(smilesExact.params.parse({}));
    expect(() => scorer.score('{"output": "CCO"}', goldSample('C1CC'))).toThrow(/gold SMILES is not valid/);
    expect(() => scorer.score('{"output": "CCO"}', goldSample(3))).toThrow(/not a SMILES string/);
    const keyed = await smilesExact.create(smilesExact.params.parse({ referenceKey: 'Major Product' }));
    expect(() => keyed.score('{"output": "CCO"}', goldSample('CCO'))).toThrow(/reference\["Major Product"\]/);
  });
});
