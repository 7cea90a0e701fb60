import { z } from 'zod';
import type { DojoSession } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';

export interface RefusalCounter {
  /** The same session, every method counted: what the agent is given. */
  session: DojoSession;
  /** Refused acts so far, by error code (or a door's own kind). */
  refusals(): Record<string, number>;
  /** A refusal made before the session saw the act (a door refusing bad tool input), counted with the session's own. */
  noteRefusal(kind: string): void;
}

/**
 * What an error thrown by a session method counts as: an FtdojoError by its code; a request that
 * failed its schema (validate and finish parse with zod) as INVALID_INPUT, since it is the same
 * refusal of bad input. Anything else is a fault of ours or of the machine, not a refusal: null.
 */
function kindOf(error: unknown): string | null {
  if (error instanceof FtdojoError) return error.code;
  if (error instanceof z.ZodError) return 'INVALID_INPUT';
  return null;
}

/**
 * Wraps every method of a session once, so the integrity audit can report the acts it refused by
 * kind. The wrapper only counts: errors are rethrown as they were, results pass through.
 */
export function countRefusals(inner: DojoSession): RefusalCounter {
  const counts = new Map<string, number>();
  const note = (kind: string) => counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const noteError = (error: unknown) => {
    const kind = kindOf(error);
    if (kind) note(kind);
  };
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inner)) {
    if (typeof value !== 'function') {
      wrapped[name] = value;
      continue;
    }
    const method = value as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      let result: unknown;
      try {
        result = method.apply(inner, args);
      } catch (error) {
        noteError(error);
        throw error;
      }
      return result instanceof Promise
        ? result.catch((error: unknown) => {
            noteError(error);
            throw error;
          })
        : result;
    };
  }
  return {
    session: wrapped as unknown as DojoSession,
    refusals: () => Object.fromEntries([...counts.entries()].sort(([left], [right]) => left.localeCompare(right))),
    noteRefusal: note,
  };
}
