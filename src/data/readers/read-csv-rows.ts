import { parse } from 'csv-parse/sync';
import type { Row } from '../types.js';
import { corruptDataError } from './corrupt-data-error.js';
import { readTextFile } from './read-text-file.js';

interface CsvParseError extends Error {
  code?: string;
  lines?: number;
  column?: number | string;
}

function reasonOf(error: CsvParseError): string {
  // csv-parse ends its messages with "at line N" / "on line N": we report the line separately.
  return error.message.replace(/\s+(at|on) line \d+.*$/, '').trim();
}

/**
 * Parses a CSV file with a header row into rows keyed by the header. A first column with an empty
 * header is a pandas index written by `to_csv()` (FinanceIQ's files have one): it carries no data,
 * so it is dropped. Every value stays a string: CSV has no types, and guessing them would turn
 * an answer such as "007" into 7.
 */
export function parseCsvRows(text: string, file: string): Row[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (cause) {
    const error = cause as CsvParseError;
    const field = typeof error.column === 'number' ? error.column + 1 : undefined;
    throw corruptDataError({
      file,
      line: error.lines,
      column: error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? undefined : field,
      reason: `malformed CSV (${reasonOf(error)})`,
      cause,
    });
  }
  const header = records[0];
  if (header === undefined) throw corruptDataError({ file, line: 1, reason: 'empty CSV file: expected a header row' });
  const dropIndex = header[0] === '';
  const names = dropIndex ? header.slice(1) : header;
  const seen = new Set<string>();
  names.forEach((name, position) => {
    if (name === '' || seen.has(name)) {
      const column = position + (dropIndex ? 2 : 1);
      throw corruptDataError({
        file,
        line: 1,
        column,
        reason: name === '' ? 'empty column name in the header' : `duplicate column name "${name}" in the header`,
      });
    }
    seen.add(name);
  });
  const offset = dropIndex ? 1 : 0;
  return records.slice(1).map((record) => {
    const row: Row = {};
    names.forEach((name, position) => {
      row[name] = record[position + offset];
    });
    return row;
  });
}

/** Reads a CSV file; a malformed file fails with CORRUPT_DATA naming the line and field. */
export async function readCsvRows(file: string): Promise<Row[]> {
  return parseCsvRows(await readTextFile(file), file);
}
