import { describe, expect, it } from 'vitest';
import { escapeStrayBackslashes, extractSmilesAnswer } from './smiles-answer.js';

describe('extractSmilesAnswer', () => {
  it('reads the "output" field by default', () => {
    expect(extractSmilesAnswer('{"output": "CCO"}')).toEqual({ ok: true, smiles: 'CCO' });
  });

  it('reads a named field', () => {
    expect(extractSmilesAnswer('{"Final Target Molecule": "c1ccccc1O"}', 'Final Target Molecule')).toEqual({ ok: true, smiles: 'c1ccccc1O' });
  });

  it('tolerates prose, code fences and a reasoning block around the object', () => {
    const output = [
      '<think>Maybe {"output": "CC"}? No, the hydroxyl must stay.</think>',
      'Adding the group gives:',
      '```json',
      '{',
      '    "output": " OCC(=O)O "',
      '}',
      '```',
      'Hope this helps.',
    ].join('\n');
    expect(extractSmilesAnswer(output)).toEqual({ ok: true, smiles: 'OCC(=O)O' });
  });

  it('joins a list of components into one multi-component SMILES', () => {
    expect(extractSmilesAnswer('{"output": ["CCN", "O=C(Cl)c1ccccc1"]}')).toEqual({ ok: true, smiles: 'CCN.O=C(Cl)c1ccccc1' });
  });

  it('reads stereo bonds whether or not the backslash is escaped', () => {
    expect(extractSmilesAnswer('{"output": "C/C=C\\\\C"}')).toEqual({ ok: true, smiles: 'C/C=C\\C' });
    expect(extractSmilesAnswer('{"output": "C/C=C\\C"}')).toEqual({ ok: true, smiles: 'C/C=C\\C' });
    expect(extractSmilesAnswer('Answer: {"output": "F/C=C\\Br"} done')).toEqual({ ok: true, smiles: 'F/C=C\\Br' });
  });

  it('keeps an invalid SMILES for the scorer to judge', () => {
    expect(extractSmilesAnswer('{"output": "C1CC"}')).toEqual({ ok: true, smiles: 'C1CC' });
    expect(extractSmilesAnswer('{"output": ""}')).toEqual({ ok: true, smiles: '' });
  });

  it('fails on a wrong field name and names the fields it saw', () => {
    const result = extractSmilesAnswer('{"answer": "CCO"}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/no field "output".*"answer"/);
  });

  it('fails without a JSON object', () => {
    expect(extractSmilesAnswer('The product is CCO.')).toEqual({ ok: false, reason: expect.stringMatching(/no JSON object/) });
    expect(extractSmilesAnswer('CCO')).toMatchObject({ ok: false });
    expect(extractSmilesAnswer('   ')).toEqual({ ok: false, reason: 'empty output' });
  });

  it('fails when the field is not a string or a list of strings', () => {
    expect(extractSmilesAnswer('{"output": 3}')).toEqual({ ok: false, reason: 'field "output" holds a number, not a SMILES string' });
    expect(extractSmilesAnswer('{"output": null}')).toMatchObject({ ok: false });
    expect(extractSmilesAnswer('{"output": []}')).toMatchObject({ ok: false });
    expect(extractSmilesAnswer('{"output": ["CCO", 1]}')).toMatchObject({ ok: false });
  });
});

describe('escapeStrayBackslashes', () => {
  it('doubles lone backslashes and keeps valid JSON escapes', () => {
    expect(escapeStrayBackslashes('C\\C')).toBe('C\\\\C');
    expect(escapeStrayBackslashes('a\\\\b \\" \\n \\u0041')).toBe('a\\\\b \\" \\n \\u0041');
    expect(escapeStrayBackslashes('end\\')).toBe('end\\\\');
  });
});
