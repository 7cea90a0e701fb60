import { z } from 'zod';
import { FtdojoError, timeoutSignal } from '../../core/index.js';
import type { FinishReason } from './inference-backend.js';

export interface EndpointRetry {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Replaced in tests so that backoff costs no time. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

export interface ChatCompletionOutcome {
  content: string;
  finishReason: FinishReason;
  promptTokens: number | null;
  completionTokens: number | null;
  servedModel?: string | undefined;
  systemFingerprint?: string | undefined;
  error?: string | undefined;
}

const ResponseSchema = z.object({
  model: z.string().optional(),
  system_fingerprint: z.string().nullish(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }).passthrough(), finish_reason: z.string().nullish() }).passthrough()).min(1),
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).passthrough().nullish(),
});

/** `<base>/v1/chat/completions`, whether or not the base already ends in /v1. */
export function chatCompletionsUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (cause) {
    throw new FtdojoError('INVALID_INPUT', `the endpoint ${JSON.stringify(baseUrl)} is not a URL`, {
      hint: "pass --endpoint http://host:port (the server's base URL, with or without /v1)",
      cause,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FtdojoError('INVALID_INPUT', `the endpoint ${baseUrl} must be http or https`, { hint: 'pass --endpoint http://host:port' });
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1') ? `${path}/chat/completions` : `${path}/v1/chat/completions`;
  url.search = '';
  url.hash = '';
  return url;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class RetryableResponse extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

/** Refused prompts are that sample's outcome; a wrong key, URL or model name is a fault of the run. */
const SAMPLE_STATUSES = new Set([400, 413, 422]);

export async function postChatCompletion(
  url: URL,
  options: {
    apiKey?: string | undefined;
    body: Record<string, unknown>;
    retry: EndpointRetry;
    timeoutMs: number;
    signal?: AbortSignal | undefined;
    fetch: typeof fetch;
  },
): Promise<ChatCompletionOutcome> {
  const sleep = options.retry.sleep ?? wait;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await postOnce(url, options);
    } catch (error) {
      if (!(error instanceof RetryableResponse)) throw error;
      if (attempt >= options.retry.attempts || options.signal?.aborted) {
        throw new FtdojoError('NETWORK', `the endpoint ${url.origin} failed ${attempt} time(s): ${error.message}`, {
          hint: 'check that the server is up and not overloaded (lower --batch-size), then run again',
          retryable: true,
          fault: 'environment',
        });
      }
      const ceiling = Math.min(options.retry.maxDelayMs, options.retry.baseDelayMs * 2 ** (attempt - 1));
      // Jitter keeps many workers that failed together from retrying together.
      await sleep(error.retryAfterMs ?? Math.round(ceiling * (0.5 + Math.random() / 2)));
    }
  }
}

async function postOnce(
  url: URL,
  options: { apiKey?: string | undefined; body: Record<string, unknown>; timeoutMs: number; signal?: AbortSignal | undefined; fetch: typeof fetch },
): Promise<ChatCompletionOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const timeout = timeoutSignal(options.timeoutMs, options.signal);
  let response: Response;
  let text: string;
  try {
    // redirect 'error': the key is only ever sent to the URL the user named.
    response = await options.fetch(url, { method: 'POST', headers, body: JSON.stringify(options.body), redirect: 'error', signal: timeout.signal });
    text = await response.text().catch(() => '');
  } catch (cause) {
    if (options.signal?.aborted) throw new FtdojoError('INTERNAL', 'generation was interrupted', { fault: 'user', hint: 'run again', cause });
    throw new RetryableResponse(`cannot reach it (${describeCause(cause)})`, null);
  } finally {
    timeout.clear();
  }
  if (response.ok) return parseResponse(url, text);
  const detail = text.slice(0, 300).trim();
  if (response.status === 429 || response.status >= 500)
    throw new RetryableResponse(`HTTP ${response.status}${detail ? `: ${detail}` : ''}`, retryAfter(response.headers.get('retry-after')));
  if (SAMPLE_STATUSES.has(response.status))
    return { content: '', finishReason: 'error', promptTokens: null, completionTokens: null, error: `HTTP ${response.status}: ${detail}` };
  if (response.status === 401 || response.status === 403) {
    throw new FtdojoError('INVALID_INPUT', `the endpoint ${url.origin} refused the request (HTTP ${response.status})`, {
      hint: 'set FTDOJO_ENDPOINT_API_KEY to the key the server expects',
    });
  }
  throw new FtdojoError('INVALID_INPUT', `the endpoint answered HTTP ${response.status} at ${url.href}${detail ? `: ${detail}` : ''}`, {
    hint: 'check --endpoint (the base URL of an OpenAI-compatible server) and --endpoint-model (a name from its /v1/models)',
  });
}

function parseResponse(url: URL, text: string): ChatCompletionOutcome {
  let parsed: z.infer<typeof ResponseSchema>;
  try {
    parsed = ResponseSchema.parse(JSON.parse(text));
  } catch (cause) {
    // A proxy's HTML error page or a half-written body: worth another try.
    throw new RetryableResponse(`not a chat completion from ${url.origin} (${describeCause(cause)})`, null);
  }
  const choice = parsed.choices[0]!;
  return {
    content: choice.message.content ?? '',
    finishReason: choice.finish_reason === 'length' ? 'length' : 'stop',
    promptTokens: parsed.usage?.prompt_tokens ?? null,
    completionTokens: parsed.usage?.completion_tokens ?? null,
    servedModel: parsed.model,
    systemFingerprint: parsed.system_fingerprint ?? undefined,
  };
}

function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 60_000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.min(Math.max(date - Date.now(), 0), 60_000);
}

function describeCause(cause: unknown): string {
  const error = cause as { message?: string; cause?: { code?: string; message?: string } };
  return error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(cause);
}
