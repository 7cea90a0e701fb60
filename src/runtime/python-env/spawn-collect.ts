import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { dieWithParent } from './die-with-parent.js';

/** How much of each stream a result keeps: the tail, where errors are. */
export const CAPTURE_LIMIT = 1 << 20;

export interface SpawnOptions {
  /** The complete environment of the child (not merged with anything). */
  env: Record<string, string>;
  cwd?: string | undefined;
  onStdoutLine?: ((line: string) => void) | undefined;
  onStderrLine?: ((line: string) => void) | undefined;
  /** Append both streams to this file as they arrive. */
  logFile?: string | undefined;
  /** Kills the child: SIGTERM, then SIGKILL after 5 s. */
  signal?: AbortSignal | undefined;
}

export interface SpawnResult {
  /** The exit code; 128 + the signal number when a signal ended the process. */
  code: number;
  signal: NodeJS.Signals | null;
  /** The last CAPTURE_LIMIT characters of each stream. */
  stdout: string;
  stderr: string;
}

/** A failure to start the program at all (not found, not executable): the caller explains it. */
export class SpawnError extends Error {
  constructor(
    readonly command: string,
    readonly reason: string,
    options: { cause: unknown },
  ) {
    super(`cannot run ${command}: ${reason}`, options);
  }
}

function lineSplitter(onLine: ((line: string) => void) | undefined) {
  let pending = '';
  return {
    push(text: string) {
      if (!onLine) return;
      pending += text;
      const lines = pending.split(/\r?\n|\r/);
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    },
    flush() {
      if (onLine && pending) onLine(pending);
      pending = '';
    },
  };
}

function keepTail(text: string): string {
  return text.length > CAPTURE_LIMIT ? text.slice(text.length - CAPTURE_LIMIT) : text;
}

/**
 * Runs a program to completion, streaming its lines to callbacks and a log file and keeping the
 * tail of its output. A non-zero exit is a result, not an exception; only a program that cannot
 * start rejects (with SpawnError).
 */
export function spawnCollect(command: string, args: readonly string[], options: SpawnOptions): Promise<SpawnResult> {
  if (options.logFile) mkdirSync(dirname(options.logFile), { recursive: true });
  return new Promise((resolvePromise, reject) => {
    const guarded = dieWithParent(command, args);
    const child = spawn(guarded.command, guarded.args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const outLines = lineSplitter(options.onStdoutLine);
    const errLines = lineSplitter(options.onStderrLine);
    const outDecoder = new StringDecoder('utf8');
    const errDecoder = new StringDecoder('utf8');
    const log = (text: string) => {
      if (options.logFile && text) appendFileSync(options.logFile, text);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      const text = outDecoder.write(chunk);
      stdout = keepTail(stdout + text);
      log(text);
      outLines.push(text);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = errDecoder.write(chunk);
      stderr = keepTail(stderr + text);
      log(text);
      errLines.push(text);
    });

    let killTimer: NodeJS.Timeout | undefined;
    const abort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
      killTimer.unref();
    };
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });

    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', abort);
      const reason = error.code === 'ENOENT' ? 'no such file or command' : error.code === 'EACCES' ? 'not executable' : error.message;
      reject(new SpawnError(command, reason, { cause: error }));
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', abort);
      if (killTimer) clearTimeout(killTimer);
      const outTail = outDecoder.end();
      const errTail = errDecoder.end();
      stdout = keepTail(stdout + outTail);
      stderr = keepTail(stderr + errTail);
      log(outTail + errTail);
      outLines.push(outTail);
      errLines.push(errTail);
      outLines.flush();
      errLines.flush();
      resolvePromise({ code: code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0), signal, stdout, stderr });
    });
  });
}
