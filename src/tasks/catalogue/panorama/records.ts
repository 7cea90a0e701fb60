import type { JsonValue } from '../../../core/index.js';
import type { Row } from '../../../data/index.js';

/**
 * PANORAMA rows as the official splitter writes them (benchmarks/<task>/data_spliter.py): PAR4PC
 * keeps its nested objects, NOC4PC stores `context`, `prior_art_specifications` and `answer` as JSON
 * text in both jsonl and parquet, PI4PC does so for `context`, `prior_art_specification` and
 * `options` in parquet. The official samples in the mirror keep them as objects. Decoding first lets
 * one prompt builder and one gold reader serve every copy.
 */
const ENCODED_FIELDS = ['context', 'options', 'prior_art_specification', 'prior_art_specifications', 'answer', 'gold_answers'] as const;

export function decodeRecord(row: Row): Row {
  const record: Row = { ...row };
  for (const field of ENCODED_FIELDS) {
    const value = record[field];
    if (typeof value !== 'string' || !/^\s*[{[]/.test(value)) continue;
    try {
      record[field] = JSON.parse(value) as unknown;
    } catch {
      // Not JSON after all: left as text, and the gold reader says what is wrong.
    }
  }
  return record;
}

export interface Gold {
  reference: JsonValue;
  target: string;
}

const LETTERS = /^[A-H]$/;
const CODES = ['ALLOW', '102', '103'];

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** PAR4PC: the letters an examiner cited, as {"answer": [letters]}; null without a letter A-H. */
export function par4pcGold(record: Row): Gold | null {
  const letters = list(record['gold_answers'])
    .map((letter) => String(letter).trim().toUpperCase())
    .filter((letter) => LETTERS.test(letter));
  return letters.length === 0 ? null : { reference: letters, target: JSON.stringify({ answer: letters }) };
}

/** PI4PC: the paragraph relied on, as {"answer": <number>}; null without a numeric paragraph id. */
export function pi4pcGold(record: Row): Gold | null {
  const ids = list(record['gold_answers'])
    .map(Number)
    .filter((id) => Number.isFinite(id));
  return ids.length === 0 ? null : { reference: ids, target: JSON.stringify({ answer: ids[0] }) };
}

/** NOC4PC: the examiner's decision, as {"code": ...}; `answer` is {reason, code} or the bare code. */
export function noc4pcGold(record: Row): Gold | null {
  const answer = record['answer'];
  const raw = answer !== null && typeof answer === 'object' ? (answer as Row)['code'] : answer;
  const code = String(raw ?? '')
    .trim()
    .toUpperCase();
  return CODES.includes(code) ? { reference: code, target: JSON.stringify({ code }) } : null;
}
