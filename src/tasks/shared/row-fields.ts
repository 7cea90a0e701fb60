import { FtdojoError } from '../../core/index.js';
import type { Row } from '../../data/index.js';

/** Where a row came from, so a malformed row is reported with its file and position. */
export interface RowOrigin {
  source: string;
  file: string;
  index: number;
}

function corrupt(origin: RowOrigin, message: string): FtdojoError {
  return new FtdojoError('CORRUPT_DATA', `${origin.source}/${origin.file} row ${origin.index + 1}: ${message}`, {
    hint: 'check the file against the mirror MANIFEST (`ftdojo data verify`) or pull it again (`ftdojo data pull`)',
    fault: 'environment',
  });
}

export function stringField(row: Row, field: string, origin: RowOrigin): string {
  const value = row[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw corrupt(origin, `field "${field}" must be a string, found ${value === undefined ? 'nothing' : typeof value}`);
}

export function optionalString(row: Row, field: string): string | undefined {
  const value = row[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function numberField(row: Row, field: string, origin: RowOrigin): number {
  const value = row[field];
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) throw corrupt(origin, `field "${field}" must be a number, found ${JSON.stringify(value)}`);
  return number;
}

export function objectField(row: Row, field: string, origin: RowOrigin): Row {
  const value = row[field];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Row;
  throw corrupt(origin, `field "${field}" must be an object`);
}

export function arrayField(row: Row, field: string, origin: RowOrigin): unknown[] {
  const value = row[field];
  if (Array.isArray(value)) return value;
  throw corrupt(origin, `field "${field}" must be a list`);
}

export { corrupt as corruptRow };
