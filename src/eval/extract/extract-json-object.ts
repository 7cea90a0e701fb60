import type { JsonValue } from '../../core/index.js';

export type JsonObject = { [key: string]: JsonValue };

export type JsonObjectExtraction = { ok: true; object: JsonObject } | { ok: false; reason: string };
export type JsonFieldExtraction = { ok: true; value: JsonValue; object: JsonObject } | { ok: false; reason: string };

/**
 * The last JSON object in a model output, tolerating prose and ```json fences around it.
 *
 * Conservative on purpose: the object must be strict JSON (double quotes, no trailing commas,
 * no comments). Repairing Python-style dicts would let a model that ignores the required format
 * score anyway, and the agent should see that failure in its feedback. The reason says what
 * was wrong so the feedback can name it.
 */
export function extractJsonObject(text: string): JsonObjectExtraction {
  const scan = scanJsonObjects(text);
  const last = scan.objects.at(-1);
  if (last !== undefined) return { ok: true, object: last };
  return { ok: false, reason: scan.failure };
}

/**
 * One field of the JSON object in a model output. The lookup is exact (no case folding, no
 * near-miss keys): `{"ans": "A"}` is a format error for field "answer", never a silent match.
 * When several objects appear, the last one holding the field wins, so a trailing object such
 * as `{"confidence": 0.9}` does not hide the answer given just before it.
 */
export function extractJsonField(text: string, field: string): JsonFieldExtraction {
  const scan = scanJsonObjects(text);
  for (let index = scan.objects.length - 1; index >= 0; index -= 1) {
    const object = scan.objects[index]!;
    if (Object.hasOwn(object, field)) return { ok: true, value: object[field]!, object };
  }
  const last = scan.objects.at(-1);
  if (last === undefined) return { ok: false, reason: scan.failure };
  const keys = Object.keys(last);
  const found = keys.length === 0 ? 'it is empty' : `its fields: ${keys.map((key) => JSON.stringify(key)).join(', ')}`;
  return { ok: false, reason: `the JSON object has no field ${JSON.stringify(field)} (${found})` };
}

interface Scan {
  /** Parseable top-level objects, in order of appearance. */
  objects: JsonObject[];
  /** Why nothing was found, when `objects` is empty. */
  failure: string;
}

function scanJsonObjects(text: string): Scan {
  const scan: Scan = { objects: [], failure: 'no JSON object found' };
  let sawUnclosed = false;
  let lastParseError: string | undefined;
  let sawSingleQuotes = false;

  const visit = (from: number, to: number): void => {
    for (let start = text.indexOf('{', from); start >= 0 && start < to; start = text.indexOf('{', start + 1)) {
      const end = matchingBrace(text, start, to);
      if (end < 0) {
        sawUnclosed = true;
        continue;
      }
      const candidate = text.slice(start, end + 1);
      const parsed = parseObject(candidate);
      if (parsed.ok) {
        scan.objects.push(parsed.object);
      } else {
        lastParseError = parsed.reason;
        if (/'[^']*'\s*:/.test(candidate)) sawSingleQuotes = true;
        // An invalid outer span may still hold a valid object, e.g. `{reasoning..., {"answer": "A"}}`.
        visit(start + 1, end);
      }
      start = end;
    }
  };
  visit(0, text.length);

  if (sawSingleQuotes) scan.failure = 'found an object with single-quoted keys or strings; JSON needs double quotes';
  else if (lastParseError !== undefined) scan.failure = `found {...} but it is not valid JSON (${lastParseError})`;
  else if (sawUnclosed) scan.failure = 'a JSON object is opened but never closed (was the output cut off?)';
  return scan;
}

/** Index of the brace closing the one at `open`, skipping braces inside JSON strings; -1 if none. */
function matchingBrace(text: string, open: number, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let index = open; index < limit; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
    } else if (character === '{') {
      depth += 1;
    } else if (character === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function parseObject(candidate: string): JsonObjectExtraction {
  let value: unknown;
  try {
    value = JSON.parse(candidate);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not an object' };
  return { ok: true, object: value as JsonObject };
}
