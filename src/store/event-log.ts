import { closeSync, constants, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FtdojoError, isFtdojoError, parseRunEvent, RUN_EVENT_LADDER, RunEventSchema, type RunEvent, type RunEventDraft } from '../core/index.js';
import { acquireWriterLock, type WriterLock } from './writer-lock.js';

/**
 * One append-only JSONL file per run, the run's record. An append writes one whole line with one
 * write and fsyncs it before returning, so a crash or `kill -9` loses at most the line being
 * written: a reader drops (and reports) a last line without its newline; anything wrong before
 * it is corruption, reported with the file and line.
 */
export const EVENTS_FILE = 'events.jsonl';

export function eventLogPath(runDir: string): string {
  return join(runDir, EVENTS_FILE);
}

/** The lock file beside a log: held by the process that appends to it. */
export function writerLockPath(logPath: string): string {
  return `${logPath}.lock`;
}

/** A last line a crash left half-written: not part of the record. */
export interface DroppedTail {
  /** Its line number. */
  line: number;
  bytes: number;
  /** Its first characters, for the report. */
  excerpt: string;
}

export interface EventLogContents {
  path: string;
  events: RunEvent[];
  /** Bytes of the complete lines: where the next line goes. */
  bytes: number;
  droppedTail: DroppedTail | null;
}

const NEWLINE = 0x0a;
const RESTORE_HINT = 'the log is the record of the run: restore the file from a backup, or move the run folder aside';

function corrupt(path: string, line: number, problem: string, cause?: unknown): FtdojoError {
  return new FtdojoError('CORRUPT_DATA', `${path}:${line}: ${problem}`, { hint: RESTORE_HINT, fault: 'environment', cause });
}

function parseLine(path: string, text: string, line: number): RunEvent {
  if (text.trim() === '') throw corrupt(path, line, 'empty line');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corrupt(path, line, `not JSON (${(error as Error).message})`, error);
  }
  try {
    return parseRunEvent(json);
  } catch (error) {
    if (!isFtdojoError(error)) throw error;
    const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (typeof version === 'number' && version > RUN_EVENT_LADDER.current) {
      throw new FtdojoError('UNSUPPORTED', `${path}:${line}: ${error.message}`, { hint: error.hint, cause: error });
    }
    throw corrupt(path, line, error.message, error);
  }
}

/**
 * Reads a run's log: every complete line, checked (one run id, `seq` 1, 2, 3, ... without gaps).
 * A last line without its newline is dropped and reported in `droppedTail`.
 */
export function readEventLog(path: string): EventLogContents {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new FtdojoError('MISSING_DATA', `no run log at ${path}`, { hint: 'list the runs with `ftdojo runs`', cause: error });
    throw error;
  }
  const bytes = buffer.lastIndexOf(NEWLINE) + 1;
  const lines =
    bytes === 0
      ? []
      : buffer
          .subarray(0, bytes - 1)
          .toString('utf8')
          .split('\n');
  const events: RunEvent[] = [];
  lines.forEach((text, index) => {
    const line = index + 1;
    const event = parseLine(path, text, line);
    if (event.seq !== line) throw corrupt(path, line, `seq ${event.seq} where ${line} was expected: the log has a gap or a repeat`);
    const runId = events[0]?.runId ?? event.runId;
    if (event.runId !== runId) throw corrupt(path, line, `an event of run "${event.runId}" in the log of run "${runId}"`);
    events.push(event);
  });
  const tail = buffer.subarray(bytes);
  const droppedTail = tail.length === 0 ? null : { line: lines.length + 1, bytes: tail.length, excerpt: tail.subarray(0, 80).toString('utf8') };
  return { path, events, bytes, droppedTail };
}

export interface EventLog {
  readonly path: string;
  readonly runId: string;
  /** Every event in the log: those read when it was opened and those appended since. */
  readonly events: readonly RunEvent[];
  /** Bytes of the complete lines. */
  readonly bytes: number;
  /** The half-written last line a crash left, cut off when the log was opened; null when there was none. */
  readonly recoveredTail: DroppedTail | null;
  /** Writes one event (the next `seq`, the time now) and fsyncs it; returns it as written. */
  append(draft: RunEventDraft): RunEvent;
  /** Closes the file and releases the writer lock. Safe to call twice. */
  close(): void;
}

export interface OpenEventLogOptions {
  runId: string;
  /** Create a new log (refused when one exists); otherwise open an existing one. */
  create?: boolean;
  now?: () => Date;
}

/** Makes a new directory entry (a run folder, a log file) survive a power cut. Best effort. */
export function fsyncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the file's own fsync still holds.
  }
}

function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

/**
 * Opens a run's log for appending, taking its writer lock. An existing log is read and checked
 * first; a half-written last line is cut off so the next line starts clean.
 */
export function openEventLog(path: string, options: OpenEventLogOptions): EventLog {
  const now = options.now ?? (() => new Date());
  const lock: WriterLock = acquireWriterLock(writerLockPath(path), `run ${options.runId}`);
  let fd: number | null = null;
  try {
    const flags = constants.O_WRONLY | constants.O_APPEND | (options.create === true ? constants.O_CREAT | constants.O_EXCL : 0);
    try {
      fd = openSync(path, flags, 0o644);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST')
        throw new FtdojoError('INVALID_INPUT', `run ${options.runId} already has a log at ${path}`, {
          hint: 'open it to append instead of creating it',
          cause: error,
        });
      if (code === 'ENOENT') throw new FtdojoError('MISSING_DATA', `no run log at ${path}`, { hint: 'list the runs with `ftdojo runs`', cause: error });
      throw error;
    }
    if (options.create === true) fsyncDirectory(dirname(path));
    const contents = readEventLog(path);
    const foreign = contents.events[0]?.runId;
    if (foreign !== undefined && foreign !== options.runId) throw corrupt(path, 1, `the log of run "${foreign}", opened as run "${options.runId}"`);
    if (contents.droppedTail !== null) {
      ftruncateSync(fd, contents.bytes);
      fsyncSync(fd);
    }
    return createEventLog(path, options.runId, fd, lock, contents, now);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    lock.release();
    throw error;
  }
}

function createEventLog(path: string, runId: string, fd: number, lock: WriterLock, contents: EventLogContents, now: () => Date): EventLog {
  const events = [...contents.events];
  let bytes = contents.bytes;
  let open = true;
  return {
    path,
    runId,
    events,
    get bytes() {
      return bytes;
    },
    recoveredTail: contents.droppedTail,
    append(draft) {
      if (!open) throw new FtdojoError('INTERNAL', `append to the closed log of run ${runId}`);
      const candidate = { ...draft, schemaVersion: RUN_EVENT_LADDER.current, runId, seq: events.length + 1, at: now().toISOString() };
      const parsed = RunEventSchema.safeParse(candidate);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new FtdojoError('INVALID_INPUT', `not a valid "${draft.type}" event: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, {
          fault: 'internal',
        });
      }
      const line = Buffer.from(`${JSON.stringify(parsed.data)}\n`, 'utf8');
      try {
        writeAll(fd, line);
        fsyncSync(fd);
      } catch (error) {
        // Take back a partial line so the log stays well-formed; the event was not recorded.
        try {
          ftruncateSync(fd, bytes);
        } catch {
          // The reader drops a half-written last line anyway.
        }
        throw new FtdojoError('INTERNAL', `could not record event ${candidate.seq} of run ${runId} in ${path}: ${(error as Error).message}`, {
          hint: 'check free disk space and the permissions of the run folder',
          fault: 'environment',
          retryable: true,
          cause: error,
        });
      }
      bytes += line.length;
      events.push(parsed.data);
      return parsed.data;
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
      lock.release();
    },
  };
}
