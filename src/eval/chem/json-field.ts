import type { JsonValue } from '../../core/index.js';

// Private stand-in for the general extractor in src/eval/extract, which had no index.ts when
// this folder was written. Same contract, so switching to it is a one-line import change.

export type JsonFieldExtraction = { ok: true; value: JsonValue } | { ok: false; reason: string };

/**
 * One field of the last JSON object in a model output that holds it, tolerating prose and code
 * fences around the object. The key must match exactly: `{"answer": ...}` is a format error when
 * the task asks for "output".
 */
export function extractJsonField(text: string, field: string): JsonFieldExtraction {
  const objects = jsonObjects(text);
  for (let index = objects.length - 1; index >= 0; index -= 1) {
    const object = objects[index]!;
    if (Object.hasOwn(object, field)) return { ok: true, value: object[field]! };
  }
  const last = objects.at(-1);
  if (last === undefined) return { ok: false, reason: 'no JSON object found' };
  const keys = Object.keys(last).map((key) => JSON.stringify(key));
  return { ok: false, reason: `the JSON object has no field ${JSON.stringify(field)} (its fields: ${keys.join(', ') || 'none'})` };
}

type JsonObject = { [key: string]: JsonValue };

/** Parseable top-level JSON objects in order of appearance; an unparseable span is searched inside. */
function jsonObjects(text: string, from = 0, to = text.length): JsonObject[] {
  const found: JsonObject[] = [];
  for (let start = text.indexOf('{', from); start >= 0 && start < to; start = text.indexOf('{', start + 1)) {
    const end = closingBrace(text, start, to);
    if (end < 0) continue;
    const object = parseObject(text.slice(start, end + 1));
    if (object === null) {
      found.push(...jsonObjects(text, start + 1, end));
    } else {
      found.push(object);
    }
    start = end;
  }
  return found;
}

function closingBrace(text: string, open: number, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let index = open; index < limit; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '{') depth += 1;
    else if (character === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function parseObject(candidate: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(candidate);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : null;
  } catch {
    return null;
  }
}
