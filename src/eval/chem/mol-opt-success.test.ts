import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { molOptSuccess } from './mol-opt-success.js';

function optSample(source: string, id = 'o1'): Sample {
  return { id, subtask: 'logp', prompt: '', reference: null, target: '', meta: { source } };
}

describe('mol-opt-success', () => {
  it('counts a valid, different molecule with higher logP as a success', async () => {
    const scorer = await molOptSuccess.create(molOptSuccess.params.parse({ property: 'logp' }));
    const sample = optSample('O=C1NC(Cc2ccc(O)cc2)C(=O)NC1CO');
    // The benzyl ether Claude 3.7 proposed for this ChemCoTBench item.
    const success = scorer.score('{"output": "O=C1NC(Cc2ccc(OCc3ccccc3)cc2)C(=O)NC1CO"}', sample);
    expect(success).toMatchObject({ value: 1, formatError: false, facts: { property: 'logp' } });
    expect((success.facts?.improvement as number) > 0).toBe(true);
    const worse = scorer.score('{"output": "O=C1NC(Cc2ccc(O)c(O)c2)C(=O)NC1CO"}', sample);
    expect(worse).toMatchObject({ value: 0, detail: expect.stringMatching(/^no-improvement: logp/) });
  });

  it('refuses the source molecule itself, however it is written', async () => {
    const scorer = await molOptSuccess.create(molOptSuccess.params.parse({ property: 'logp' }));
    const outcome = scorer.score('{"output": "OCC1NC(=O)C(Cc2ccc(O)cc2)NC1=O"}', optSample('O=C1NC(Cc2ccc(O)cc2)C(=O)NC1CO'));
    expect(outcome).toMatchObject({ value: 0, detail: expect.stringMatching(/^unchanged/) });
  });

  it('scores QED and solubility in the direction ChemCoTBench counts', async () => {
    const qedScorer = await molOptSuccess.create(molOptSuccess.params.parse({ property: 'qed' }));
    // RDKit QED: nitrobenzene 0.420 -> benzamide 0.586; ibuprofen 0.822 -> its nitro derivative is lower.
    expect(qedScorer.score('{"output": "NC(=O)c1ccccc1"}', optSample('O=[N+]([O-])c1ccccc1')).value).toBe(1);
    expect(qedScorer.score('{"output": "CC(C)Cc1ccc(C(C)C(=O)O)cc1[N+](=O)[O-]"}', optSample('CC(C)Cc1ccc(C(C)C(=O)O)cc1')).value).toBe(0);
    // ESOL: chlorobenzene -2.584 -> phenol -1.759 (more soluble); 1,4-dichlorobenzene -3.251 (less).
    const solubility = await molOptSuccess.create(molOptSuccess.params.parse({ property: 'solubility' }));
    expect(solubility.score('{"output": "Oc1ccccc1"}', optSample('Clc1ccccc1')).value).toBe(1);
    expect(solubility.score('{"output": "Clc1ccc(Cl)cc1"}', optSample('Clc1ccccc1')).value).toBe(0);
  });

  it('reads the answer field a task asks for', async () => {
    const scorer = await molOptSuccess.create(molOptSuccess.params.parse({ property: 'logp', field: 'Final Target Molecule' }));
    expect(scorer.score('{"Final Target Molecule": "CCCO"}', optSample('CCO')).value).toBe(1);
    expect(scorer.score('{"output": "CCCO"}', optSample('CCO'))).toMatchObject({ value: 0, formatError: true });
  });

  it('scores invalid SMILES as wrong, not as a format error', async () => {
    const scorer = await molOptSuccess.create(molOptSuccess.params.parse({ property: 'logp' }));
    expect(scorer.score('{"output": "CC(C"}', optSample('CCO'))).toMatchObject({ value: 0, formatError: false, detail: 'invalid-smiles' });
  });

  it('throws when the sample has no valid source molecule', async () => {
    const scorer = await molOptSuccess.create(molOptSuccess.params.parse({ property: 'logp' }));
    expect(() => scorer.score('{"output": "CCO"}', optSample('C1CC'))).toThrow(/meta.source is not valid/);
    expect(() => scorer.score('{"output": "CCO"}', { ...optSample('CCO'), meta: {} })).toThrow(/meta.source/);
  });

  it('is created but unsupported for the bioactivity oracles, and never scores them', async () => {
    for (const property of ['drd2', 'gsk3b', 'jnk3'] as const) {
      const scorer = await molOptSuccess.create(molOptSuccess.params.parse({ property }));
      expect(scorer.unsupported).toMatch(/oracle/);
      expect(() => scorer.score('{"output": "CCO"}', optSample('CC'))).toThrow(/cannot score/);
    }
    const logp = await molOptSuccess.create(molOptSuccess.params.parse({ property: 'logp' }));
    expect(logp.unsupported).toBeUndefined();
  });

  it('reads the property from each sample when the params name none', async () => {
    const scorer = await molOptSuccess.create(molOptSuccess.params.parse({}));
    const sample = (property: string): Sample => ({ ...optSample('CCO'), meta: { source: 'CCO', property } });
    expect(scorer.score('{"output": "CCCCO"}', sample('logp')).value).toBe(1);
    expect(scorer.score('{"output": "CCCCO"}', sample('solubility')).value).toBe(0);
    expect(() => scorer.score('{"output": "CCCCO"}', sample('drd2'))).toThrow(/needs an oracle/);
    expect(() => scorer.score('{"output": "CCCCO"}', sample('colour'))).toThrow(/not one of/);
  });

  it('validates its parameters', () => {
    expect(molOptSuccess.params.parse({})).toEqual({ field: 'output', scoring: 'corrected' });
    expect(molOptSuccess.params.safeParse({ property: 'drd' }).success).toBe(false);
    expect(molOptSuccess.params.parse({ property: 'qed', scoring: 'official' })).toEqual({ property: 'qed', field: 'output', scoring: 'official' });
  });
});
