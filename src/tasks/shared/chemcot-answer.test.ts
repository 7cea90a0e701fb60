import { describe, expect, it } from 'vitest';
import { chemcotAnswer, chemcotAnswerCandidates, chemcotMeta, chemcotPoolPrompt, chemcotReasoning, decodeJsonText } from './chemcot-answer.js';

const fenced = (object: unknown) => JSON.stringify('```json\n' + JSON.stringify(object, null, 2) + '\n```');

describe('reading ChemCoTDataset rows', () => {
  it('decodes JSON text as far as it goes, fences included, and leaves SMILES alone', () => {
    expect(decodeJsonText(fenced({ output: 'CCO' }))).toEqual({ output: 'CCO' });
    expect(decodeJsonText(JSON.stringify(JSON.stringify({ count: 2 })))).toEqual({ count: 2 });
    expect(decodeJsonText('[Cl-].CC[N+](C)(C)C')).toBe('[Cl-].CC[N+](C)(C)C');
    expect(decodeJsonText('Yes')).toBe('Yes');
  });

  it('reads meta as JSON text or as an object, and survives a broken one', () => {
    expect(chemcotMeta({ meta: '{"gt": 3, "molecule": "OCCO"}' })).toEqual({ gt: 3, molecule: 'OCCO' });
    expect(chemcotMeta({ meta: { reference: 'CCO' } })).toEqual({ reference: 'CCO' });
    expect(chemcotMeta({ meta: '{"gt": ' })).toEqual({});
    expect(chemcotMeta({})).toEqual({});
  });

  it('reads the structured reasoning from struct_cot or cot_result, JSON or prose ending in JSON', () => {
    expect(chemcotReasoning({ struct_cot: fenced({ Step: 'parse', output: 'CCN' }) }).object).toEqual({ Step: 'parse', output: 'CCN' });
    expect(chemcotReasoning({ cot_result: '```json\n{"Major Product": "CCO"}\n```' }).object).toEqual({ 'Major Product': 'CCO' });
    const prose = chemcotReasoning({ struct_cot: 'First, the ring. Then the answer:\n{"output": "No"}' });
    expect(prose.text).toContain('First, the ring.');
    expect(prose.object).toEqual({ output: 'No' });
    expect(chemcotReasoning({ struct_cot: null })).toEqual({ text: null, object: null });
  });

  it('takes the gold before the reasoning, unwrapping answers that sit in objects', () => {
    const row = { gt: '{"Major Product": "CC(=O)O"}', meta: '{"gt": "ignored"}', struct_cot: '{"Major Product": "CCO"}' };
    expect(chemcotAnswerCandidates(row, ['Major Product', 'output'])[0]).toBe('CC(=O)O');
    expect(chemcotAnswer({ meta: '{"reference": "c1ccccc1O"}', struct_cot: '{"output": "c1ccccc1"}' }, 'smiles')).toBe('c1ccccc1O');
  });

  it('skips candidates of the wrong kind and invalid SMILES', () => {
    const valid = (smiles: string) => smiles !== 'C1CC';
    const row = { struct_cot: JSON.stringify({ 'Final Target Molecule': 'C1CC' }), meta: '{"reference": "CCO"}' };
    expect(chemcotAnswer(row, 'smiles', { validSmiles: valid })).toBe('CCO');
    expect(chemcotAnswer({ struct_cot: '{"Final Target Molecule": "C1CC"}' }, 'smiles', { validSmiles: valid })).toBeNull();
    expect(chemcotAnswer({ struct_cot: '{"count": "3"}' }, 'integer')).toBe(3);
    expect(chemcotAnswer({ struct_cot: '{"count": "three"}' }, 'integer')).toBeNull();
    expect(chemcotAnswer({ struct_cot: '{"output": "yes."}' }, 'yes-no')).toBe('Yes');
    expect(chemcotAnswer({ meta: '{"gt": false}' }, 'yes-no')).toBe('No');
    expect(chemcotAnswer({ struct_cot: '{"output": "a benzene ring"}' }, 'smiles')).toBeNull();
  });

  it("replaces the question's answer format with the task's, or appends it", () => {
    const query =
      'Optimize the Source Molecule: CCO to improve its QED.\nYour response must be directly parsable JSON format:\n{\n    "Structural Analysis of Source Molecule": "",\n    "Final Target Molecule": "SMILES"\n}\nDO NOT output other text except for the answer.';
    const prompt = chemcotPoolPrompt(query, '"<SMILES>"');
    expect(prompt).toContain('{\n    "output": "<SMILES>"\n}');
    expect(prompt).not.toContain('Final Target Molecule');
    expect(prompt).toContain('Optimize the Source Molecule: CCO');
    expect(chemcotPoolPrompt('How many rings has c1ccccc1?', '<an integer>')).toBe(
      'How many rings has c1ccccc1?\nYour response must be directly parsable JSON format:\n{\n    "output": <an integer>\n}',
    );
  });
});
