import { FtdojoError } from '../core/index.js';

/** A commander parser for options that take a positive whole number (--limit 10). */
export const positiveInteger =
  (name: string, example = 8) =>
  (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1)
      throw new FtdojoError('INVALID_INPUT', `${name} must be a positive whole number, got ${JSON.stringify(value)}`, { hint: `pass e.g. ${name} ${example}` });
    return parsed;
  };

/** A commander parser for options that take a whole number from 0 (--seed 0). */
export const nonNegativeInteger =
  (name: string, example = 0) =>
  (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0)
      throw new FtdojoError('INVALID_INPUT', `${name} must be a whole number from 0, got ${JSON.stringify(value)}`, { hint: `pass e.g. ${name} ${example}` });
    return parsed;
  };

/** Seconds from a duration as people write it: 20m, 1h, 900s, 1.5h (a bare number is minutes). */
export function parseDuration(text: string, name: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|min|h)?$/.exec(text.trim());
  if (!match)
    throw new FtdojoError('INVALID_INPUT', `cannot read the duration "${text}" of ${name}`, { hint: `write e.g. ${name} 20m, ${name} 1h or ${name} 900s` });
  const value = Number(match[1]);
  const unit = match[2] ?? 'm';
  return Math.round(unit === 's' ? value : unit === 'h' ? value * 3600 : value * 60);
}
