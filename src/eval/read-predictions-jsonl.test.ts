import { describe, expect, it } from 'vitest';
import { FtdojoError } from '../core/index.js';
import { readPredictionsJsonl } from './read-predictions-jsonl.js';

function failure(text: string): FtdojoError {
  try {
    readPredictionsJsonl(text, 'preds.jsonl');
  } catch (error) {
    if (error instanceof FtdojoError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('readPredictionsJsonl', () => {
  it('reads one prediction per line, skipping blank lines, CRLF and a BOM', () => {
    const text = '\uFEFF{"id": "a", "output": "x"}\r\n\n{"id": "b", "output": "", "extra": 1}\n';
    expect(readPredictionsJsonl(text, 'preds.jsonl')).toEqual([
      { id: 'a', output: 'x' },
      { id: 'b', output: '' },
    ]);
  });

  it('reads an empty file as no predictions', () => {
    expect(readPredictionsJsonl('', 'preds.jsonl')).toEqual([]);
  });

  it('names the file and line of invalid JSON, with how to fix it', () => {
    const error = failure('{"id": "a", "output": "x"}\n{"id": "b", output: "y"}\n');
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/^preds\.jsonl:2: not valid JSON \(/);
    expect(error.hint).toBe('Fix line 2: each line must be one JSON object {"id": "<sample id>", "output": "<model output>"}.');
  });

  it('names a missing or mistyped field', () => {
    expect(failure('{"id": "a", "prediction": "x"}').message).toBe('preds.jsonl:1: field "output": Invalid input: expected string, received undefined');
    expect(failure('{"id": "a", "output": 3}').message).toBe('preds.jsonl:1: field "output": Invalid input: expected string, received number');
    expect(failure('{"id": "", "output": "x"}').message).toMatch(/^preds\.jsonl:1: field "id": /);
  });

  it('refuses lines that are not objects', () => {
    expect(failure('["a", "x"]').message).toBe('preds.jsonl:1: not a JSON object');
    expect(failure('null').message).toBe('preds.jsonl:1: not a JSON object');
  });

  it('refuses a second prediction for an id, naming both lines', () => {
    const error = failure('{"id": "a", "output": "x"}\n{"id": "b", "output": "x"}\n{"id": "a", "output": "y"}');
    expect(error.message).toBe('preds.jsonl:3: second prediction for id "a" (the first is on line 1)');
    expect(error.hint).toBe('Fix line 3: keep one prediction per sample id.');
  });
});
