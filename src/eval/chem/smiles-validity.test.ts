import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { smilesValidity } from './smiles-validity.js';

const sample: Sample = { id: 'v1', subtask: 'logp', prompt: '', reference: null, target: '', meta: {} };

describe('smiles-validity', () => {
  it('scores valid SMILES 1 and invalid SMILES 0 without a format error', async () => {
    const scorer = await smilesValidity.create(smilesValidity.params.parse({}));
    expect(scorer.score('{"output": "CCO"}', sample)).toEqual({ id: 'v1', subtask: 'logp', value: 1, formatError: false, extracted: 'CCO' });
    expect(scorer.score('{"output": "C1CC"}', sample)).toMatchObject({ value: 0, formatError: false, detail: 'invalid-smiles' });
    expect(scorer.score('{"output": ""}', sample)).toMatchObject({ value: 0, formatError: false, detail: 'invalid-smiles' });
  });

  it('flags unreadable answers as format errors', async () => {
    const scorer = await smilesValidity.create(smilesValidity.params.parse({}));
    expect(scorer.score('CCO', sample)).toMatchObject({ value: 0, formatError: true });
    expect(scorer.score('{"Final Target Molecule": "CCO"}', sample)).toMatchObject({ value: 0, formatError: true });
  });

  it('reads a named field and averages over every sample', async () => {
    const scorer = await smilesValidity.create(smilesValidity.params.parse({ field: 'Final Target Molecule' }));
    const outcomes = ['{"Final Target Molecule": "c1ccccc1"}', '{"Final Target Molecule": "c1cccc1"}', 'no answer', '{"Final Target Molecule": "O"}'].map(
      (output) => scorer.score(output, sample),
    );
    expect(scorer.aggregate(outcomes)).toBe(0.5);
    expect(scorer.aggregate([])).toBeNull();
  });

  it('declares its shape', () => {
    expect(smilesValidity).toMatchObject({ id: 'smiles-validity', direction: 'higher' });
    expect(smilesValidity.params.safeParse({ field: '' }).success).toBe(false);
  });
});
