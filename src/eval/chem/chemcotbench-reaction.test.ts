import { describe, expect, it } from 'vitest';
import { bitTanimoto, evaluateReactionItem, parseRawResponse } from './chemcotbench-reaction.js';
import { loadChemistry } from './load-chemistry.js';

const rdkit = await loadChemistry();

describe('parseRawResponse', () => {
  it('reads a fenced JSON object first, joining a list with ", "', () => {
    expect(parseRawResponse('```json\n{"output": "CCO"}\n```', 'output')).toBe('CCO');
    expect(parseRawResponse('```json\n{"output": ["A", "B"]}\n```', 'output')).toBe('A, B');
  });

  it('falls back to a quoted, single-quoted or bare value anywhere in the text', () => {
    expect(parseRawResponse('Reasoning first. {"output": "C/C=C\\\\C"}', 'output')).toBe('C/C=C\\C');
    expect(parseRawResponse('{"output": \'CCO\'}', 'output')).toBe('CCO');
    expect(parseRawResponse('{"output": ["CCO", "CC"]}', 'output')).toBe('["CCO"');
    expect(parseRawResponse('{"output": ""}', 'output')).toBe('');
    expect(parseRawResponse('The product is CCO.', 'output')).toBe('');
  });
});

describe('evaluateReactionItem', () => {
  it('scores the same molecule, however written, 1 on every measure', () => {
    const result = evaluateReactionItem(rdkit, 'Oc1ccc(NC(C)=O)cc1', 'CC(=O)Nc1ccc(O)cc1');
    expect(result).toMatchObject({ ok: true, evaluation: { validity: 1, rdk: 1, maccs: 1, morgan: 1, exact: 1 } });
  });

  it('gives 0 everywhere, validity included, to "" and to an invalid SMILES', () => {
    for (const answer of ['', 'C1CC'])
      expect(evaluateReactionItem(rdkit, answer, 'CCO')).toMatchObject({ ok: true, evaluation: { validity: 0, rdk: 0, exact: 0 } });
  });

  it('reads a name after the SMILES, as Python RDKit does', () => {
    expect(evaluateReactionItem(rdkit, 'CCO ethanol', 'OCC')).toMatchObject({ evaluation: { exact: 1 } });
  });
});

describe('bitTanimoto', () => {
  it('is 1 for two empty vectors, as RDKit has it', () => {
    expect(bitTanimoto(new Uint8Array(4), new Uint8Array(4))).toBe(1);
    expect(bitTanimoto(Uint8Array.of(0b1010), Uint8Array.of(0b0110))).toBeCloseTo(1 / 3, 15);
  });
});
