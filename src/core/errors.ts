/**
 * The one error base class (STYLE.md §5). Exceptions are for misconfiguration, unreachable
 * infrastructure and bugs; outcomes (a wrong answer, a failed run) are data, not errors.
 */
export type ErrorCode =
  | 'UNKNOWN_TASK'
  | 'UNKNOWN_DATASET'
  | 'UNKNOWN_SCORER'
  | 'INVALID_TASK_FILE'
  | 'INVALID_INPUT'
  | 'MISSING_MIRROR'
  | 'MISSING_DATA'
  | 'CORRUPT_DATA'
  | 'CHECKSUM_MISMATCH'
  | 'NETWORK'
  | 'UNSUPPORTED'
  | 'PYTHON_ENV'
  | 'MISSING_MODEL'
  | 'MODEL_CONVERSION'
  | 'SANDBOX_UNAVAILABLE'
  | 'NO_GPU'
  | 'BUDGET_EXHAUSTED'
  | 'SESSION_CLOSED'
  | 'UNKNOWN_EXPERIMENT'
  | 'UNKNOWN_SESSION'
  | 'UNAUTHORIZED'
  | 'BUSY'
  | 'CLUSTER'
  | 'INTERNAL';

/** Whose fault it is: the user's input, the environment, or ours. */
export type Fault = 'user' | 'environment' | 'internal';

export interface FtdojoErrorOptions {
  /** How to fix it, in one or two sentences. */
  hint?: string;
  retryable?: boolean;
  fault?: Fault;
  cause?: unknown;
}

export class FtdojoError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly retryable: boolean;
  readonly fault: Fault;

  constructor(code: ErrorCode, message: string, options: FtdojoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FtdojoError';
    this.code = code;
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
    this.fault = options.fault ?? (code === 'INTERNAL' ? 'internal' : 'user');
  }
}

export function isFtdojoError(error: unknown): error is FtdojoError {
  return error instanceof FtdojoError;
}
