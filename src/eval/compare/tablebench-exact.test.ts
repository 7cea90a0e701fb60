import { describe, expect, it } from 'vitest';
import { tablebenchExactMatch } from './tablebench-exact.js';

describe('tablebenchExactMatch', () => {
  it.each([
    ['1062', '1,062'],
    ['1,062', '1062'],
    ['10.6', '10.60'],
    ['10.60', '10.6'],
    ['10.62', '10.6'],
    ['25.0', '25'],
    ['\u22125', '-5'],
    ['Yes', 'yes'],
    ['"Yes".', 'Yes'],
    ['the Netherlands', 'Netherlands'],
    ['25%', '25%'],
    ['0.25', '25%'],
    ['25', '25%'],
    ['69.75', '69.75%'],
    ['Paris, London', 'paris, london'],
    ['1,062, 7', '1062, 7'],
    ['$25', '25'],
  ])('%j matches %j', (prediction, reference) => {
    expect(tablebenchExactMatch(prediction, reference)).toBe(1);
  });

  it.each([
    ['10.7', '10.6'],
    ['10.65', '10.6'],
    ['5', '-5'],
    ['25.1', '25%'],
    ['0.26', '25%'],
    ['No', 'Yes'],
    ['', 'Yes'],
    ['twenty', '20'],
    ['London, Paris', 'Paris, London'],
  ])('%j does not match %j', (prediction, reference) => {
    expect(tablebenchExactMatch(prediction, reference)).toBe(0);
  });

  it('gives partial credit per list element', () => {
    expect(tablebenchExactMatch('Paris, Rome', 'Paris, London')).toBe(0.5);
    expect(tablebenchExactMatch('12, 13, 14', '12')).toBeCloseTo(1 / 3);
  });

  it('rounds the prediction half-up to the reference precision', () => {
    expect(tablebenchExactMatch('2.675', '2.68')).toBe(1);
    expect(tablebenchExactMatch('2.674', '2.68')).toBe(0);
    expect(tablebenchExactMatch('3.5', '4')).toBe(1);
  });
});
