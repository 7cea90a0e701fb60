import { describe, expect, it } from 'vitest';
import { elementWiseScore, normalizeTablebenchText, tablebenchElements, tablebenchNumber } from './tablebench-elements.js';

describe('tablebenchElements', () => {
  it('splits a comma-separated list and trims each element', () => {
    expect(tablebenchElements('Paris,  London , Rome')).toEqual(['Paris', 'London', 'Rome']);
  });

  it('reads thousands separators as part of the number, not as list separators', () => {
    expect(tablebenchElements('1,062')).toEqual(['1062']);
    expect(tablebenchElements('1,234,567.5, 12')).toEqual(['1234567.5', '12']);
    expect(tablebenchElements('1,2,3')).toEqual(['1', '2', '3']);
    expect(tablebenchElements('2019,2020')).toEqual(['2019', '2020']);
  });

  it('removes surrounding quotes and a final period', () => {
    expect(tablebenchElements('"Yes".')).toEqual(['Yes']);
    expect(tablebenchElements("'abc', “def”")).toEqual(['abc', 'def']);
    expect(tablebenchElements('10.6.')).toEqual(['10.6']);
  });
});

describe('normalizeTablebenchText', () => {
  it('lower-cases and drops punctuation, articles and extra spaces', () => {
    expect(normalizeTablebenchText('The  United-States!')).toBe('unitedstates');
    expect(normalizeTablebenchText('An Apple a day')).toBe('apple day');
    expect(normalizeTablebenchText('“Yes”')).toBe('yes');
  });
});

describe('tablebenchNumber', () => {
  it('reads percentages as fractions', () => {
    expect(tablebenchNumber('25%')).toEqual({ value: { units: 25n, scale: 2 }, percent: true });
    expect(tablebenchNumber('\u22123.5')).toEqual({ value: { units: -35n, scale: 1 }, percent: false });
    expect(tablebenchNumber('abc')).toBeNull();
  });
});

describe('elementWiseScore', () => {
  const equal = (predicted: string, gold: string): boolean => predicted === gold;

  it('scores the fraction of matching positions', () => {
    expect(elementWiseScore('a, b, x', 'a, b, c', equal)).toBeCloseTo(2 / 3);
  });

  it('counts extra predicted elements against the sample', () => {
    expect(elementWiseScore('a, b', 'a', equal)).toBe(0.5);
  });

  it('counts missing predicted elements against the sample', () => {
    expect(elementWiseScore('a', 'a, b', equal)).toBe(0.5);
  });

  it('scores an empty prediction 0', () => {
    expect(elementWiseScore('', 'a', equal)).toBe(0);
  });
});
