import type { Row } from '../types.js';
import { corruptDataError, describeJsonFailure } from './corrupt-data-error.js';
import { isRow, kindOf } from './read-json-rows.js';
import { readTextFile } from './read-text-file.js';

/** Parses JSON Lines: one object per line; blank lines (a trailing newline, CRLF endings) are skipped. */
export function parseJsonlRows(text: string, file: string): Row[] {
  const rows: Row[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      const { column, reason } = describeJsonFailure(line, cause);
      throw corruptDataError({ file, line: index + 1, column, reason, cause });
    }
    if (!isRow(value)) {
      throw corruptDataError({ file, line: index + 1, column: 1, reason: `expected a JSON object, found ${kindOf(value)}` });
    }
    rows.push(value);
  }
  return rows;
}

/** Reads a JSONL file; a malformed line fails with CORRUPT_DATA naming the line and column. */
export async function readJsonlRows(file: string): Promise<Row[]> {
  return parseJsonlRows(await readTextFile(file), file);
}
