import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A test double at the HTTP boundary: a real server on 127.0.0.1 that speaks the OpenAI
 * chat-completions shape and replays a script, one reply per request, in order — the replies a
 * real provider gives only by chance (malformed or prose-wrapped JSON, refusals, 429 with
 * Retry-After, 500s, a reply slower than the client's timeout, a dropped connection). No real
 * API is reachable from the test machines; every request is recorded for the test to inspect.
 */
export type ScriptedChatReply =
  | {
      kind: 'completion';
      content: string;
      finishReason?: string | undefined;
      usage?: { promptTokens: number; completionTokens: number } | null | undefined;
      model?: string | undefined;
    }
  /**
   * An assistant message calling tools, finish_reason 'tool_calls'. `arguments` that are a string
   * are sent as they are (a model's malformed JSON); anything else as its JSON. Ids default to
   * call-<reply>-<index>.
   */
  | {
      kind: 'tool-calls';
      calls: readonly ScriptedToolCall[];
      content?: string | null | undefined;
      usage?: { promptTokens: number; completionTokens: number } | null | undefined;
    }
  /** OpenAI's shape: `message.content` null and `message.refusal` set. */
  | { kind: 'refusal'; refusal: string }
  | { kind: 'content-filter' }
  /** An error answer in the OpenAI shape (`{ error: { message, code } }`) unless `body` is given. */
  | {
      kind: 'error';
      status: number;
      headers?: Record<string, string> | undefined;
      message?: string | undefined;
      code?: string | undefined;
      body?: string | undefined;
    }
  | { kind: 'slow'; delayMs: number; then: ScriptedChatReply }
  /**
   * A reply streamed slowly: one server-sent event per piece, `delayMs` apart, then the usage chunk
   * and [DONE]. To a request without `stream: true` it is the whole completion, sent after all the delays.
   */
  | { kind: 'stream'; pieces: readonly string[]; delayMs: number }
  /**
   * A model that never stops talking: `first` (if any), then `piece` every `delayMs` for as long
   * as the client reads. To a request without `stream: true` it never answers at all.
   */
  | { kind: 'endless'; first?: string | undefined; piece: string; delayMs: number }
  /** The socket is closed without an answer. */
  | { kind: 'disconnect' };

export interface ScriptedToolCall {
  id?: string | undefined;
  name: string;
  arguments: unknown;
}

/** Shorthands for the replies tests use most. */
export const chatReplies = {
  text: (content: string, finishReason?: string): ScriptedChatReply => ({ kind: 'completion', content, finishReason }),
  /** One call: `chatReplies.toolCall('task_card', { sessionId: 's' })`. */
  toolCall: (name: string, args: unknown = {}): ScriptedChatReply => ({ kind: 'tool-calls', calls: [{ name, arguments: args }] }),
  /** Several calls in one reply. */
  toolCalls: (...calls: ScriptedToolCall[]): ScriptedChatReply => ({ kind: 'tool-calls', calls }),
  json: (value: unknown): ScriptedChatReply => ({ kind: 'completion', content: JSON.stringify(value) }),
  proseWrapped: (value: unknown): ScriptedChatReply => ({
    kind: 'completion',
    content: `Sure! Here is the plan:\n\n\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\`\n\nLet me know if you need changes.`,
  }),
  malformed: (): ScriptedChatReply => ({ kind: 'completion', content: '{"hypothesis": "raise the learning rate", "steps": [1, 2,' }),
  refusal: (refusal = "I'm sorry, but I can't help with that."): ScriptedChatReply => ({ kind: 'refusal', refusal }),
  contentFilter: (): ScriptedChatReply => ({ kind: 'content-filter' }),
  rateLimited: (retryAfterSeconds: number): ScriptedChatReply => ({
    kind: 'error',
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    message: 'Rate limit reached',
    code: 'rate_limit_exceeded',
  }),
  serverError: (status = 500): ScriptedChatReply => ({ kind: 'error', status, message: 'The server had an error while processing your request.' }),
  slow: (delayMs: number, then: ScriptedChatReply): ScriptedChatReply => ({ kind: 'slow', delayMs, then }),
  /** `text` streamed a few characters at a time, `delayMs` apart. */
  streamed: (text: string, delayMs: number, pieceCharacters = 4): ScriptedChatReply => ({
    kind: 'stream',
    pieces: text.match(new RegExp(`[\\s\\S]{1,${pieceCharacters}}`, 'g')) ?? [],
    delayMs,
  }),
  endless: (piece: string, delayMs: number, first?: string): ScriptedChatReply => ({ kind: 'endless', piece, delayMs, first }),
  disconnect: (): ScriptedChatReply => ({ kind: 'disconnect' }),
};

export interface ScriptedChatRequest {
  method: string;
  /** The path, e.g. /v1/chat/completions. */
  path: string;
  /** The query string, '' when none (Azure sends ?api-version=...). */
  search: string;
  headers: IncomingHttpHeaders;
  body: { model?: string; messages?: ScriptedChatMessage[]; tools?: ScriptedChatTool[]; [key: string]: unknown };
}

/** A message as the client sent it. Typed for the common case: an assistant message that only calls tools may carry content null. */
export interface ScriptedChatMessage {
  role: string;
  content: string;
  tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface ScriptedChatTool {
  type: string;
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ScriptedChatServer {
  /** The base URL, with /v1 (what FTDOJO_LLM_BASE_URL would hold). */
  url: string;
  /** The bare origin, for other base-URL shapes. */
  origin: string;
  /** Every request received, in order, including those refused for a wrong key or model. */
  requests: ScriptedChatRequest[];
  /** Replies not yet used. */
  remaining(): number;
  /** Streamed replies the client stopped reading before they ended (it disconnected). */
  streamsCut(): number;
  /** Adds replies to the end of the script. */
  push(...replies: ScriptedChatReply[]): void;
  close(): Promise<void>;
}

export interface ScriptedChatServerOptions {
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401 (and use up no reply). */
  apiKey?: string | undefined;
  /** When set, requests for another model get 404, as OpenAI and vLLM answer. */
  model?: string | undefined;
  /** What GET /v1/models lists (default: `model`, else "scripted-model"). */
  models?: readonly string[] | undefined;
  /** Answer a streamed request with HTTP 400, as a server that does not stream would (uses up no reply). */
  refuseStreaming?: boolean | undefined;
}

export async function startScriptedChatServer(script: readonly ScriptedChatReply[], options: ScriptedChatServerOptions = {}): Promise<ScriptedChatServer> {
  const queue = [...script];
  const requests: ScriptedChatRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let answered = 0;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const send = async (response: ServerResponse, reply: ScriptedChatReply, body: ScriptedChatRequest['body']): Promise<void> => {
    if (reply.kind === 'slow') {
      await wait(reply.delayMs);
      if (!response.destroyed) await send(response, reply.then, body);
      return;
    }
    if (reply.kind === 'disconnect') {
      response.socket?.destroy();
      return;
    }
    if (reply.kind === 'stream' || reply.kind === 'endless') {
      await sendStreamed(response, reply, body);
      return;
    }
    if (reply.kind === 'error') {
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(
        reply.body ?? JSON.stringify({ error: { message: reply.message ?? `scripted HTTP ${reply.status}`, type: 'scripted', code: reply.code ?? null } }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(reply, body, answered)));
  };

  // Server-sent events as OpenAI sends them: a chunk per piece, a usage chunk, then [DONE].
  const sendStreamed = async (
    response: ServerResponse,
    reply: Extract<ScriptedChatReply, { kind: 'stream' | 'endless' }>,
    body: ScriptedChatRequest['body'],
  ) => {
    const model = body.model ?? 'scripted-model';
    if (body.stream !== true) {
      if (reply.kind === 'endless') return; // generating forever: no answer ever comes
      for (const _piece of reply.pieces) await wait(reply.delayMs);
      if (!response.destroyed)
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(completion({ kind: 'completion', content: reply.pieces.join('') }, body, answered)));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const event = (value: unknown) => response.write(`data: ${JSON.stringify(value)}\n\n`);
    const chunk = (content: string, finish: string | null = null) =>
      event({ id: 'chatcmpl-stream', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
    if (reply.kind === 'endless') {
      if (reply.first) chunk(reply.first);
      while (!response.destroyed && !response.writableEnded) {
        await wait(reply.delayMs);
        if (response.destroyed) break;
        chunk(reply.piece);
      }
      streamsCut += 1;
      return;
    }
    let sent = 0;
    for (const piece of reply.pieces) {
      await wait(reply.delayMs);
      if (response.destroyed) {
        streamsCut += 1;
        return;
      }
      chunk(piece);
      sent += 1;
    }
    chunk('', 'stop');
    event({
      id: 'chatcmpl-stream',
      object: 'chat.completion.chunk',
      model,
      choices: [],
      usage: { prompt_tokens: 10, completion_tokens: sent, total_tokens: 10 + sent },
    });
    response.end('data: [DONE]\n\n');
  };
  let streamsCut = 0;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = new URL(request.url ?? '/', 'http://scripted');
      const path = target.pathname.replace(/\/+$/, '');
      const json = (status: number, value: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (request.method === 'GET' && path.endsWith('/models'))
        return json(200, { object: 'list', data: (options.models ?? [options.model ?? 'scripted-model']).map((id) => ({ id, object: 'model' })) });
      let body: ScriptedChatRequest['body'] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ScriptedChatRequest['body'];
      } catch {
        // Recorded as {}: the test sees the client sent something unreadable.
      }
      requests.push({ method: request.method ?? '', path, search: target.search, headers: request.headers, body });
      if (request.method !== 'POST' || !path.endsWith('/chat/completions'))
        return json(404, { error: { message: `no route ${request.method} ${path}`, code: 'not_found' } });
      if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
        return json(401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
      }
      if (options.refuseStreaming && body.stream === true)
        return json(400, { error: { message: 'stream is not supported by this server', code: 'invalid_request' } });
      if (options.model !== undefined && body.model !== options.model)
        return json(404, { error: { message: `The model \`${String(body.model)}\` does not exist.`, code: 'model_not_found' } });
      const reply = queue.shift();
      if (reply === undefined)
        return json(400, {
          error: { message: `the scripted chat server has no reply left (it answered ${answered}); add more to the script`, code: 'script_exhausted' },
        });
      answered += 1;
      void send(response, reply, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/v1`,
    origin,
    requests,
    remaining: () => queue.length,
    streamsCut: () => streamsCut,
    push: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function completion(
  reply: Extract<ScriptedChatReply, { kind: 'completion' | 'tool-calls' | 'refusal' | 'content-filter' }>,
  body: ScriptedChatRequest['body'],
  index: number,
): unknown {
  const content = reply.kind === 'completion' ? reply.content : reply.kind === 'tool-calls' ? (reply.content ?? null) : reply.kind === 'refusal' ? null : '';
  const toolCalls =
    reply.kind === 'tool-calls'
      ? reply.calls.map((call, position) => ({
          id: call.id ?? `call-${index}-${position}`,
          type: 'function',
          function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
        }))
      : null;
  const message =
    reply.kind === 'refusal'
      ? { role: 'assistant', content, refusal: reply.refusal }
      : { role: 'assistant', content, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) };
  const finishReason = {
    completion: reply.kind === 'completion' ? (reply.finishReason ?? 'stop') : 'stop',
    'tool-calls': 'tool_calls',
    refusal: 'stop',
    'content-filter': 'content_filter',
  }[reply.kind];
  const promptTokens = (body.messages ?? []).reduce((sum, item) => sum + Math.ceil(String(item.content ?? '').length / 4), 0);
  const written = (content ?? '') + (toolCalls ?? []).map((call) => call.function.name + call.function.arguments).join('');
  const completionTokens = Math.max(1, Math.ceil(written.length / 4));
  const usage = (reply.kind === 'completion' || reply.kind === 'tool-calls') && reply.usage !== undefined ? reply.usage : { promptTokens, completionTokens };
  return {
    id: `chatcmpl-scripted-${index}`,
    object: 'chat.completion',
    model: (reply.kind === 'completion' ? reply.model : undefined) ?? body.model ?? 'scripted-model',
    choices: [{ index: 0, message, finish_reason: finishReason }],
    ...(usage === null
      ? {}
      : { usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens } }),
  };
}
