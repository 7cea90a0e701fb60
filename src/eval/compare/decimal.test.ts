import { describe, expect, it } from 'vitest';
import { decimalToNumber, decimalsEqual, parseDecimal, percentOf, roundHalfUp, type Decimal } from './decimal.js';

function decimal(text: string): Decimal {
  const parsed = parseDecimal(text);
  if (parsed === null) throw new Error(`not a decimal: ${text}`);
  return parsed;
}

describe('decimal', () => {
  it('parses with scale', () => {
    expect(decimal('10.60')).toEqual({ units: 1060n, scale: 2 });
    expect(decimal('\u22121,062.5')).toEqual({ units: -10625n, scale: 1 });
    expect(parseDecimal('ten')).toBeNull();
  });

  it('rounds half up, away from zero, without binary float error', () => {
    expect(roundHalfUp(decimal('2.675'), 2)).toEqual({ units: 268n, scale: 2 });
    expect(roundHalfUp(decimal('2.665'), 2)).toEqual({ units: 267n, scale: 2 });
    expect(roundHalfUp(decimal('-2.5'), 0)).toEqual({ units: -3n, scale: 0 });
    expect(roundHalfUp(decimal('2.4'), 0)).toEqual({ units: 2n, scale: 0 });
    expect(roundHalfUp(decimal('7'), 2)).toEqual({ units: 700n, scale: 2 });
  });

  it('compares across scales', () => {
    expect(decimalsEqual(decimal('10.60'), decimal('10.6'))).toBe(true);
    expect(decimalsEqual(decimal('10.61'), decimal('10.6'))).toBe(false);
    expect(decimalsEqual(percentOf(decimal('25')), decimal('0.25'))).toBe(true);
  });

  it('converts to a number', () => {
    expect(decimalToNumber(decimal('-12.5'))).toBe(-12.5);
  });
});
