import { FtdojoError } from '../../core/index.js';

export interface CorruptDataDetails {
  /** The file as the user knows it (an absolute path). */
  file: string;
  /** 1-based line, when the fault has one. */
  line?: number | undefined;
  /** 1-based column (or field, for CSV), when known. */
  column?: number | undefined;
  /** What is wrong, in a few words. */
  reason: string;
  cause?: unknown;
}

/**
 * The one shape of "this data file is malformed": where, why, and how to fix it. A corrupt file
 * is nearly always a truncated download or a hand-edited mirror, so the fix is to fetch it again.
 */
export function corruptDataError(details: CorruptDataDetails): FtdojoError {
  const where = [details.file];
  if (details.line !== undefined) where.push(`line ${details.line}`);
  if (details.column !== undefined) where.push(`column ${details.column}`);
  return new FtdojoError('CORRUPT_DATA', `${where.join(':')}: ${details.reason}`, {
    hint:
      'the file is damaged or not what the catalogue expects: re-pull it (`ftdojo data pull <id>`, which re-checks checksums), ' +
      'or check the mirror against its MANIFEST.tsv if FTDOJO_DATA_MIRROR is set',
    fault: 'environment',
    cause: details.cause,
  });
}

/** 1-based line and column of a 0-based character offset in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < end; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Where JSON.parse failed. V8 names the offset ("at position 15"); for a truncated document it
 * names nothing, and the fault is at the end of the text.
 */
export function jsonErrorLocation(text: string, error: unknown): { line: number; column: number } {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  const offset = match?.[1] !== undefined ? Number(match[1]) : text.length;
  return lineColumnAt(text, offset);
}

export function describeJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 appends the position, which we report as line and column instead.
  return `invalid JSON (${message.replace(/\s*(in JSON )?at position \d+.*$/, '').trim()})`;
}
