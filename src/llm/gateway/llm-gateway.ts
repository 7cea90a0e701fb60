import { randomBytes } from 'node:crypto';
import { lstat, mkdir, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { FtdojoError } from '../../core/index.js';
import { callDeadline } from '../chat/call-deadline.js';
import { forwardChatCompletion, upstreamUrl } from './forward-chat-completion.js';
import { failureBody, type GatewayFailure } from './gateway-failure.js';
import { createGatewayLog } from './gateway-log.js';
import { GATEWAY_SCHEMA_VERSION, type GatewayLogLine, type GatewayUsage } from './gateway-records.js';
import { prepareChatRequest, type MaxTokensParameter, type ModelPolicy } from './prepare-chat-request.js';
import { readRequestBody } from './read-request-body.js';
import { createTokenBudget, type RefusalReason, type TokenBudget } from './token-budget.js';

export interface LlmGatewayUpstream {
  /** An OpenAI-compatible server's base URL, with or without /v1. */
  baseUrl: string;
  /** Sent upstream as a bearer token; the sandboxed client never sees it. */
  apiKey?: string | undefined;
  /** The model used when a client names none. */
  model: string;
  /** The name the cap goes under when the client sent none (OpenAI's reasoning models want max_completion_tokens). */
  maxTokensParameter?: MaxTokensParameter | undefined;
}

export interface LlmGatewayOptions {
  /** Where the gateway listens: a unix socket in a folder the sandbox binds in. */
  socketPath: string;
  /** False: every request is answered 403, saying the gateway is off and how to turn it on. */
  enabled: boolean;
  /** Required when enabled. */
  upstream?: LlmGatewayUpstream | undefined;
  /** Prompt plus completion tokens for the whole run; required when enabled. */
  tokenBudget?: number | undefined;
  /** Requests forwarded upstream, in all; unlimited when left out. */
  maxRequests?: number | undefined;
  /** Model names a client may ask for; upstream.model is always allowed. */
  allowedModels?: readonly string[] | undefined;
  /** max_tokens for a request that gives none (default 4096), before the budget caps it. */
  defaultMaxTokens?: number | undefined;
  /** How long one upstream call may take (default 300 000 ms); then the client gets a 504. */
  requestTimeoutMs?: number | undefined;
  /**
   * The session's time left: each call may also use only a share of it (callDeadline with the
   * default policy), so a script's slow model cannot eat the session's budget.
   */
  leftSeconds?: (() => number) | undefined;
  /** Larger request bodies are answered 413 (default 1 MiB). */
  maxBodyBytes?: number | undefined;
  /** JSONL, one line per request. */
  logPath: string;
  /** Log the full messages and reply text, not only the prompt's sha256 (default false). */
  logMessages?: boolean | undefined;
  /** The sentence a disabled gateway adds on how to turn it on. */
  enableHint?: string | undefined;
  now?: (() => Date) | undefined;
}

export interface LlmGateway {
  readonly socketPath: string;
  usage(): GatewayUsage;
  /** Stops listening, abandons calls in flight, removes the socket and flushes the log. */
  stop(): Promise<void>;
}

const DEFAULT_ENABLE_HINT = 'To use it, whoever starts the run must enable the LLM gateway in its configuration, with an upstream model and a token budget.';
const CHAT_PATHS = new Set(['/v1/chat/completions', '/chat/completions']);
const MODELS_PATHS = new Set(['/v1/models', '/models']);
const REFUSAL_ADVICE: Record<RefusalReason, string> = {
  'tokens-spent': 'The gateway answers no more calls this run: work with what you have.',
  'requests-spent': 'The gateway answers no more calls this run: work with what you have.',
  'too-little-left': 'Only a shorter prompt can still pass (or, if calls are in flight, one after they finish); otherwise work with what you have.',
};
/** Linux's sun_path holds 108 bytes, the last a NUL. */
const MAX_SOCKET_PATH_BYTES = 107;

interface Answer {
  status: number;
  text: string;
  headers?: Record<string, string> | undefined;
  record?: Partial<GatewayLogLine> | undefined;
}

export async function createLlmGateway(options: LlmGatewayOptions): Promise<LlmGateway> {
  const settings = resolveSettings(options);
  await claimSocketPath(options.socketPath);
  const log = await createGatewayLog(options.logPath);
  const budget: TokenBudget = createTokenBudget({ tokenBudget: settings.tokenBudget, maxRequests: options.maxRequests });
  const now = options.now ?? (() => new Date());
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  const counters = { refused: 0, upstreamFailures: 0, requestNumber: 0 };

  const usage = (): GatewayUsage => ({
    schemaVersion: GATEWAY_SCHEMA_VERSION,
    enabled: options.enabled,
    model: options.upstream?.model ?? null,
    ...budget.snapshot(),
    refused: counters.refused,
    upstreamFailures: counters.upstreamFailures,
  });

  const refuse = (failure: GatewayFailure, record?: Partial<GatewayLogLine>): Answer => {
    counters.refused += 1;
    return answerFailure(failure, record);
  };

  const chat = async (text: string): Promise<Answer> => {
    const prepared = prepareChatRequest(text, settings.policy);
    if (!prepared.ok) {
      return refuse(prepared.failure, {
        model: prepared.model,
        promptSha256: prepared.promptSha256,
        ...(options.logMessages && prepared.messages ? { messages: prepared.messages } : {}),
      });
    }
    const request = prepared.request;
    const record: Partial<GatewayLogLine> = { model: request.model, promptSha256: request.promptSha256, maxTokensRequested: request.requestedMaxTokens };
    if (options.logMessages) record.messages = request.messages;
    const admission = budget.admit({
      promptEstimate: request.promptEstimate,
      requestedMaxTokens: request.requestedMaxTokens,
      defaultMaxTokens: settings.defaultMaxTokens,
      choices: request.choices,
    });
    if (!admission.admitted) {
      const spent = budget.snapshot();
      const message = `${admission.message}. ${REFUSAL_ADVICE[admission.reason]}`;
      const details = {
        reason: admission.reason,
        used: spent.usedTokens,
        budget: spent.tokenBudget,
        reserved: spent.reservedTokens,
        requests: spent.requests,
        max_requests: spent.maxRequests,
      };
      return refuse({ status: 429, type: 'budget_exhausted', message, details }, record);
    }
    record.maxTokensSent = admission.maxTokens;
    const outcome = await forwardChatCompletion({
      url: settings.chatUrl,
      apiKey: options.upstream?.apiKey,
      body: { ...request.body, [request.maxTokensParameter]: admission.maxTokens },
      promptEstimate: request.promptEstimate,
      timeoutMs: options.leftSeconds
        ? Math.max(1, Math.min(settings.requestTimeoutMs, callDeadline(options.leftSeconds()) - Date.now()))
        : settings.requestTimeoutMs,
      signal: stopping.signal,
    });
    record.upstreamStatus = outcome.upstreamStatus;
    if (outcome.usage) {
      budget.settle(admission.reservation, outcome.usage);
      Object.assign(record, {
        promptTokens: outcome.usage.promptTokens,
        completionTokens: outcome.usage.completionTokens,
        usageEstimated: outcome.usage.estimated,
      });
    } else budget.release(admission.reservation);
    if (!outcome.ok) {
      if (outcome.failure.status >= 500) counters.upstreamFailures += 1;
      return answerFailure(outcome.failure, record);
    }
    if (options.logMessages) record.completion = outcome.completion;
    const after = budget.snapshot();
    const headers = {
      'x-ftdojo-tokens-used': String(after.usedTokens),
      'x-ftdojo-tokens-remaining': String(after.remainingTokens),
      'x-ftdojo-max-tokens': String(admission.maxTokens),
    };
    return { status: 200, text: outcome.text, headers, record };
  };

  const route = async (request: IncomingMessage, path: string): Promise<Answer> => {
    const body = await readRequestBody(request, settings.maxBodyBytes);
    if (body.kind === 'aborted')
      return answerFailure({ status: 400, type: 'invalid_request_error', message: 'the client closed the connection before sending the whole body' });
    if (!options.enabled) {
      return refuse({
        status: 403,
        type: 'gateway_disabled',
        message: `the LLM gateway is turned off for this run: no model calls are available. ${options.enableHint ?? DEFAULT_ENABLE_HINT}`,
      });
    }
    if (body.kind === 'too-large') {
      return refuse({
        status: 413,
        type: 'request_too_large',
        message: `the request body is ${body.bytes} bytes; the gateway takes at most ${settings.maxBodyBytes}: send fewer or shorter messages per call`,
      });
    }
    if (stopping.signal.aborted) return refuse({ status: 503, type: 'gateway_stopping', message: 'the LLM gateway is shutting down' });
    if (MODELS_PATHS.has(path)) {
      if (request.method !== 'GET') return refuse({ status: 405, type: 'method_not_allowed', message: `use GET ${path}` });
      const data = settings.policy.allowedModels.map((id) => ({ id, object: 'model', created: 0, owned_by: 'ftdojo-llm-gateway' }));
      return { status: 200, text: JSON.stringify({ object: 'list', data }) };
    }
    if (CHAT_PATHS.has(path)) {
      if (request.method !== 'POST') return refuse({ status: 405, type: 'method_not_allowed', message: `use POST ${path}` });
      return chat(body.text);
    }
    return refuse({
      status: 404,
      type: 'not_found',
      message: `no endpoint ${request.method} ${path}; the gateway serves POST /v1/chat/completions and GET /v1/models`,
    });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    const time = now().toISOString();
    counters.requestNumber += 1;
    const requestId = `gw-${counters.requestNumber}-${randomBytes(4).toString('hex')}`;
    const path = pathOf(request.url);
    let answer: Answer;
    try {
      answer = await route(request, path);
    } catch (error) {
      // A bug of ours: the client gets a 500 and the gateway keeps serving.
      answer = answerFailure({
        status: 500,
        type: 'internal_error',
        message: `the LLM gateway failed on this request: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    if (!response.headersSent && !response.destroyed) {
      response.writeHead(answer.status, { 'content-type': 'application/json', 'x-request-id': requestId, ...answer.headers });
      response.end(answer.text);
    }
    log.write({
      schemaVersion: GATEWAY_SCHEMA_VERSION,
      time,
      requestId,
      method: request.method ?? '',
      path,
      model: null,
      promptTokens: 0,
      completionTokens: 0,
      usageEstimated: false,
      upstreamStatus: null,
      maxTokensRequested: null,
      maxTokensSent: null,
      promptSha256: null,
      error: null,
      ...answer.record,
      status: answer.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };

  const server = createServer((request, response) => {
    const task = handle(request, response).finally(() => inFlight.delete(task));
    inFlight.add(task);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(
        new FtdojoError('INVALID_INPUT', `the LLM gateway cannot listen on ${options.socketPath}`, {
          hint: 'choose a socketPath in a writable folder',
          fault: 'environment',
          cause,
        }),
      ),
    );
    server.listen(options.socketPath, () => resolve());
  });

  let stopped: Promise<void> | null = null;
  return {
    socketPath: options.socketPath,
    usage,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await closed;
        await unlink(options.socketPath).catch(() => undefined);
        await log.flush();
      })();
      return stopped;
    },
  };
}

function answerFailure(failure: GatewayFailure, record?: Partial<GatewayLogLine>): Answer {
  return {
    status: failure.status,
    text: failureBody(failure),
    headers: failure.headers,
    record: { ...record, error: { type: failure.type, message: failure.message } },
  };
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://gateway').pathname.replace(/\/+$/, '') || '/';
  } catch {
    return '/';
  }
}

interface Settings {
  tokenBudget: number;
  defaultMaxTokens: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  policy: ModelPolicy;
  chatUrl: URL;
}

function resolveSettings(options: LlmGatewayOptions): Settings {
  const invalid = (message: string, hint: string): FtdojoError => new FtdojoError('INVALID_INPUT', message, { hint });
  const positive = (value: number | undefined, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1)
      throw invalid(`the LLM gateway's ${name} must be a whole number above 0, not ${value}`, `set ${name} to a positive integer`);
    return value;
  };
  positive(options.maxRequests, 'maxRequests', 1);
  const shared = {
    defaultMaxTokens: positive(options.defaultMaxTokens, 'defaultMaxTokens', 4096),
    requestTimeoutMs: positive(options.requestTimeoutMs, 'requestTimeoutMs', 300_000),
    maxBodyBytes: positive(options.maxBodyBytes, 'maxBodyBytes', 1024 * 1024),
  };
  const upstream = options.upstream;
  if (!options.enabled) {
    const model = upstream?.model ?? '';
    const policy: ModelPolicy = { defaultModel: model, allowedModels: [], maxTokensParameter: 'max_tokens' };
    return { ...shared, tokenBudget: options.tokenBudget ?? 0, policy, chatUrl: new URL('http://disabled.invalid/') };
  }
  if (!upstream || !upstream.model)
    throw invalid('the LLM gateway is enabled but has no upstream model', 'give upstream { baseUrl, apiKey, model }, or disable the gateway');
  if (options.tokenBudget === undefined)
    throw invalid('the LLM gateway is enabled but has no token budget', 'set tokenBudget (prompt plus completion tokens for the whole run)');
  const allowed = [upstream.model, ...(options.allowedModels ?? []).filter((name) => name !== upstream.model)];
  return {
    ...shared,
    tokenBudget: positive(options.tokenBudget, 'tokenBudget', 1),
    policy: { defaultModel: upstream.model, allowedModels: allowed, maxTokensParameter: upstream.maxTokensParameter ?? 'max_tokens' },
    chatUrl: upstreamUrl(upstream.baseUrl, 'chat/completions'),
  };
}

/** Makes the socket path usable: its folder exists, and a socket left by a crashed gateway is removed. */
async function claimSocketPath(path: string): Promise<void> {
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new FtdojoError('INVALID_INPUT', `the LLM gateway's socket path is ${bytes} bytes; unix sockets allow at most ${MAX_SOCKET_PATH_BYTES}: ${path}`, {
      hint: 'put the socket in a folder with a shorter path (under /tmp, say)',
    });
  }
  await mkdir(dirname(path), { recursive: true });
  const stats = await lstat(path).catch(() => null);
  if (stats === null) return;
  if (!stats.isSocket())
    throw new FtdojoError('INVALID_INPUT', `${path} exists and is not a socket`, { hint: 'remove it or choose another socketPath for the LLM gateway' });
  if (await socketAnswers(path))
    throw new FtdojoError('INVALID_INPUT', `another process is already listening on ${path}`, { hint: 'stop the other gateway or choose another socketPath' });
  await unlink(path);
}

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
