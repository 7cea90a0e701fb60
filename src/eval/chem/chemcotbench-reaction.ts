import { isPythonDict, pythonJsonLoads, type PythonJson } from '../scorers/json-python-loads.js';
import { pythonStrip } from '../scorers/json-chemcotbench.js';
import type { RDKit } from './load-chemistry.js';
import { countTanimoto, morganCounts } from './morgan-count.js';
import { parsePythonSmiles, pythonCanonicalSmiles } from './python-smiles.js';

/**
 * ChemCoTBench's reaction evaluation for the `official` mode (IDEA-XL/ChemCoTBench at ac04f91,
 * baseline_and_eval/rxn_eval_demo.ipynb and evaluator.py's MoleculeSMILESEvaluator), one item at
 * a time. The notebook reads the answer of its own reference model between answer tags; for a
 * JSON answer its reader is `parse_raw_response` (the by-product cell), reproduced here. Each
 * side is canonicalised without stereo (`MolToSmiles(mol, isomericSmiles=False)`, None when
 * unreadable or empty), and the similarities are computed on molecules read back from those
 * canonical strings: RDKit-fingerprint, MACCS and count-based Morgan (radius 2) Tanimoto, and
 * exact match by standard InChI.
 */
export interface ReactionEvaluation {
  /** 1 when the prediction canonicalised (the "validity" the notebook multiplies FTS by), else 0. */
  validity: number;
  rdk: number;
  maccs: number;
  morgan: number;
  exact: number;
}

export type ReactionEvaluationResult = { ok: true; evaluation: ReactionEvaluation; canonical: string | null } | { ok: false; crash: string };

export function evaluateReactionItem(rdkit: RDKit, prediction: string, gold: string): ReactionEvaluationResult {
  const predicted = convertToCanonicalSmiles(rdkit, prediction);
  const reference = convertToCanonicalSmiles(rdkit, gold);
  if (predicted === null || reference === null) return { ok: true, canonical: predicted, evaluation: { validity: 0, rdk: 0, maccs: 0, morgan: 0, exact: 0 } };
  const left = parsePythonSmiles(rdkit, predicted);
  const right = parsePythonSmiles(rdkit, reference);
  try {
    // The similarity functions get MolFromSmiles(canonical); None there raises in the official code.
    if (left === null || right === null) return { ok: false, crash: 'a canonical SMILES does not read back' };
    const evaluation = {
      validity: 1,
      rdk: bitTanimoto(bytes(left.get_rdkit_fp_as_uint8array()), bytes(right.get_rdkit_fp_as_uint8array())),
      maccs: bitTanimoto(bytes(left.get_maccs_fp_as_uint8array()), bytes(right.get_maccs_fp_as_uint8array())),
      morgan: countTanimoto(morganCounts(rdkit, left), morganCounts(rdkit, right)),
      exact: left.get_inchi() === right.get_inchi() ? 1 : 0,
    };
    return { ok: true, canonical: predicted, evaluation };
  } finally {
    left?.delete();
    right?.delete();
  }
}

/** MoleculeSMILESEvaluator.convert_to_canonical_smiles: None for "" and for unreadable SMILES. */
export function convertToCanonicalSmiles(rdkit: RDKit, smiles: string): string | null {
  if (smiles === '') return null;
  return pythonCanonicalSmiles(rdkit, smiles);
}

/**
 * RDKit's TanimotoSimilarity of two bit vectors of one length: shared bits over bits in either,
 * and 1 when neither has a bit set (two empty MACCS keys are identical).
 */
export function bitTanimoto(left: Uint8Array, right: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let index = 0; index < left.length; index += 1) {
    both += popcount(left[index]! & right[index]!);
    either += popcount(left[index]! | right[index]!);
  }
  return either === 0 ? 1 : both / either;
}

function bytes(value: unknown): Uint8Array {
  return Uint8Array.from(value as ArrayLike<number>);
}

function popcount(byte: number): number {
  let count = 0;
  for (let value = byte; value !== 0; value &= value - 1) count += 1;
  return count;
}

/**
 * `parse_raw_response(raw_response, field)` from rxn_eval_demo.ipynb: the field of a JSON object
 * in a ``` fence if it has a truthy value (a list joined with ", "), else the first
 * `"field": "..."`, `"field": '...'` or `"field": bare` in the text; "" when none matches.
 */
export function parseRawResponse(raw: string, field: string): string {
  const fenced = /```(?:json)?\s*(\{.*?\})\s*```/is.exec(raw);
  if (fenced) {
    const reading = pythonJsonLoads(pythonStrip(fenced[1]!));
    if (reading.ok && isPythonDict(reading.value)) {
      const value = reading.value[field];
      if (value !== undefined && pythonTruthy(value)) return Array.isArray(value) ? value.map(pythonStr).join(', ') : pythonStr(value);
    }
  }
  const escaped = field.replace(/[.*+?^${}()|[\]\\\-/ #&~]/g, '\\$&');
  const quoted = new RegExp(`"${escaped}":\\s*"((?:\\\\"|[^"])*)"`).exec(raw);
  if (quoted) {
    const decoded = pythonJsonLoads(`"${quoted[1]!}"`);
    return decoded.ok && typeof decoded.value === 'string' ? decoded.value : quoted[1]!.replaceAll('\\"', '"');
  }
  const single = new RegExp(`"${escaped}":\\s*'((?:\\\\'|[^'])*)'`).exec(raw);
  if (single) return single[1]!.replaceAll("\\'", "'");
  const bare = new RegExp(`"${escaped}":\\s*([^,\\s}]+)`).exec(raw);
  if (bare) return pythonStrip(bare[1]!);
  return '';
}

function pythonTruthy(value: PythonJson): boolean {
  if (value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/**
 * Python's str() of a JSON value, as far as it matters here: strings are themselves; anything
 * else (a number, True, a list or dict repr) is never valid SMILES, and these forms keep it so.
 */
function pythonStr(value: PythonJson): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pythonFloatRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`)
    .join(', ')}}`;
}

function pythonRepr(value: PythonJson): string {
  return typeof value === 'string' ? `'${value}'` : pythonStr(value);
}

function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}
