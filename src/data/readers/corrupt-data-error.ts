import { FtdojoError } from '../../core/index.js';
import { locateJsonError } from './locate-json-error.js';

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
 * Where and why JSON.parse failed, as line, column and a short reason. The scanner finds the
 * place even when V8's message gives no position; V8's own message is the fallback.
 */
export function describeJsonFailure(text: string, error: unknown): { line: number; column: number; reason: string } {
  const fault = locateJsonError(text);
  if (fault !== null) return { ...lineColumnAt(text, fault.offset), reason: `invalid JSON: ${fault.reason}` };
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  return { ...lineColumnAt(text, position === undefined ? text.length : Number(position)), reason: `invalid JSON: ${message.split('\n')[0]}` };
}
