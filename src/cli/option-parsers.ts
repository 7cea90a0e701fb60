import { FtdojoError } from '../core/index.js';

/** A commander parser for options that take a positive whole number (--limit 10). */
export const positiveInteger =
  (name: string, example = 8) =>
  (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new FtdojoError('INVALID_INPUT', `${name} must be a positive whole number, got ${JSON.stringify(value)}`, { hint: `pass e.g. ${name} ${example}` });
    return parsed;
  };
