import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A test double at the HTTP boundary: a real server on 127.0.0.1 that speaks the OpenAI
 * chat-completions shape (POST /v1/chat/completions, GET /v1/models), with scripted answers and
 * failures (429, 5xx, refusals, redirects) that a real server cannot be made to produce on cue.
 * Tests of the endpoint backend against a real server use `llamafactory-cli api`.
 */
export interface FakeChatRequest {
  body: { model: string; messages: { role: string; content: string }[]; temperature?: number; max_tokens?: number; [key: string]: unknown };
  headers: IncomingHttpHeaders;
  /** 1 for the first request carrying this prompt, 2 for its retry, ... */
  attempt: number;
}

export interface FakeChatReply {
  status?: number;
  headers?: Record<string, string>;
  /** A chat completion is built from `content`; `raw` sends this text as the body instead. */
  content?: string;
  finishReason?: 'stop' | 'length';
  raw?: string;
}

export interface FakeOpenAiServer {
  url: string;
  /** Every chat request received, in order. */
  requests: FakeChatRequest[];
  close(): Promise<void>;
}

export interface FakeOpenAiServerOptions {
  /** The model name the server serves (checked: another name answers 404 like vLLM). */
  model?: string;
  /** Default: echo the last user message's first 20 characters. */
  reply?: (request: FakeChatRequest) => FakeChatReply | Promise<FakeChatReply>;
  /** Milliseconds to wait before answering (to observe concurrency). */
  delayMs?: number;
}

export async function startFakeOpenAiServer(options: FakeOpenAiServerOptions = {}): Promise<FakeOpenAiServer> {
  const model = options.model ?? 'fake-model';
  const requests: FakeChatRequest[] = [];
  const attempts = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        if (request.method === 'GET' && request.url === '/v1/models') {
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: model, object: 'model' }] }));
          return;
        }
        if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
          response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Not Found' }));
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeChatRequest['body'];
        const key = JSON.stringify(body.messages);
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        const chat: FakeChatRequest = { body, headers: request.headers, attempt };
        requests.push(chat);
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        if (body.model !== model) {
          response
            .writeHead(404, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: { message: `The model \`${body.model}\` does not exist.` } }));
          return;
        }
        const reply = await (options.reply ?? echo)(chat);
        const status = reply.status ?? 200;
        response.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
        if (reply.raw !== undefined || status !== 200) {
          response.end(reply.raw ?? JSON.stringify({ error: { message: `scripted HTTP ${status}` } }));
          return;
        }
        const content = reply.content ?? '';
        const promptTokens = body.messages.reduce((sum, message) => sum + Math.ceil(message.content.length / 4), 0);
        response.end(
          JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: 'chat.completion',
            model,
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: reply.finishReason ?? 'stop' }],
            usage: {
              prompt_tokens: promptTokens,
              completion_tokens: Math.max(1, Math.ceil(content.length / 4)),
              total_tokens: promptTokens + Math.ceil(content.length / 4),
            },
          }),
        );
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function echo(request: FakeChatRequest): FakeChatReply {
  const last = [...request.body.messages].reverse().find((message) => message.role === 'user');
  return { content: (last?.content ?? '').slice(0, 20) };
}
