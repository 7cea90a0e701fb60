import type { Row } from '../types.js';
import { corruptDataError, describeJsonFailure } from './corrupt-data-error.js';
import { readTextFile } from './read-text-file.js';

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a JSON document of rows: an array of objects, or one object (a one-record file). */
export function parseJsonRows(text: string, file: string): Row[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    throw corruptDataError({ file, ...describeJsonFailure(text, cause), cause });
  }
  // Some sources (PANORAMA's benchmark samples and records) keep one record per file.
  if (isRow(document)) return [document];
  if (!Array.isArray(document)) {
    throw corruptDataError({ file, line: 1, reason: `expected a JSON array of objects, found ${kindOf(document)}` });
  }
  document.forEach((item, index) => {
    if (!isRow(item)) {
      throw corruptDataError({ file, reason: `row ${index + 1} of the array is ${kindOf(item)}, expected an object` });
    }
  });
  return document as Row[];
}

/** Reads a JSON file of rows; a malformed file fails with CORRUPT_DATA naming line and column. */
export async function readJsonRows(file: string): Promise<Row[]> {
  return parseJsonRows(await readTextFile(file), file);
}
