import { describe, expect, it } from 'vitest';
import { chemcotbenchJson, pythonFloatAccepts, pythonInt, readChemcotbenchField } from './json-chemcotbench.js';

describe('chemcotbenchJson (tranform_str_to_json)', () => {
  it('reads bare JSON, after a </think> block, inside a ```json fence, with newlines removed', () => {
    expect(chemcotbenchJson('{"output": "Yes"}')).toEqual({ value: { output: 'Yes' } });
    expect(chemcotbenchJson('<think>\nhmm\n</think>\n\n{"output": 2}')).toEqual({ value: { output: 2 } });
    expect(chemcotbenchJson('```json\n{\n    "output": "CCO"\n}\n```')).toEqual({ value: { output: 'CCO' } });
    // Newlines go before json.loads, so one inside a string vanishes rather than failing.
    expect(chemcotbenchJson('{"output": "C\nC"}')).toEqual({ value: { output: 'CC' } });
  });

  it('fails on prose before or after the JSON, as json.loads does', () => {
    expect(chemcotbenchJson('The answer: {"output": "Yes"}')).toBeNull();
    expect(chemcotbenchJson('{"output": "Yes"} I hope that helps.')).toBeNull();
    expect(chemcotbenchJson('')).toBeNull();
  });
});

describe('readChemcotbenchField', () => {
  it('drops what the notebooks drop and crashes where they raise', () => {
    expect(readChemcotbenchField('not json', 'output').kind).toBe('dropped');
    expect(readChemcotbenchField('null', 'output').kind).toBe('dropped');
    expect(readChemcotbenchField('{"answer": 1}', 'output').kind).toBe('dropped');
    expect(readChemcotbenchField('["Yes"]', 'output').kind).toBe('crash');
    expect(readChemcotbenchField('"Yes"', 'output').kind).toBe('crash');
    expect(readChemcotbenchField('{"output": ""}', 'output')).toEqual({ kind: 'value', value: '' });
    expect(readChemcotbenchField('{"output": ""}', 'output', { dropEmptyString: true }).kind).toBe('dropped');
  });

  it('follows the optimisation notebook: a JSON string is invalid, a missing field raises', () => {
    const options = { stringIsUnreadable: true, missingFieldCrashes: true };
    expect(readChemcotbenchField('"CCO"', 'output', options).kind).toBe('dropped');
    expect(readChemcotbenchField('{"smiles": "CCO"}', 'output', options).kind).toBe('crash');
  });
});

describe('Python int() and float()', () => {
  it('truncates numbers, reads integer strings and booleans, refuses the rest', () => {
    expect([2.7, -2.7, true, ' 3 ', '+4', '1_000'].map(pythonInt)).toEqual([2, -2, 1, 3, 4, 1000]);
    expect([NaN, Infinity, null, '2.0', 'three', '', [1], '1__0'].map(pythonInt)).toEqual([null, null, null, null, null, null, null, null]);
  });

  it('knows which strings float() accepts', () => {
    expect(['2.0', '.5', '1e3', ' -1.5E-2 ', 'nan', 'Infinity', '1_0.5'].every(pythonFloatAccepts)).toBe(true);
    expect(['three', '1.5e', '', '.', 'e5'].some(pythonFloatAccepts)).toBe(false);
  });
});
