import { describe, expect, it } from 'vitest';
import { extractJsonField, extractJsonObject } from './extract-json-object.js';

describe('extractJsonObject', () => {
  it('parses a bare object', () => {
    expect(extractJsonObject('{"answer": "A"}')).toEqual({ ok: true, object: { answer: 'A' } });
  });

  it('tolerates prose around the object', () => {
    const text = 'Looking at the claims, candidate A is closest.\nMy answer: {"answer": "A"} -- hope that helps.';
    expect(extractJsonObject(text)).toEqual({ ok: true, object: { answer: 'A' } });
  });

  it('tolerates a ```json fence', () => {
    const text = 'Here you go:\n```json\n{\n  "code": "102"\n}\n```\n';
    expect(extractJsonObject(text)).toEqual({ ok: true, object: { code: '102' } });
  });

  it('takes the last parseable object', () => {
    const text = 'Draft: {"answer": "B"}\nOn reflection: {"answer": "C"}';
    expect(extractJsonObject(text)).toEqual({ ok: true, object: { answer: 'C' } });
  });

  it('keeps nested objects whole', () => {
    expect(extractJsonObject('{"answer": {"code": "103"}}')).toEqual({ ok: true, object: { answer: { code: '103' } } });
  });

  it('ignores braces inside strings', () => {
    expect(extractJsonObject('{"answer": "a } b {"}')).toEqual({ ok: true, object: { answer: 'a } b {' } });
  });

  it('skips non-JSON braces such as LaTeX before the object', () => {
    expect(extractJsonObject('\\frac{1}{2} so {"output": 3}')).toEqual({ ok: true, object: { output: 3 } });
  });

  it('finds a valid object inside an invalid outer span', () => {
    expect(extractJsonObject('{reasoning: long, {"answer": "D"}}')).toEqual({ ok: true, object: { answer: 'D' } });
  });

  it('falls back to an earlier object when the last one is broken', () => {
    expect(extractJsonObject('{"answer": "A"} and then {answer: B}')).toEqual({ ok: true, object: { answer: 'A' } });
  });

  it('explains single quotes', () => {
    const result = extractJsonObject("{'answer': 'A'}");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/double quotes/);
  });

  it('explains trailing commas as invalid JSON', () => {
    const result = extractJsonObject('{"answer": "A",}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/not valid JSON/);
  });

  it('explains a cut-off object', () => {
    const result = extractJsonObject('{"answer": "A"');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/never closed/);
  });

  it('explains a missing object', () => {
    expect(extractJsonObject('The answer is A.')).toEqual({ ok: false, reason: 'no JSON object found' });
    expect(extractJsonObject('')).toEqual({ ok: false, reason: 'no JSON object found' });
  });

  it('does not accept arrays or scalars as objects', () => {
    expect(extractJsonObject('["A", "B"]').ok).toBe(false);
    expect(extractJsonObject('"A"').ok).toBe(false);
  });
});

describe('extractJsonField', () => {
  it('returns the field value', () => {
    expect(extractJsonField('{"answer": ["A", "G"]}', 'answer')).toMatchObject({ ok: true, value: ['A', 'G'] });
  });

  it('rejects a near-miss field name and lists the fields found', () => {
    const result = extractJsonField('{"ans": "A"}', 'answer');
    expect(result).toEqual({ ok: false, reason: 'the JSON object has no field "answer" (its fields: "ans")' });
  });

  it('does not fold case', () => {
    expect(extractJsonField('{"Answer": "A"}', 'answer').ok).toBe(false);
  });

  it('takes the last object that holds the field', () => {
    const text = '{"answer": "B"}\n{"confidence": 0.9}';
    expect(extractJsonField(text, 'answer')).toMatchObject({ ok: true, value: 'B' });
  });

  it('does not look for the field inside nested objects', () => {
    expect(extractJsonField('{"result": {"answer": "A"}}', 'answer').ok).toBe(false);
  });

  it('returns null values as they are (the scorer decides)', () => {
    expect(extractJsonField('{"answer": null}', 'answer')).toMatchObject({ ok: true, value: null });
  });

  it('says when there is no object at all', () => {
    expect(extractJsonField('A', 'answer')).toEqual({ ok: false, reason: 'no JSON object found' });
  });
});
