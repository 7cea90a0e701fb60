import { z } from 'zod';

/** Everything the gateway writes (log lines, usage reports) carries this version (STYLE.md §9). */
export const GATEWAY_SCHEMA_VERSION = 1;

/** The `type` of every error the gateway answers with, inside the OpenAI shape `{ error: { type, message } }`. */
export const GATEWAY_ERROR_TYPES = [
  'gateway_disabled',
  'budget_exhausted',
  'invalid_request_error',
  'invalid_json',
  'request_too_large',
  'model_not_allowed',
  'streaming_not_supported',
  'not_found',
  'method_not_allowed',
  'upstream_rejected_request',
  'upstream_rate_limited',
  'upstream_error',
  'upstream_unreachable',
  'upstream_timeout',
  'gateway_stopping',
  'internal_error',
] as const;
export type GatewayErrorType = (typeof GATEWAY_ERROR_TYPES)[number];

/** One line of the gateway's JSONL log: one per HTTP request, answered or refused. */
export const GatewayLogLineSchema = z.object({
  schemaVersion: z.literal(GATEWAY_SCHEMA_VERSION),
  /** ISO time the request arrived. */
  time: z.string(),
  requestId: z.string(),
  method: z.string(),
  path: z.string(),
  /** The model sent upstream; null when the request never got that far. */
  model: z.string().nullable(),
  /** Tokens added to the tally for this call (0 when nothing was forwarded or upstream failed). */
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  /** True when upstream gave no usage and the numbers above are the gateway's conservative estimate. */
  usageEstimated: z.boolean(),
  /** The HTTP status the gateway answered with. */
  status: z.number().int(),
  /** The status upstream answered with, when the request was forwarded. */
  upstreamStatus: z.number().int().nullable(),
  durationMs: z.number().nonnegative(),
  /** max_tokens as the client asked (null: not given) and as sent upstream after capping. */
  maxTokensRequested: z.number().int().nullable(),
  maxTokensSent: z.number().int().nullable(),
  /** sha256 of the JSON of the request's messages: joins repeated prompts without storing them. */
  promptSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  error: z.object({ type: z.enum(GATEWAY_ERROR_TYPES), message: z.string() }).nullable(),
  /** The full messages and reply text, only when the gateway was started with logMessages. */
  messages: z.array(z.unknown()).optional(),
  completion: z.string().nullable().optional(),
});
export type GatewayLogLine = z.infer<typeof GatewayLogLineSchema>;

/** What `usage()` reports: the tally so far against the limits. */
export const GatewayUsageSchema = z.object({
  schemaVersion: z.literal(GATEWAY_SCHEMA_VERSION),
  enabled: z.boolean(),
  /** The default upstream model; null for a disabled gateway with no upstream. */
  model: z.string().nullable(),
  tokenBudget: z.number().int().nonnegative(),
  /** Prompt plus completion tokens counted so far; may pass the budget by one call's overshoot. */
  usedTokens: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  /** The part of usedTokens that was estimated because upstream reported no usage. */
  estimatedTokens: z.number().int().nonnegative(),
  /** Held for calls in flight (prompt estimate plus their max_tokens). */
  reservedTokens: z.number().int().nonnegative(),
  /** tokenBudget - usedTokens - reservedTokens, never below 0. */
  remainingTokens: z.number().int().nonnegative(),
  /** Requests forwarded upstream, whatever their outcome. */
  requests: z.number().int().nonnegative(),
  maxRequests: z.number().int().positive().nullable(),
  /** Requests the gateway answered itself with an error (budget, bad input, disabled...). */
  refused: z.number().int().nonnegative(),
  /** Forwarded requests that upstream failed (5xx, timeout, unreachable, unreadable reply). */
  upstreamFailures: z.number().int().nonnegative(),
});
export type GatewayUsage = z.infer<typeof GatewayUsageSchema>;
