import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { jsonMultilabelF1Scorer, labelSet, setF1 } from './json-multilabel-f1.js';

function sample(reference: Sample['reference']): Sample {
  return { id: 'par-1', prompt: 'p', reference, target: '{"answer": ["A", "G"]}', meta: {} };
}

const scorer = await jsonMultilabelF1Scorer.create({ field: 'answer', labels: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] });
const unrestricted = await jsonMultilabelF1Scorer.create({ field: 'answer' });

describe('labelSet', () => {
  it('reads every accepted shape', () => {
    expect(labelSet('A')).toEqual(new Set(['A']));
    expect(labelSet('A,G')).toEqual(new Set(['A', 'G']));
    expect(labelSet(' a , g ')).toEqual(new Set(['A', 'G']));
    expect(labelSet('A G')).toEqual(new Set(['A', 'G']));
    expect(labelSet('A、G')).toEqual(new Set(['A', 'G']));
    expect(labelSet(['A', 'G', 'A'])).toEqual(new Set(['A', 'G']));
    expect(labelSet([])).toEqual(new Set());
    expect(labelSet('')).toEqual(new Set());
  });

  it('rejects other shapes', () => {
    expect(labelSet(null)).toBeNull();
    expect(labelSet({ A: true })).toBeNull();
    expect(labelSet([['A']])).toBeNull();
    expect(labelSet(true)).toBeNull();
  });
});

describe('setF1', () => {
  it('matches hand-computed values', () => {
    expect(setF1(new Set(['A', 'G']), new Set(['A', 'G']))).toBe(1);
    // P = {A, B}, G = {A, G}: 2 * 1 / 4 = 0.5
    expect(setF1(new Set(['A', 'B']), new Set(['A', 'G']))).toBe(0.5);
    // P = {A}, G = {A, G, H}: 2 * 1 / 4 = 0.5
    expect(setF1(new Set(['A']), new Set(['A', 'G', 'H']))).toBe(0.5);
    expect(setF1(new Set(), new Set(['A']))).toBe(0);
    expect(setF1(new Set(), new Set())).toBe(1);
  });
});

describe('json-multilabel-f1', () => {
  it('scores a list answer against a list reference', () => {
    expect(scorer.score('{"answer": ["G", "A"]}', sample(['A', 'G']))).toMatchObject({ value: 1, formatError: false, extracted: ['G', 'A'] });
  });

  it('scores a comma string answer against a comma string reference', () => {
    expect(scorer.score('Relevant: {"answer": "A,B"}', sample('A,G')).value).toBe(0.5);
  });

  it('counts labels outside the choices as wrong predictions, not format errors', () => {
    const outcome = scorer.score('{"answer": ["A", "Z"]}', sample(['A']));
    // P = {A, Z}, G = {A}: 2 * 1 / 3
    expect(outcome.value).toBeCloseTo(2 / 3);
    expect(outcome).toMatchObject({ formatError: false, detail: 'labels outside the choices: Z' });
  });

  it('accepts any label without a labels parameter', () => {
    expect(unrestricted.score('{"answer": "US123"}', sample('us123')).value).toBe(1);
  });

  it('treats a wrong field name as a format error', () => {
    expect(scorer.score('{"ans": "A"}', sample('A'))).toMatchObject({ value: 0, formatError: true });
  });

  it('treats an object answer as a format error', () => {
    expect(scorer.score('{"answer": {"A": true}}', sample('A'))).toMatchObject({ value: 0, formatError: true });
  });

  it('scores an empty label list 0 without a format error', () => {
    expect(scorer.score('{"answer": []}', sample('A'))).toMatchObject({ value: 0, formatError: false, detail: 'wrong-answer' });
  });

  it('marks an empty output', () => {
    expect(scorer.score(' ', sample('A'))).toMatchObject({ value: 0, formatError: true, detail: 'empty' });
  });

  it('averages per-sample F1', () => {
    const outcomes = [scorer.score('{"answer": "A"}', sample('A')), scorer.score('{"answer": "A,B"}', sample('A,G')), scorer.score('', sample('A'))];
    expect(scorer.aggregate(outcomes)).toBeCloseTo(0.5);
  });
});
