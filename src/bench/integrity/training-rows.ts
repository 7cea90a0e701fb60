import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { KeyedItem } from '../../data/index.js';

/** One experiment's (or an outside adapter's) training rows, as handed to LLaMA-Factory; null rows: not there or not readable. */
export interface TrainingData {
  /** What trained on them: an experiment id, or "the outside adapter". */
  source: string;
  rows: readonly unknown[] | null;
  /** Why there are no rows. */
  problem?: string;
  /** The rows of what is scored: their absence is flagged, not just noted. */
  required: boolean;
}

/**
 * Reads training-row files, once per distinct content: experiments that trained on the same rows
 * share one array, so the overlap rule (which remembers arrays) compares them once.
 */
export function createTrainingRowsReader(): (source: string, path: string, required: boolean) => Promise<TrainingData> {
  const byContent = new Map<string, readonly unknown[]>();
  return async (source, path, required) => {
    if (!existsSync(path)) return { source, rows: null, problem: `no training rows at ${path}`, required };
    try {
      const text = await readFile(path, 'utf8');
      const digest = createHash('sha256').update(text).digest('hex');
      const known = byContent.get(digest);
      if (known) return { source, rows: known, required };
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) return { source, rows: null, problem: `${path} is not a JSON list of rows`, required };
      byContent.set(digest, parsed);
      return { source, rows: parsed, required };
    } catch (error) {
      return { source, rows: null, problem: `${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`, required };
    }
  };
}

const PROMPT_FIELDS = ['instruction', 'input', 'prompt', 'question', 'query'];
const USER_ROLES = new Set(['user', 'human']);

function stringsIn(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, into);
  return into;
}

/** The text of a chat turn when it is the user's (OpenAI `role`/`content` or ShareGPT `from`/`value`); null otherwise. */
function userTurnText(turn: unknown): string | null {
  if (!turn || typeof turn !== 'object') return null;
  const { role, from, content, value } = turn as Record<string, unknown>;
  return USER_ROLES.has(String(role ?? from)) ? stringsIn(content ?? value, []).join('\n') : null;
}

/** The user's side of a row: alpaca's instruction and input (keyed as the data tier keys them), or the user turns of a chat row. */
function promptOf(row: unknown): string {
  if (typeof row === 'string') return row;
  if (!row || typeof row !== 'object') return '';
  const record = row as Record<string, unknown>;
  const fields = PROMPT_FIELDS.map((field) => record[field]).filter((value): value is string => typeof value === 'string' && value !== '');
  if (fields.length) return fields.join('\n');
  const turns = [record.messages, record.conversations].find(Array.isArray) ?? [];
  return turns.flatMap((turn) => userTurnText(turn) ?? []).join('\n');
}

/**
 * The keys the leakage check compares held-out items with, two per row under the row's index: its
 * prompt (an exact or normalised copy of a held-out question) and all of its text (a held-out
 * question pasted anywhere in it, the answer included).
 */
export function trainingRowKeys(rows: readonly unknown[]): KeyedItem[] {
  return rows.flatMap((row, index) => {
    const prompt = promptOf(row);
    const all = stringsIn(row, []).join('\n');
    const keys = all === prompt ? [prompt] : [prompt, all];
    return keys.filter((key) => key.trim() !== '').map((key) => ({ id: String(index), key }));
  });
}
