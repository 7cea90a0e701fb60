import { describe, expect, it } from 'vitest';
import { findOverlaps } from './find-overlaps.js';
import { normalizeText } from './normalize-text.js';

describe('normalizeText', () => {
  it('folds case, whitespace and number formats', () => {
    expect(normalizeText('  Find  the SUM of 1,000.50 and 025\n')).toBe('find the sum of 1000.5 and 25');
    expect(normalizeText('x \u2212 3')).toBe('x - 3');
    expect(normalizeText('2.000')).toBe('2');
    expect(normalizeText('a\\,b')).toBe('a b');
  });
});

describe('findOverlaps', () => {
  const pool = [
    { id: 'p1', key: 'What is 2 + 2?' },
    { id: 'p2', key: 'Compute the value of 1,234 plus 10.' },
    { id: 'p3', key: 'Training prompt. Let x be a real number such that x^2 = 49 and x > 0. Find x. Answer below.' },
  ];

  it('finds exact, normalised and contained copies', () => {
    const heldOut = [
      { id: 'h1', key: 'What is 2 + 2?' },
      { id: 'h2', key: 'compute the value of 1234   plus 10.0.' },
      { id: 'h3', key: 'Let x be a real number such that x^2 = 49 and x > 0. Find x.' },
      { id: 'h4', key: 'A different question entirely.' },
    ];
    expect(findOverlaps(pool, heldOut)).toEqual([
      { heldOutId: 'h1', poolId: 'p1', kind: 'exact' },
      { heldOutId: 'h2', poolId: 'p2', kind: 'normalised' },
      { heldOutId: 'h3', poolId: 'p3', kind: 'contained' },
    ]);
  });

  it('does not call short generic keys contained', () => {
    expect(findOverlaps([{ id: 'p', key: 'The answer is Yes because of the ring.' }], [{ id: 'h', key: 'Yes' }])).toEqual([]);
  });
});
