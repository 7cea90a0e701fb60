export interface ExtractedJson {
  /** Every JSON value found, most likely first; empty when there is none. */
  values: unknown[];
  /** Why the likeliest piece of JSON did not parse, when nothing did (for the repair prompt). */
  error: string | null;
}

const THINKING = /<think>[\s\S]*?<\/think>/gi;
const FENCE = /```[\w-]*[^\S\r\n]*\r?\n?([\s\S]*?)```/g;

/**
 * The JSON in a model's reply, however it was wrapped: the whole reply, else fenced blocks
 * (```json ... ```), else balanced {...} or [...] spans in the prose around them. Reasoning models'
 * <think> blocks are dropped first, since their drafts often hold JSON that is not the answer.
 */
export function extractJson(reply: string): ExtractedJson {
  const text = reply.replace(THINKING, '').trim();
  const whole = tryParse(text);
  if (whole.ok) return { values: [whole.value], error: null };
  const values: unknown[] = [];
  // Each piece of text is parsed once: a fenced block is met again by the bracket scan.
  const seen = new Map<string, boolean>();
  let firstError: string | null = null;
  const consider = (candidate: string): boolean => {
    const trimmed = candidate.trim();
    if (trimmed === '') return false;
    const known = seen.get(trimmed);
    if (known !== undefined) return known;
    const parsed = tryParse(trimmed);
    if (parsed.ok) values.push(parsed.value);
    else firstError ??= parsed.error;
    seen.set(trimmed, parsed.ok);
    return parsed.ok;
  };
  for (const match of text.matchAll(FENCE)) consider(match[1] ?? '');
  for (let start = firstOpening(text, 0); start !== -1;) {
    const end = matchingClose(text, start);
    if (end !== -1 && consider(text.slice(start, end + 1))) {
      start = firstOpening(text, end + 1);
    } else {
      start = firstOpening(text, start + 1);
    }
  }
  if (values.length === 0 && firstError === null && /[{[]/.test(text)) firstError = whole.error;
  return { values, error: values.length > 0 ? null : firstError };
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function firstOpening(text: string, from: number): number {
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (char === '{' || char === '[') return index;
  }
  return -1;
}

/** The index of the bracket that closes the one at `start`, skipping strings; -1 when unbalanced. */
function matchingClose(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') stack.push('}');
    else if (char === '[') stack.push(']');
    else if (char === '}' || char === ']') {
      if (stack.pop() !== char) return -1;
      if (stack.length === 0) return index;
    }
  }
  return -1;
}
