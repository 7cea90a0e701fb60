import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { FtdojoError } from '../core/index.js';

/**
 * One writer per run log: the sequence numbers are only contiguous when a single process appends.
 * The lock is a file beside the log holding the writer's pid; it also tells a reader whether a
 * run without a `run-finished` is still running or was interrupted (its writer is gone).
 */
export interface WriterLockHolder {
  pid: number;
  host: string;
  since: string;
}

export interface WriterLock {
  readonly path: string;
  release(): void;
}

export function readWriterLock(path: string): WriterLockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<WriterLockHolder>;
    if (typeof holder.pid !== 'number' || typeof holder.host !== 'string') return null;
    return { pid: holder.pid, host: holder.host, since: typeof holder.since === 'string' ? holder.since : '' };
  } catch {
    return null;
  }
}

/** A process on another machine (a shared home) is taken to be alive: we cannot tell. */
function isAlive(holder: WriterLockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live writer of the log this lock guards, or null when none holds it. */
export function liveWriter(path: string): WriterLockHolder | null {
  const holder = readWriterLock(path);
  return holder !== null && isAlive(holder) ? holder : null;
}

/** Writes the holder to a private file, then links it into place: a lock file is never half-written. */
function tryCreate(path: string, holder: WriterLockHolder): boolean {
  const draft = `${path}.${holder.pid}.tmp`;
  const fd = openSync(draft, 'w');
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}

/**
 * Takes the lock, or refuses when a live process holds it. A lock left by a dead process (a
 * crash, `kill -9`) is taken over.
 */
export function acquireWriterLock(path: string, what: string): WriterLock {
  const holder: WriterLockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (tryCreate(path, holder)) {
      return {
        path,
        release: () => {
          if (readWriterLock(path)?.pid !== holder.pid) return;
          try {
            unlinkSync(path);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    }
    const current = readWriterLock(path);
    if (current !== null && isAlive(current)) {
      throw new FtdojoError('INVALID_INPUT', `${what} is being written by another process (pid ${current.pid} on ${current.host}, since ${current.since})`, {
        hint:
          current.pid === process.pid
            ? 'close the other writer of this run in this process first'
            : `wait for process ${current.pid} to finish, or stop it, then try again`,
        retryable: true,
      });
    }
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new FtdojoError('INVALID_INPUT', `could not take the writer lock ${path}: another process keeps taking it`, {
    hint: 'make sure only one ftdojo process writes this run',
    retryable: true,
  });
}
