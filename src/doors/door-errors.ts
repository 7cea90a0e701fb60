import { z } from 'zod';
import { isFtdojoError } from '../core/index.js';

/** What an agent is told when an act is refused: the code, the message, how to go on. */
export interface DoorError {
  code: string;
  message: string;
  hint: string | null;
  retryable: boolean;
}

const ABSOLUTE_PATH = /(?<![\w.~-])\/(?:[\w.@+-]+\/)*[\w.@+-]+/g;

/**
 * Error text leaves the server without host paths: an agent learns no folder of the dojo (the
 * held-out split's least of all), only paths inside its own workspace or the sandbox's /task and
 * /workspace. Anything that is not an FtdojoError is a bug: the agent gets "internal error" and
 * the server's log gets the detail.
 */
export function doorErrorOf(error: unknown, visibleRoots: readonly string[] = []): DoorError {
  // A message the session's own schema refused: the agent's input, said as the schema says it.
  if (error instanceof z.ZodError)
    return {
      code: 'INVALID_INPUT',
      message: error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${innerMessage(issue)}`).join('; '),
      hint: "see the tool's schema and example",
      retryable: false,
    };
  if (!isFtdojoError(error)) return { code: 'INTERNAL', message: 'internal error in the dojo (the server log has the detail)', hint: null, retryable: false };
  const redact = (text: string) =>
    text.replace(ABSOLUTE_PATH, (path) =>
      ['/task', '/workspace', ...visibleRoots].some((root) => path === root || path.startsWith(`${root}/`)) ? path : '<path>',
    );
  return { code: error.code, message: redact(error.message), hint: error.hint ? redact(error.hint) : null, retryable: error.retryable };
}

export function doorErrorText(error: DoorError): string {
  return `${error.code}: ${error.message}${error.hint ? `\nhow to go on: ${error.hint}` : ''}`;
}

/** The HTTP status a refusal maps to in the REST API. */
export function httpStatusOf(code: string): 400 | 401 | 404 | 409 | 500 {
  if (code === 'UNAUTHORIZED') return 401;
  if (code.startsWith('UNKNOWN_')) return 404;
  if (code === 'BUDGET_EXHAUSTED' || code === 'SESSION_CLOSED' || code === 'BUSY') return 409;
  if (code === 'INTERNAL') return 500;
  return 400;
}

/** A record key's own refinement says more than "Invalid key in record". */
function innerMessage(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_key' && issue.issues[0] ? `${issue.issues[0].message} (key ${JSON.stringify(issue.path.at(-1))})` : issue.message;
}
