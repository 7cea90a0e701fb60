import { extractJsonField } from '../extract/index.js';

export type SmilesAnswer = { ok: true; smiles: string } | { ok: false; reason: string };

/**
 * The SMILES a model answered, read from the named field of a JSON object in its output
 * (`{"output": "CCO"}` by default), with prose, code fences and `<think>` blocks tolerated around
 * it. A missing object or a wrong field name is a format failure; whether the string is valid
 * SMILES is the scorer's question, not this one's.
 *
 * A list of strings is accepted and joined with '.', since a reactant set is naturally written
 * as a list (ChemCoTBench's own parser accepts lists for the same reason).
 */
export function extractSmilesAnswer(output: string, field = 'output'): SmilesAnswer {
  if (output.trim() === '') return { ok: false, reason: 'empty output' };
  let read = extractJsonField(output, field);
  if (!read.ok) {
    // SMILES write stereo bonds with '\', which models often leave unescaped inside JSON strings
    // ("C/C=C\C"). Strict JSON rejects that, yet the answer is unambiguous, so escape stray
    // backslashes and read again rather than fail a correct molecule on a JSON technicality.
    const repaired = escapeStrayBackslashes(output);
    if (repaired !== output) {
      const second = extractJsonField(repaired, field);
      if (second.ok) read = second;
    }
  }
  if (!read.ok) return { ok: false, reason: read.reason };
  const value = read.value;
  if (typeof value === 'string') return { ok: true, smiles: value.trim() };
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) {
    return { ok: true, smiles: value.map((item) => item.trim()).join('.') };
  }
  return { ok: false, reason: `field ${JSON.stringify(field)} holds ${describe(value)}, not a SMILES string` };
}

/** Doubles each backslash that does not start a valid JSON escape; valid escapes are kept whole. */
export function escapeStrayBackslashes(text: string): string {
  return text.replace(/\\([\s\S]?)/g, (whole, next: string) => (next !== '' && '"\\/bfnrtu'.includes(next) ? whole : `\\\\${next}`));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list that is not all strings';
  return `a ${typeof value}`;
}
