import type { GatewayErrorType } from './gateway-records.js';

/** An answer the gateway gives instead of a completion: data, turned into HTTP at the edge. */
export interface GatewayFailure {
  status: number;
  type: GatewayErrorType;
  message: string;
  /** Extra fields inside `error` (e.g. `used` and `budget` for budget_exhausted). */
  details?: Record<string, unknown> | undefined;
  headers?: Record<string, string> | undefined;
}

/** The OpenAI error shape, which the openai SDKs turn into their own exceptions. */
export function failureBody(failure: GatewayFailure): string {
  return JSON.stringify({ error: { type: failure.type, code: failure.type, message: failure.message, ...failure.details } });
}
