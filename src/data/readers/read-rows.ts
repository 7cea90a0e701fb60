import type { FileFormat, Row } from '../types.js';
import { readCsvRows } from './read-csv-rows.js';
import { readJsonRows } from './read-json-rows.js';
import { readJsonlRows } from './read-jsonl-rows.js';

/** Reads a data file of the given format into rows. */
export function readRows(file: string, format: FileFormat): Promise<Row[]> {
  switch (format) {
    case 'json':
      return readJsonRows(file);
    case 'jsonl':
      return readJsonlRows(file);
    case 'csv':
      return readCsvRows(file);
  }
}
