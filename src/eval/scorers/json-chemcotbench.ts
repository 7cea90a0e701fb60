import { isPythonDict, pythonJsonLoads, type PythonJson } from './json-python-loads.js';

/**
 * How ChemCoTBench's own evaluation reads a model's JSON answer (IDEA-XL/ChemCoTBench at
 * ac04f91, baseline_and_eval/: eval/eval_molund.py, eval_moledit.py and eval_molopt.py define
 * `tranform_str_to_json`, and the *_eval_demo.ipynb notebooks, which the README names as the
 * evaluation, build their lists with it). Reproduced for the `official` scoring mode, quirks
 * included: the output must be nothing but JSON once a `</think>` block and a ```json fence are
 * cut away, so prose before the object makes the item unreadable.
 */

/** `tranform_str_to_json(str_input)`: the parsed value, or null where the function returns None. */
export function chemcotbenchJson(output: string): { value: PythonJson } | null {
  let text = output;
  if (text.includes('</think>\n\n')) text = text.split('</think>\n\n').at(-1)!;
  if (text.includes('```json\n')) text = text.split('```json\n')[1]!.replaceAll('\n```', '');
  // The source also does .replace('\"', '"'), which in Python replaces a quote by itself.
  const unescaped = text.replaceAll('\n    ', '').replaceAll('\n', '');
  const reading = pythonJsonLoads(unescaped);
  return reading.ok ? { value: reading.value } : null;
}

/**
 * What a ChemCoTBench notebook does with one output when it reads `field` from it:
 * - `dropped`: left out of the lists it scores (not JSON, JSON null, no such field, or the
 *   molecule-understanding notebook's empty-string check), so it counts neither right nor wrong;
 * - `crash`: the notebook raises and scores nothing (JSON that is an array, a string or a number
 *   has no `.keys()`); `official` mode leaves such an item out too, and says so;
 * - `value`: the field's value, which the notebook scores.
 */
export type ChemcotbenchReading = { kind: 'value'; value: PythonJson } | { kind: 'dropped'; reason: string } | { kind: 'crash'; reason: string };

export interface ChemcotbenchReadOptions {
  /** molund_eval_demo.ipynb also drops a field equal to "" (the editing and optimisation notebooks do not). */
  dropEmptyString?: boolean;
  /** molopt_eval_demo.ipynb treats a JSON string as unreadable (`type(pred_json) is str`) rather than crashing on it. */
  stringIsUnreadable?: boolean;
  /** molopt_eval_demo.ipynb appends nothing for a missing field and then fails its own length assertion. */
  missingFieldCrashes?: boolean;
}

export function readChemcotbenchField(output: string, field: string, options: ChemcotbenchReadOptions = {}): ChemcotbenchReading {
  const parsed = chemcotbenchJson(output);
  if (parsed === null) return { kind: 'dropped', reason: 'not JSON once </think> and a ```json fence are cut away' };
  const value = parsed.value;
  if (value === null) return { kind: 'dropped', reason: 'the JSON is null' };
  if (typeof value === 'string' && options.stringIsUnreadable) return { kind: 'dropped', reason: 'the JSON is a string' };
  if (!isPythonDict(value)) return { kind: 'crash', reason: `the JSON is ${describe(value)}, which has no .keys(): the official notebook raises` };
  if (!Object.hasOwn(value, field)) {
    return options.missingFieldCrashes
      ? { kind: 'crash', reason: `no ${JSON.stringify(field)} field: the official notebook fails its length assertion` }
      : { kind: 'dropped', reason: `no ${JSON.stringify(field)} field` };
  }
  const answer = value[field]!;
  if (options.dropEmptyString && answer === '') return { kind: 'dropped', reason: `${JSON.stringify(field)} is ""` };
  return { kind: 'value', value: answer };
}

export function describe(value: PythonJson): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * Python's `int(value)` for what JSON can hold: a number is truncated (NaN and the infinities
 * raise), a bool is 0 or 1, a string must be an integer literal (surrounding whitespace, a sign
 * and digit-separating underscores allowed); anything else raises. Null means it raises.
 */
export function pythonInt(value: PythonJson): number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value !== 'string') return null;
  const text = pythonStrip(value);
  if (!/^[+-]?[0-9]+(?:_[0-9]+)*$/.test(text)) return null;
  return Number(text.replaceAll('_', ''));
}

/** Whether Python's `float(text)` accepts a string (decimal or exponent form, nan, inf, infinity). */
export function pythonFloatAccepts(value: string): boolean {
  const text = pythonStrip(value);
  const digits = '[0-9]+(?:_[0-9]+)*';
  const decimal = new RegExp(`^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`);
  return decimal.test(text) || /^[+-]?(?:nan|inf|infinity)$/i.test(text);
}

/** str.strip() with no argument: Python's whitespace (ASCII and Unicode separators). */
export function pythonStrip(text: string): string {
  return text.replace(PYTHON_SPACE, '');
}

const SPACE = '[\\t-\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PYTHON_SPACE = new RegExp(`^${SPACE}+|${SPACE}+$`, 'g');
