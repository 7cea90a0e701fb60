import { open } from 'node:fs/promises';
import type { LossPoint } from './training-outcome.js';

/** One line of LLaMA-Factory's `<output_dir>/trainer_log.jsonl` (callbacks.py, LogCallback.on_log). */
export interface TrainerLogEntry {
  current_steps: number;
  total_steps: number;
  loss?: number;
  lr?: number;
  epoch?: number;
  percentage?: number;
  /** "H:MM:SS" since training (not the process) began. */
  elapsed_time?: string;
  remaining_time?: string;
  /** Present with include_num_input_tokens_seen. */
  total_tokens?: number;
  throughput?: number;
}

/** "1 day, 2:03:04" or "0:00:28" (Python's str(timedelta)) in seconds; undefined when unreadable. */
export function parseDuration(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const match = /^(?:(\d+) days?, )?(\d+):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1] ?? 0) * 86_400 + Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]);
}

/** Python's json writes NaN and Infinity bare; a diverged run's loss must survive parsing. */
const NON_FINITE = /(:\s*)(-?Infinity|NaN)(\s*[,}])/g;
const NON_FINITE_VALUES: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

function parseEntry(line: string): TrainerLogEntry | undefined {
  try {
    const quoted = line.replace(NON_FINITE, (_, before: string, word: string, after: string) => `${before}"__ftdojo_${word}__"${after}`);
    const value = JSON.parse(quoted, (_key, raw: unknown) =>
      typeof raw === 'string' && raw.startsWith('__ftdojo_') ? NON_FINITE_VALUES[raw.slice(9, -2)] : raw,
    ) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const entry = value as Partial<TrainerLogEntry>;
    return typeof entry.current_steps === 'number' && typeof entry.total_steps === 'number' ? (entry as TrainerLogEntry) : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a whole trainer_log.jsonl text; a torn last line (no newline yet) is skipped. */
export function parseTrainerLog(text: string): TrainerLogEntry[] {
  const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((line) => line.trim())
    .map(parseEntry)
    .filter((entry): entry is TrainerLogEntry => entry !== undefined);
}

/**
 * The logged losses in step order (the final summary line has none and is left out). NaN and
 * infinite losses are kept: they are how a diverged run shows itself.
 */
export function lossCurveOf(entries: readonly TrainerLogEntry[]): LossPoint[] {
  return entries
    .filter((entry) => typeof entry.loss === 'number')
    .map((entry) => ({ step: entry.current_steps, loss: entry.loss!, lr: entry.lr, epoch: entry.epoch }));
}

/** Where a trainer is, from its log so far: the last step, the last logged loss, its ETA; null before the first line. */
export function lastTrainerProgress(text: string): { step: number; totalSteps: number; loss: number | null; remainingSeconds: number | null } | null {
  const entries = parseTrainerLog(text);
  const last = entries.at(-1);
  if (!last) return null;
  const loss = entries.findLast((entry) => typeof entry.loss === 'number')?.loss ?? null;
  return { step: last.current_steps, totalSteps: last.total_steps, loss, remainingSeconds: parseDuration(last.remaining_time) ?? null };
}

export interface TrainerLogTail {
  /** Entries completed since the last call. The file may not exist yet (nothing is returned then). */
  read(): Promise<TrainerLogEntry[]>;
  /** Every entry read so far. */
  entries(): TrainerLogEntry[];
}

/**
 * Follows trainer_log.jsonl while the trainer appends to it. LLaMA-Factory writes lines from a
 * background thread, so a read can end mid-line: the partial line is kept until its newline comes.
 */
export function tailTrainerLog(path: string): TrainerLogTail {
  let offset = 0;
  let pending = '';
  const all: TrainerLogEntry[] = [];
  return {
    async read() {
      let handle;
      try {
        handle = await open(path, 'r');
      } catch {
        return [];
      }
      try {
        const { size } = await handle.stat();
        if (size < offset) {
          // Truncated or replaced (a new run in the same folder): start over.
          offset = 0;
          pending = '';
        }
        if (size === offset) return [];
        const buffer = Buffer.alloc(size - offset);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        offset += bytesRead;
        pending += buffer.subarray(0, bytesRead).toString('utf8');
        const cut = pending.lastIndexOf('\n');
        if (cut < 0) return [];
        const fresh = parseTrainerLog(pending.slice(0, cut + 1));
        pending = pending.slice(cut + 1);
        all.push(...fresh);
        return fresh;
      } finally {
        await handle.close();
      }
    },
    entries: () => [...all],
  };
}
