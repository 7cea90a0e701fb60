import { describe, expect, it } from 'vitest';
import { lastBoxed } from './last-boxed.js';

describe('lastBoxed', () => {
  it('returns the content of a single box', () => {
    expect(lastBoxed('so the answer is $\\boxed{25}$.')).toBe('25');
  });

  it('returns the last box, not the first', () => {
    expect(lastBoxed('first \\boxed{12}, then corrected: \\boxed{13}')).toBe('13');
  });

  it('keeps nested braces balanced', () => {
    expect(lastBoxed('\\boxed{\\frac{1}{2}}')).toBe('\\frac{1}{2}');
    expect(lastBoxed('\\boxed{\\text{{a}{b}}} tail}')).toBe('\\text{{a}{b}}');
  });

  it('treats escaped braces as content', () => {
    expect(lastBoxed('\\boxed{\\{1,2\\}}')).toBe('\\{1,2\\}');
  });

  it('accepts \\fbox and whitespace before the brace', () => {
    expect(lastBoxed('\\fbox{7}')).toBe('7');
    expect(lastBoxed('\\boxed {42}')).toBe('42');
  });

  it('accepts the brace-less single-token form', () => {
    expect(lastBoxed('$\\boxed 5$')).toBe('5');
  });

  it('returns an empty string for an empty box', () => {
    expect(lastBoxed('\\boxed{}')).toBe('');
  });

  it('returns null when there is no box', () => {
    expect(lastBoxed('The answer is 25.')).toBeNull();
    expect(lastBoxed('')).toBeNull();
    expect(lastBoxed('\\boxedfoo{3}')).toBeNull();
  });

  it('returns null when the last box is cut off, even if an earlier one closed', () => {
    expect(lastBoxed('\\boxed{3} and finally \\boxed{\\frac{1}{2}')).toBeNull();
    expect(lastBoxed('ends with \\boxed')).toBeNull();
  });
});
