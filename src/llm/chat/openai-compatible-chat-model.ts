import { setTimeout as delay } from 'node:timers/promises';
import { FtdojoError, timeoutSignal } from '../../core/index.js';
import { backoffDelay, retryAfterMs, type BackoffOptions } from './backoff.js';
import { authorizationHeaders, chatCompletionsUrl } from './chat-completions-url.js';
import type { ChatRequest, ChatResponse, ChatUsageRecord, StructuredOutputMode } from './chat-model.js';
import { ChatModelError } from './chat-model-error.js';
import { costOf, type ChatPrice } from './chat-usage.js';
import { readChatCompletion, readErrorBody, type ReadCompletion } from './read-chat-completion.js';
import { NotAChatStream, readChatStream } from './read-chat-stream.js';
import { toolRequestFields, type ToolChatModel, type ToolChatRequest, type ToolChatResponse } from './tool-chat.js';

export interface OpenAiCompatibleChatModelOptions {
  /** The server's base URL: OpenAI, Azure, vLLM, Ollama, LM Studio and DeepSeek differ only here and in the key. */
  baseUrl: string;
  /** Sent as a bearer token (and as `api-key` to Azure hosts); local servers need none. */
  apiKey?: string | null | undefined;
  model: string;
  /** How long one HTTP request may take before it is abandoned (and retried). */
  timeoutMs: number;
  /** Retries after the first request, for 429, 5xx, timeouts and network errors; 0 for none. */
  maxRetries: number;
  price?: ChatPrice | null | undefined;
  /** How completeStructured asks this provider for JSON (default 'json-schema'). */
  structuredOutput?: StructuredOutputMode | undefined;
  /** OpenAI's reasoning models take max_completion_tokens; everything else max_tokens (the default). */
  maxTokensParameter?: 'max_tokens' | 'max_completion_tokens' | undefined;
  /**
   * Ask for streamed replies (default true): progress while the reply arrives, and reading stops
   * once ChatRequest.enough holds. A server that answers a streamed request with plain JSON is read
   * as it is; one that refuses `stream` (HTTP 400/422) is asked again without it, for the rest of the run.
   */
  stream?: boolean | undefined;
  /** Called once per successful call, for the run's records. */
  usageLog?: ((record: ChatUsageRecord) => void) | undefined;
  backoff?: BackoffOptions | undefined;
  /** Replaced in tests so that waiting between retries costs no time. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** The jitter's source (default Math.random; seededRandom(n) makes it reproducible). */
  random?: (() => number) | undefined;
  now?: (() => Date) | undefined;
}

/** What one HTTP request came to: a completion, a failure worth retrying, or (thrown) one that is not. */
type Outcome =
  | { kind: 'ok'; read: ReadCompletion; streamed: boolean; stoppedEarly: boolean }
  | { kind: 'retry'; problem: string; retryAfterMs: number | null; now?: boolean };

/** What one call needs besides its body: the caller's signal, deadline and progress, and the messages to guess prompt tokens from. */
type CallContext = Pick<ChatRequest, 'signal' | 'deadline' | 'onProgress' | 'enough'> & { messages: readonly { content: string }[] };

const RETRIED_STATUSES = new Set([408, 409, 429]);
const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, signal ? { signal } : undefined);

export function createOpenAiCompatibleChatModel(options: OpenAiCompatibleChatModelOptions): ToolChatModel {
  checkOptions(options);
  const url = chatCompletionsUrl(options.baseUrl);
  const name = `${options.model}@${url.host}`;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const backoff = options.backoff ?? {};
  const apiKey = options.apiKey || null;
  const redact = (text: string): string => (apiKey ? text.split(apiKey).join('[key]') : text);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...authorizationHeaders(url, apiKey) };
  const streamHeaders = { ...headers, accept: 'text/event-stream, application/json' };
  // What this server has shown it accepts; both only ever fall, for the rest of the model's life.
  let streaming = options.stream ?? true;
  let structuredOutput: StructuredOutputMode = options.structuredOutput ?? 'json-schema';

  const aborted = (cause?: unknown) =>
    new ChatModelError('aborted', `the call to ${name} was cancelled`, { hint: 'nothing to fix: the caller stopped it', cause });

  const fail = (status: number, detail: string): ChatModelError => {
    const said = `${name} answered HTTP ${status}${detail ? `: ${detail}` : ''}`;
    if (status === 401)
      return new ChatModelError('unauthorized', `${said} (the API key was refused)`, {
        status,
        hint: 'check FTDOJO_LLM_API_KEY (or FTDOJO_AGENT_LLM_API_KEY, which the agent prefers): it must be a key this provider accepts',
      });
    if (status === 403)
      return new ChatModelError('unauthorized', `${said} (the key may not use this model)`, {
        status,
        hint: `check that the key in FTDOJO_LLM_API_KEY may use ${options.model}, or choose another model with FTDOJO_AGENT_LLM_MODEL`,
      });
    if (status === 404)
      return new ChatModelError('not-found', `${said} (at ${url.origin}${url.pathname})`, {
        status,
        hint: `check FTDOJO_LLM_BASE_URL (most servers want it to end in /v1) and FTDOJO_LLM_MODEL (a name the server lists at /v1/models; this asked for ${options.model})`,
      });
    return new ChatModelError('rejected', `${said} (the provider refused this request)`, {
      status,
      hint: 'if it is about response_format or json_schema, set FTDOJO_AGENT_LLM_RESPONSE_FORMAT=json-object (or prompt); if about the context length, send a shorter prompt',
    });
  };

  const deadlineError = (started: number, problems: readonly string[]) =>
    new ChatModelError(
      'deadline',
      `${name} did not answer within the call's deadline (${Math.round((performance.now() - started) / 100) / 10} s)${problems.length ? `: ${problems.join('; ')}` : ''}`,
      { hint: 'the model is too slow for the time this call may use: give the run more budget, raise FTDOJO_AGENT_LLM_CALL_SHARE, or use a faster model' },
    );

  const postOnce = async (payload: Record<string, unknown>, request: CallContext, stream: boolean, started: number): Promise<Outcome> => {
    const left = request.deadline === undefined ? Infinity : request.deadline - Date.now();
    if (left <= 0) throw deadlineError(started, []);
    const byDeadline = left < options.timeoutMs;
    const timeout = timeoutSignal(Math.max(1, Math.floor(Math.min(options.timeoutMs, left))), request.signal);
    const signal = timeout.signal;
    const body = JSON.stringify(stream ? { ...payload, stream: true, stream_options: { include_usage: true } } : payload);
    let response: Response;
    let text = '';
    let streamedRead: (ReadCompletion & { stoppedEarly: boolean }) | null = null;
    try {
      // redirect 'error': the key only ever goes to the URL the operator named.
      response = await fetch(url, { method: 'POST', headers: stream ? streamHeaders : headers, body, redirect: 'error', signal });
      const eventStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
      if (response.ok && eventStream && response.body) {
        const begun = performance.now();
        streamedRead = await readChatStream(response.body, request.messages, {
          signal,
          enough: request.enough,
          onChunk: (tokens) => request.onProgress?.({ tokens, elapsedMs: performance.now() - begun, deadline: request.deadline ?? null }),
        });
      } else text = await untilAborted(response.text(), signal);
    } catch (cause) {
      if (request.signal?.aborted) throw aborted(cause);
      if (timeout.timedOut() && byDeadline) throw deadlineError(started, []);
      if (timeout.timedOut()) return { kind: 'retry', problem: `no answer within ${options.timeoutMs} ms`, retryAfterMs: null };
      if (cause instanceof NotAChatStream) return { kind: 'retry', problem: cause.message, retryAfterMs: null };
      return { kind: 'retry', problem: `cannot reach ${url.origin} (${describeCause(cause)})`, retryAfterMs: null };
    } finally {
      timeout.clear();
    }
    const status = response.status;
    if (streamedRead) return { kind: 'ok', read: streamedRead, streamed: true, stoppedEarly: streamedRead.stoppedEarly };
    if (status >= 200 && status < 300) {
      const read = readChatCompletion(text, request.messages);
      if (read) {
        request.onProgress?.({ tokens: read.completionTokens, elapsedMs: performance.now() - started, deadline: request.deadline ?? null });
        return { kind: 'ok', read, streamed: false, stoppedEarly: false };
      }
      return {
        kind: 'retry',
        problem: `HTTP ${status} with something that is not a chat completion: ${redact(text.trim().slice(0, 200)) || '(empty body)'}`,
        retryAfterMs: null,
      };
    }
    const error = readErrorBody(text);
    const detail = redact(error.message);
    // A server that refuses `stream` (or stream_options) is asked again at once without it, and never again.
    if (stream && (status === 400 || status === 422) && /stream/i.test(detail)) {
      streaming = false;
      return {
        kind: 'retry',
        problem: `HTTP ${status} to a streamed request (${detail || 'no reason given'}): asked again without streaming`,
        retryAfterMs: 0,
        now: true,
      };
    }
    // Azure answers a prompt its filter blocks with 400 content_filter: a refusal, which is data.
    if (status === 400 && error.code === 'content_filter') {
      const refused: ReadCompletion = {
        content: '',
        refusal: detail || 'blocked by the content filter',
        finishReason: 'content_filter',
        promptTokens: 0,
        completionTokens: 0,
        estimated: false,
        servedModel: null,
        toolCalls: [],
      };
      return { kind: 'ok', read: refused, streamed: false, stoppedEarly: false };
    }
    if (RETRIED_STATUSES.has(status) || status >= 500)
      return { kind: 'retry', problem: `HTTP ${status}${detail ? `: ${detail}` : ''}`, retryAfterMs: retryAfterMs(response.headers, backoff) };
    throw fail(status, detail);
  };

  // One call, text or tools alike: retried on 429, 5xx, timeouts and garbled bodies within the deadline, logged once it succeeds.
  const call = async (
    payload: Record<string, unknown>,
    request: CallContext,
    canStream: boolean,
  ): Promise<{ read: ReadCompletion; response: ChatResponse }> => {
    const started = performance.now();
    const problems: string[] = [];
    for (let attempt = 1, tries = 1; ; attempt += 1) {
      if (request.signal?.aborted) throw aborted(request.signal.reason);
      const outcome = await postOnce(payload, request, canStream && streaming, started);
      if (outcome.kind === 'ok') {
        const response = toResponse(outcome.read, options, attempt, performance.now() - started, outcome);
        options.usageLog?.({
          time: now().toISOString(),
          modelName: name,
          servedModel: response.model,
          finishReason: response.finishReason,
          httpAttempts: attempt,
          durationMs: response.durationMs,
          ...response.usage,
        });
        return { read: outcome.read, response };
      }
      problems.push(`try ${attempt}: ${outcome.problem}`);
      // Asking again without streaming is not a retry of the same request.
      if (outcome.now) continue;
      if (tries > options.maxRetries) {
        throw new ChatModelError('unavailable', `${name} failed ${attempt} time(s): ${problems.join('; ')}`, {
          hint: 'the provider is down, overloaded or rate-limited: try again later, or raise FTDOJO_AGENT_LLM_MAX_RETRIES or FTDOJO_AGENT_LLM_TIMEOUT_MS',
        });
      }
      tries += 1;
      const wait = outcome.retryAfterMs ?? backoffDelay(attempt, backoff, random);
      // A retry that would start after the deadline is not made.
      if (request.deadline !== undefined && Date.now() + wait >= request.deadline) throw deadlineError(started, problems);
      try {
        await sleep(wait, request.signal);
      } catch (cause) {
        throw aborted(cause);
      }
    }
  };

  return {
    name,
    get structuredOutput() {
      return structuredOutput;
    },
    structuredOutputIgnored(mode: StructuredOutputMode) {
      if (mode === structuredOutput) structuredOutput = WEAKER[mode];
    },
    async complete(request: ChatRequest): Promise<ChatResponse> {
      return (await call(requestBody(options, request), request, true)).response;
    },
    async completeWithTools(request: ToolChatRequest): Promise<ToolChatResponse> {
      const body = { ...requestBody(options, { ...request, messages: [] }), ...toolRequestFields(request) };
      // Tool calls arrive whole: streamed tool-call deltas are not worth their parsing here.
      const { read, response } = await call(body, request, false);
      return { ...response, toolCalls: read.toolCalls };
    },
  };
}

/** The next way to ask for JSON when a server does not honour one. */
const WEAKER: Record<StructuredOutputMode, StructuredOutputMode> = { 'json-schema': 'prompt', 'json-object': 'prompt', prompt: 'prompt' };

function requestBody(options: OpenAiCompatibleChatModelOptions, request: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { model: options.model, messages: request.messages.map(({ role, content }) => ({ role, content })) };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body[options.maxTokensParameter ?? 'max_tokens'] = request.maxTokens;
  const format = request.responseFormat;
  if (format?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema')
    body.response_format = { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, strict: format.strict ?? false } };
  return body;
}

function toResponse(
  read: ReadCompletion,
  options: OpenAiCompatibleChatModelOptions,
  httpAttempts: number,
  durationMs: number,
  how: { streamed: boolean; stoppedEarly: boolean },
): ChatResponse {
  const { promptTokens, completionTokens, estimated } = read;
  return {
    streamed: how.streamed,
    stoppedEarly: how.stoppedEarly,
    content: read.content,
    refusal: read.refusal,
    finishReason: read.finishReason,
    usage: { promptTokens, completionTokens, estimated, costUsd: costOf(read, options.price) },
    model: read.servedModel ?? options.model,
    httpAttempts,
    durationMs: Math.round(durationMs * 10) / 10,
  };
}

function checkOptions(options: OpenAiCompatibleChatModelOptions): void {
  const invalid = (message: string, hint: string) => new FtdojoError('INVALID_INPUT', message, { hint });
  if (!options.model.trim())
    throw invalid('the chat model has no model name', 'set FTDOJO_AGENT_LLM_MODEL or FTDOJO_LLM_MODEL (a name the server lists at /v1/models)');
  if (!Number.isInteger(options.timeoutMs) || options.timeoutMs < 1)
    throw invalid(`the chat model's timeoutMs must be a whole number above 0, not ${options.timeoutMs}`, 'e.g. FTDOJO_AGENT_LLM_TIMEOUT_MS=120000');
  if (!Number.isInteger(options.maxRetries) || options.maxRetries < 0)
    throw invalid(`the chat model's maxRetries must be a whole number, 0 or more, not ${options.maxRetries}`, 'e.g. FTDOJO_AGENT_LLM_MAX_RETRIES=4');
  const price = options.price;
  if (price && !(price.inputPerMillion >= 0 && price.outputPerMillion >= 0))
    throw invalid(
      `the chat model's price must be two amounts of 0 or more, not ${JSON.stringify(price)}`,
      'give US dollars per million input and output tokens',
    );
}

function describeCause(cause: unknown): string {
  const error = cause as { message?: string; cause?: { code?: string; message?: string } };
  return error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(cause);
}

/** The promise, or the signal's reason as soon as it fires (a body read must not outlive its deadline). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
