export { corruptDataError, lineColumnAt } from './corrupt-data-error.js';
export type { CorruptDataDetails } from './corrupt-data-error.js';
export { parseCsvRows, readCsvRows } from './read-csv-rows.js';
export { parseJsonRows, readJsonRows } from './read-json-rows.js';
export { parseJsonlRows, readJsonlRows } from './read-jsonl-rows.js';
export { readRows } from './read-rows.js';
export { readTextFile } from './read-text-file.js';
