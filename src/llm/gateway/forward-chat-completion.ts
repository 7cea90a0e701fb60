import { FtdojoError, timeoutSignal } from '../../core/index.js';
import { estimateCompletionTokens, estimateTokens } from './estimate-tokens.js';
import type { GatewayFailure } from './gateway-failure.js';
import type { CallUsage } from './token-budget.js';

export interface UpstreamCall {
  url: URL;
  apiKey?: string | undefined;
  body: Record<string, unknown>;
  /** Counted for a reply that says nothing of its usage. */
  promptEstimate: number;
  timeoutMs: number;
  /** Aborted when the gateway stops. */
  signal: AbortSignal;
}

export type UpstreamOutcome =
  | { ok: true; upstreamStatus: number; text: string; usage: CallUsage; completion: string | null }
  | { ok: false; upstreamStatus: number | null; failure: GatewayFailure; usage: CallUsage | null };

/** Upstream statuses that say the client's request was wrong (too long a prompt, a bad parameter). */
const CLIENT_FAULT_STATUSES = new Set([400, 413, 422]);

/** `<base>/v1/<path>`, whether or not the base already ends in /v1. */
export function upstreamUrl(baseUrl: string, path: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (cause) {
    throw new FtdojoError('INVALID_INPUT', `the LLM gateway's upstream ${JSON.stringify(baseUrl)} is not a URL`, {
      hint: 'give the base URL of an OpenAI-compatible server, e.g. https://api.openai.com/v1',
      cause,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FtdojoError('INVALID_INPUT', `the LLM gateway's upstream ${baseUrl} must be http or https`, {
      hint: 'give the base URL of an OpenAI-compatible server, e.g. https://api.openai.com/v1',
    });
  }
  const base = url.pathname.replace(/\/+$/, '');
  url.pathname = `${base.endsWith('/v1') ? base : `${base}/v1`}/${path.replace(/^\/+/, '')}`;
  url.search = '';
  url.hash = '';
  return url;
}

/** One POST upstream with the gateway's key; every way it can go wrong comes back as data. */
export async function forwardChatCompletion(call: UpstreamCall): Promise<UpstreamOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (call.apiKey) headers.authorization = `Bearer ${call.apiKey}`;
  const redact = (text: string): string => (call.apiKey ? text.split(call.apiKey).join('[key]') : text);
  let response: Response;
  let text: string;
  const timeout = timeoutSignal(call.timeoutMs, call.signal);
  try {
    // redirect 'error': the key only ever goes to the URL the operator named.
    response = await fetch(call.url, { method: 'POST', headers, body: JSON.stringify(call.body), redirect: 'error', signal: timeout.signal });
    text = await response.text();
  } catch (cause) {
    return {
      ok: false,
      upstreamStatus: null,
      usage: null,
      failure: unreachable(call, timeout.timedOut() ? new DOMException('timed out', 'TimeoutError') : cause),
    };
  } finally {
    timeout.clear();
  }
  const status = response.status;
  if (status >= 200 && status < 300) return readCompletion(call, status, text);
  const detail = redact(errorDetail(text));
  const said = `upstream answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
  const details = { upstream_status: status };
  if (status === 429) {
    const retryAfter = response.headers.get('retry-after');
    const failure: GatewayFailure = {
      status: 429,
      type: 'upstream_rate_limited',
      message: `${said}; wait and try again`,
      details,
      headers: retryAfter ? { 'retry-after': retryAfter } : undefined,
    };
    return { ok: false, upstreamStatus: status, usage: null, failure };
  }
  if (CLIENT_FAULT_STATUSES.has(status)) {
    return {
      ok: false,
      upstreamStatus: status,
      usage: null,
      failure: { status, type: 'upstream_rejected_request', message: `${said}; change the request`, details },
    };
  }
  return {
    ok: false,
    upstreamStatus: status,
    usage: null,
    failure: { status: 502, type: 'upstream_error', message: `${said}; the provider failed, not this request`, details },
  };
}

interface CompletionBody {
  choices?: unknown;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function readCompletion(call: UpstreamCall, status: number, text: string): UpstreamOutcome {
  const body = parseJson(text) as CompletionBody | null;
  if (body === null || typeof body !== 'object' || !Array.isArray(body.choices)) {
    // The provider may still have charged for it: count a guess rather than nothing.
    const usage: CallUsage = { promptTokens: call.promptEstimate, completionTokens: estimateTokens(text), estimated: true };
    const message = `upstream answered HTTP ${status} with something that is not a chat completion: ${errorDetail(text) || '(empty body)'}`;
    return { ok: false, upstreamStatus: status, usage, failure: { status: 502, type: 'upstream_error', message, details: { upstream_status: status } } };
  }
  const reported = body.usage ?? {};
  const prompt = typeof reported.prompt_tokens === 'number' ? reported.prompt_tokens : null;
  const completion = typeof reported.completion_tokens === 'number' ? reported.completion_tokens : null;
  const usage: CallUsage = {
    promptTokens: prompt ?? call.promptEstimate,
    completionTokens: completion ?? estimateCompletionTokens(body),
    estimated: prompt === null || completion === null,
  };
  const first = (body.choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content;
  return { ok: true, upstreamStatus: status, text, usage, completion: typeof first === 'string' ? first : null };
}

function unreachable(call: UpstreamCall, cause: unknown): GatewayFailure {
  if (call.signal.aborted) return { status: 503, type: 'gateway_stopping', message: 'the LLM gateway is shutting down; this call was abandoned' };
  const error = cause as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error?.name === 'TimeoutError') {
    return {
      status: 504,
      type: 'upstream_timeout',
      message: `upstream did not answer within ${Math.round(call.timeoutMs / 1000)} s; ask for fewer tokens or try again`,
    };
  }
  const reason = error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(cause);
  return {
    status: 502,
    type: 'upstream_unreachable',
    message: `cannot reach upstream ${call.url.origin} (${reason}); the provider or the network is down, not this request`,
  };
}

/** The provider's own error message when it sent the OpenAI error shape, else the start of the body. */
function errorDetail(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; detail?: unknown; message?: unknown };
    const candidate = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.detail ?? parsed.message);
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim().slice(0, 500);
  } catch {
    // Not JSON: an HTML error page from a proxy, say.
  }
  return text.trim().slice(0, 300);
}
