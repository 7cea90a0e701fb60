import type { Row } from '../../data/index.js';
import { extractJsonObject } from '../../eval/index.js';
import { jsonOutputInstruction } from './chemcot-prompts.js';

/**
 * Reading a ChemCoTDataset row (OpenMol/ChemCoTDataset, chemcotbench-cot/<family>/<subtask>.json).
 * Its layout, as the files have it: `meta` is a JSON string (an object in some copies);
 * `struct_cot` is the structured reasoning as JSON text, sometimes encoded twice and sometimes
 * wrapped in a ```json fence, ending in the answer under the key the question asked for
 * ("output", "Final Target Molecule", "Output Scaffold", "count", "Major Product"...); rxn/rcr
 * calls its reasoning `cot_result` and keeps its gold answer in a top-level `gt`. Fields are
 * missing or null in some rows.
 */
export type ChemcotAnswerKind = 'smiles' | 'integer' | 'yes-no';

/** Keys a structured answer sits under, in the order they are tried when a file names none. */
export const CHEMCOT_ANSWER_KEYS = [
  'output',
  'Final Target Molecule',
  'Final_Target_Molecule',
  'Output Scaffold',
  'count',
  'Major Product',
  'By Product',
  'Byproduct(s)',
  'answer',
  'Answer',
] as const;

const FENCE = /^```(?:json)?\s*([\s\S]*?)\s*```$/;

/** JSON text decoded as far as it goes (a string holding JSON holding a fenced JSON object...). */
export function decodeJsonText(value: unknown, depth = 3): unknown {
  if (typeof value !== 'string' || depth === 0) return value;
  const trimmed = value.trim();
  const unfenced = FENCE.exec(trimmed)?.[1] ?? trimmed;
  if (!/^[{["]/.test(unfenced)) return unfenced === trimmed ? value : unfenced;
  try {
    return decodeJsonText(JSON.parse(unfenced) as unknown, depth - 1);
  } catch {
    return unfenced === trimmed ? value : unfenced;
  }
}

function asObject(value: unknown): Row | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : null;
}

/** The row's `meta` as an object (it is stored as JSON text); empty when absent or unreadable. */
export function chemcotMeta(row: Row): Row {
  return asObject(decodeJsonText(row['meta'])) ?? {};
}

/** The structured reasoning (struct_cot, or cot_result for rxn/rcr): its text, and its object when it is JSON. */
export function chemcotReasoning(row: Row): { text: string | null; object: Row | null } {
  const raw = row['struct_cot'] ?? row['cot_result'];
  if (raw === null || raw === undefined || raw === '') return { text: null, object: null };
  const decoded = decodeJsonText(raw);
  const object = asObject(decoded);
  if (object !== null) return { text: JSON.stringify(object, null, 2), object };
  const text = typeof decoded === 'string' ? decoded : JSON.stringify(decoded);
  // Prose reasoning that ends in a JSON answer: the last object holds it.
  const trailing = extractJsonObject(text);
  return { text, object: trailing.ok ? trailing.object : null };
}

function pick(value: unknown, keys: readonly string[]): unknown {
  const decoded = decodeJsonText(value);
  const object = asObject(decoded);
  if (object !== null) {
    const key = keys.find((candidate) => object[candidate] !== undefined && object[candidate] !== null && object[candidate] !== '');
    return key === undefined ? undefined : pick(object[key], keys);
  }
  if (Array.isArray(decoded)) return decoded.every((item) => typeof item === 'string') ? decoded.join('.') : undefined;
  return decoded;
}

/**
 * The row's possible answers, most authoritative first: the gold answer (top-level `gt` of rxn/rcr,
 * then meta.gt and meta.reference), then the answer its reasoning ends with. Values are unwrapped
 * from the JSON objects they sometimes sit in ('{"Major Product": "..."}').
 */
export function chemcotAnswerCandidates(row: Row, keys: readonly string[] = CHEMCOT_ANSWER_KEYS): unknown[] {
  const meta = chemcotMeta(row);
  const reasoning = chemcotReasoning(row).object;
  return [row['gt'], meta['gt'], meta['reference'], reasoning === null ? undefined : pick(reasoning, keys)]
    .map((value) => pick(value, keys))
    .filter((value) => value !== undefined && value !== null && value !== '');
}

/** An answer in the task's format, or null when the value is not one of that kind. */
export function normalizeChemcotAnswer(value: unknown, kind: ChemcotAnswerKind): string | number | null {
  if (kind === 'integer') {
    const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    return Number.isInteger(number) && number >= 0 ? number : null;
  }
  if (kind === 'yes-no') {
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    const word = typeof value === 'string' ? value.trim().replace(/[.!]$/, '').toLowerCase() : '';
    return word === 'yes' || word === 'true' ? 'Yes' : word === 'no' || word === 'false' ? 'No' : null;
  }
  const smiles = typeof value === 'string' ? value.trim() : '';
  return smiles !== '' && !/\s/.test(smiles) ? smiles : null;
}

/**
 * The first candidate answer that is of the task's kind (and, for SMILES, that `validSmiles`
 * accepts), or null: such a row has no training target in the task's format.
 */
export function chemcotAnswer(
  row: Row,
  kind: ChemcotAnswerKind,
  options: { keys?: readonly string[]; validSmiles?: (smiles: string) => boolean } = {},
): string | number | null {
  for (const candidate of chemcotAnswerCandidates(row, options.keys)) {
    const answer = normalizeChemcotAnswer(candidate, kind);
    if (answer === null) continue;
    if (kind === 'smiles' && options.validSmiles && !options.validSmiles(String(answer))) continue;
    return answer;
  }
  return null;
}

/** The answer-format block a ChemCoT question ends with ("Your response must be ... { ... }"). */
const FORMAT_BLOCK = /(?:Your response must be|Your answer must be|The answer should be|Answer:)[^{]*\{[^{}]*\}/s;

/**
 * The row's question with its own answer format replaced by the task's ({"output": ...}), so a
 * prompt and its target agree; questions without a recognisable format block get the task's appended.
 */
export function chemcotPoolPrompt(query: string, output: string): string {
  const instruction = jsonOutputInstruction(output);
  if (FORMAT_BLOCK.test(query)) return query.replace(FORMAT_BLOCK, instruction);
  return `${query.trimEnd()}\n${instruction}`;
}
