import { FtdojoError, type ErrorCode, type Fault } from '../../core/index.js';
import { NO_USAGE, type ChatUsage } from './chat-usage.js';

/**
 * Why a chat call failed, for code that handles some failures and not others:
 * 'refused': the model declined (a refusal, or the provider's content filter);
 * 'invalid-output': no reply matched the schema, repairs included;
 * 'unauthorized' (401/403), 'not-found' (404), 'rejected' (400, 413, 422, ...): never retried;
 * 'unavailable': 429, 5xx, timeouts, network errors or garbled bodies, until the retries ran out;
 * 'aborted': the caller's signal fired;
 * 'deadline': the call's deadline (ChatRequest.deadline) came first, retries and repairs included.
 */
export type ChatFailureReason = 'refused' | 'invalid-output' | 'unauthorized' | 'not-found' | 'rejected' | 'unavailable' | 'aborted' | 'deadline';

/** One try of a structured call that did not give a usable value. */
export interface StructuredProblem {
  attempt: number;
  kind: 'no-json' | 'schema';
  /** What was wrong, in the words the repair prompt uses. */
  message: string;
  /** The start of the reply, for the record. */
  reply: string;
}

export interface ChatModelErrorOptions {
  hint?: string | undefined;
  status?: number | null | undefined;
  problems?: readonly StructuredProblem[] | undefined;
  /** Tokens spent before the failure (structured calls that gave up). */
  usage?: ChatUsage | undefined;
  cause?: unknown;
}

// The shared ErrorCode list has no LLM codes yet: each reason maps onto the nearest one.
const CODES: Record<ChatFailureReason, { code: ErrorCode; fault: Fault; retryable: boolean }> = {
  refused: { code: 'UNSUPPORTED', fault: 'environment', retryable: false },
  'invalid-output': { code: 'CORRUPT_DATA', fault: 'environment', retryable: true },
  unauthorized: { code: 'INVALID_INPUT', fault: 'user', retryable: false },
  'not-found': { code: 'INVALID_INPUT', fault: 'user', retryable: false },
  rejected: { code: 'INVALID_INPUT', fault: 'user', retryable: false },
  unavailable: { code: 'NETWORK', fault: 'environment', retryable: true },
  aborted: { code: 'INTERNAL', fault: 'user', retryable: false },
  deadline: { code: 'BUDGET_EXHAUSTED', fault: 'environment', retryable: false },
};

/** A FtdojoError that also says which kind of chat failure it is. */
export class ChatModelError extends FtdojoError {
  readonly reason: ChatFailureReason;
  /** The provider's HTTP status, when there was one. */
  readonly status: number | null;
  readonly problems: readonly StructuredProblem[];
  readonly usage: ChatUsage;

  constructor(reason: ChatFailureReason, message: string, options: ChatModelErrorOptions = {}) {
    const { code, fault, retryable } = CODES[reason];
    super(code, message, { hint: options.hint, fault, retryable, cause: options.cause });
    this.name = 'ChatModelError';
    this.reason = reason;
    this.status = options.status ?? null;
    this.problems = options.problems ?? [];
    this.usage = options.usage ?? NO_USAGE;
  }
}

export function isChatModelError(error: unknown, reason?: ChatFailureReason): error is ChatModelError {
  return error instanceof ChatModelError && (reason === undefined || error.reason === reason);
}
