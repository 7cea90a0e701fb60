import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer, type FakeOpenAiServerOptions } from '../../testing/fake-openai-server.js';
import { createLlmGateway, type LlmGateway, type LlmGatewayOptions } from './llm-gateway.js';
import { GatewayLogLineSchema, GatewayUsageSchema, type GatewayLogLine } from './gateway-records.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read the OpenAI shape freely
  json: any;
}

/** A real HTTP request over the gateway's unix socket, as a sandboxed script would make it. */
function call(
  socketPath: string,
  options: { method?: string; path?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        socketPath,
        method: options.method ?? 'POST',
        path: options.path ?? '/v1/chat/completions',
        headers: { 'content-type': 'application/json', ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const user = (content: string) => ({ messages: [{ role: 'user', content }] });

let root: string;
let upstream: FakeOpenAiServer | null;
let gateway: LlmGateway | null;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ftdojo-gw-'));
  upstream = null;
  gateway = null;
});

afterEach(async () => {
  await gateway?.stop();
  await upstream?.close();
  rmSync(root, { recursive: true, force: true });
});

async function start(
  options: Partial<LlmGatewayOptions> = {},
  fake: FakeOpenAiServerOptions = {},
): Promise<{ gateway: LlmGateway; upstream: FakeOpenAiServer; socket: string }> {
  upstream = await startFakeOpenAiServer({ model: 'teacher', ...fake });
  gateway = await createLlmGateway({
    socketPath: join(root, 'run', 'llm.sock'),
    logPath: join(root, 'logs', 'llm-gateway.jsonl'),
    enabled: true,
    upstream: { baseUrl: upstream.url, apiKey: 'sk-real-provider-key', model: 'teacher' },
    tokenBudget: 10_000,
    ...options,
  });
  return { gateway, upstream, socket: gateway.socketPath };
}

function logLines(): GatewayLogLine[] {
  return readFileSync(join(root, 'logs', 'llm-gateway.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => GatewayLogLineSchema.parse(JSON.parse(line)));
}

/** The fake honours max_tokens: it answers exactly that many tokens (4 characters each). */
const honoursMaxTokens: FakeOpenAiServerOptions['reply'] = (request) => ({ content: 'x'.repeat(4 * (request.body.max_tokens ?? 10)) });

describe('createLlmGateway: forwarding', () => {
  it('forwards a chat completion with the real key and drops the key the client sent', async () => {
    const { socket, upstream } = await start();
    const reply = await call(socket, { body: user('hello from the sandbox'), headers: { authorization: 'Bearer sk-guessed-by-the-script' } });
    expect(reply.status).toBe(200);
    expect(reply.json.choices[0].message.content).toBe('hello from the sandb');
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]!.headers.authorization).toBe('Bearer sk-real-provider-key');
    expect(JSON.stringify(upstream.requests[0]!.headers)).not.toContain('sk-guessed-by-the-script');
    // The model is filled in when the client names none, and the cap is always sent.
    expect(upstream.requests[0]!.body.model).toBe('teacher');
    expect(upstream.requests[0]!.body.max_tokens).toBe(4096);
    expect(reply.headers['x-request-id']).toMatch(/^gw-1-/);
    expect(reply.headers['x-ftdojo-max-tokens']).toBe('4096');
  });

  it('passes other parameters through and serves GET /v1/models from its own list', async () => {
    const { socket, upstream } = await start({ allowedModels: ['teacher', 'teacher-mini'] });
    const reply = await call(socket, { body: { ...user('hi'), model: 'teacher', temperature: 0.3, top_p: 0.9 } });
    expect(reply.status).toBe(200);
    expect(upstream.requests[0]!.body).toMatchObject({ temperature: 0.3, top_p: 0.9, model: 'teacher' });
    const models = await call(socket, { method: 'GET', path: '/v1/models' });
    expect(models.status).toBe(200);
    expect(models.json.data.map((entry: { id: string }) => entry.id)).toEqual(['teacher', 'teacher-mini']);
  });

  it('refuses a model outside the allowed list without calling upstream', async () => {
    const { socket, upstream } = await start();
    const reply = await call(socket, { body: { ...user('hi'), model: 'gpt-5-pro' } });
    expect(reply.status).toBe(400);
    expect(reply.json.error.type).toBe('model_not_allowed');
    expect(reply.json.error.message).toContain('"teacher"');
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses streaming with a clear 400', async () => {
    const { socket, upstream } = await start();
    const reply = await call(socket, { body: { ...user('hi'), stream: true } });
    expect(reply.status).toBe(400);
    expect(reply.json.error.type).toBe('streaming_not_supported');
    expect(reply.json.error.message).toMatch(/does not stream/);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('createLlmGateway: budget', () => {
  it('caps the call that would pass the budget and refuses the next with 429', async () => {
    // Prompt: 12 characters, 3 tokens upstream, estimated at 4 + 4 = 8 by the gateway.
    const { socket, upstream, gateway } = await start({ tokenBudget: 40 }, { reply: honoursMaxTokens });
    const first = await call(socket, { body: { ...user('a'.repeat(12)), max_tokens: 20 } });
    expect(first.status).toBe(200);
    expect(upstream.requests[0]!.body.max_tokens).toBe(20);
    expect(first.headers['x-ftdojo-tokens-used']).toBe('23');

    // 17 left, the prompt is estimated at 8: at most 9 for the completion.
    const second = await call(socket, { body: { ...user('a'.repeat(12)), max_tokens: 20 } });
    expect(second.status).toBe(200);
    expect(upstream.requests[1]!.body.max_tokens).toBe(9);
    expect(second.headers['x-ftdojo-max-tokens']).toBe('9');
    expect(gateway.usage()).toMatchObject({ usedTokens: 35, promptTokens: 6, completionTokens: 29, remainingTokens: 5, requests: 2, reservedTokens: 0 });

    const third = await call(socket, { body: { ...user('a'.repeat(12)), max_tokens: 20 } });
    expect(third.status).toBe(429);
    expect(third.json.error).toMatchObject({ type: 'budget_exhausted', used: 35, budget: 40 });
    expect(third.json.error.message).toContain('only 5 of 40 tokens are left');
    expect(upstream.requests).toHaveLength(2);
  });

  it('refuses every call once upstream overshoots the budget', async () => {
    // This upstream ignores max_tokens: 100 characters, 25 tokens, whatever the cap.
    const { socket, upstream, gateway } = await start({ tokenBudget: 20 }, { reply: () => ({ content: 'y'.repeat(100) }) });
    const first = await call(socket, { body: { ...user('a'.repeat(12)), max_tokens: 50 } });
    expect(first.status).toBe(200);
    expect(upstream.requests[0]!.body.max_tokens).toBe(12);
    expect(gateway.usage().usedTokens).toBe(28);
    for (const prompt of ['b', 'a much longer prompt than before']) {
      const refused = await call(socket, { body: user(prompt) });
      expect(refused.status).toBe(429);
      expect(refused.json.error).toMatchObject({ type: 'budget_exhausted', used: 28, budget: 20 });
      expect(refused.json.error.message).toContain('the token budget is spent: 28 of 20 tokens used');
    }
    expect(upstream.requests).toHaveLength(1);
    expect(gateway.usage()).toMatchObject({ refused: 2, requests: 1, remainingTokens: 0 });
  });

  it('caps max_completion_tokens under its own name and honours maxRequests', async () => {
    const { socket, upstream } = await start({ tokenBudget: 1000, maxRequests: 1 }, { reply: honoursMaxTokens });
    const first = await call(socket, { body: { ...user('hi'), max_completion_tokens: 5000, max_tokens: 7000 } });
    expect(first.status).toBe(200);
    expect(upstream.requests[0]!.body.max_completion_tokens).toBe(1000 - 5);
    expect(upstream.requests[0]!.body).not.toHaveProperty('max_tokens');
    const second = await call(socket, { body: user('hi') });
    expect(second.status).toBe(429);
    expect(second.json.error.message).toContain('request limit is reached: 1 of 1');
  });

  it('reserves tokens for calls in flight, so concurrent calls share what is left', async () => {
    const { socket, upstream, gateway } = await start({ tokenBudget: 100 }, { delayMs: 200 });
    const calls = [call(socket, { body: { ...user('hi'), max_tokens: 60 } }), call(socket, { body: { ...user('ho'), max_tokens: 60 } })];
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Each prompt is estimated at 5: the first holds 65, the second may have 100 - 65 - 5.
    expect(gateway.usage()).toMatchObject({ reservedTokens: 65 + 35, remainingTokens: 0 });
    const replies = await Promise.all(calls);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
    expect(upstream.requests.map((request) => request.body.max_tokens).sort()).toEqual([30, 60]);
    expect(gateway.usage().reservedTokens).toBe(0);
  });

  it('estimates usage conservatively when upstream reports none, and says so', async () => {
    const { socket, gateway } = await start(
      {},
      { reply: () => ({ raw: JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: 'z'.repeat(30) } }] }) }) },
    );
    const reply = await call(socket, { body: user('a'.repeat(12)) });
    expect(reply.status).toBe(200);
    expect(gateway.usage()).toMatchObject({ promptTokens: 8, completionTokens: 10, estimatedTokens: 18 });
    await gateway.stop();
    expect(logLines()[0]).toMatchObject({ usageEstimated: true, promptTokens: 8, completionTokens: 10 });
  });

  it('reports usage() against the schema', async () => {
    const { socket, gateway } = await start({ tokenBudget: 500, maxRequests: 10 });
    await call(socket, { body: user('a'.repeat(8)) });
    await call(socket, { raw: '{nope' });
    const usage = GatewayUsageSchema.parse(gateway.usage());
    expect(usage).toEqual({
      schemaVersion: 1,
      enabled: true,
      model: 'teacher',
      tokenBudget: 500,
      usedTokens: 2 + 2,
      promptTokens: 2,
      completionTokens: 2,
      estimatedTokens: 0,
      reservedTokens: 0,
      remainingTokens: 496,
      requests: 1,
      maxRequests: 10,
      refused: 1,
      upstreamFailures: 0,
    });
  });
});

describe('createLlmGateway: bad input and failures', () => {
  it('answers 403 to everything when disabled, saying how to enable it', async () => {
    gateway = await createLlmGateway({
      socketPath: join(root, 'llm.sock'),
      logPath: join(root, 'log.jsonl'),
      enabled: false,
      enableHint: 'Pass --llm-gateway to ftdojo run.',
    });
    for (const options of [{ body: user('hi') }, { method: 'GET', path: '/v1/models' }]) {
      const reply = await call(gateway.socketPath, options);
      expect(reply.status).toBe(403);
      expect(reply.json.error.type).toBe('gateway_disabled');
      expect(reply.json.error.message).toContain('turned off for this run');
      expect(reply.json.error.message).toContain('Pass --llm-gateway to ftdojo run.');
    }
    expect(GatewayUsageSchema.parse(gateway.usage())).toMatchObject({ enabled: false, model: null, tokenBudget: 0, refused: 2 });
  });

  it('answers 400 to invalid JSON and to a body that is not a chat request, and keeps serving', async () => {
    const { socket } = await start();
    const broken = await call(socket, { raw: '{"messages": [' });
    expect(broken.status).toBe(400);
    expect(broken.json.error.type).toBe('invalid_json');
    const wrong = await call(socket, { body: { prompt: 'hi' } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toMatchObject({ type: 'invalid_request_error' });
    expect(wrong.json.error.message).toContain('messages');
    const array = await call(socket, { raw: '[1, 2]' });
    expect(array.status).toBe(400);
    expect((await call(socket, { body: user('still alive') })).status).toBe(200);
  });

  it('answers 413 to a body over the limit, 404 and 405 to other routes', async () => {
    const { socket, upstream } = await start({ maxBodyBytes: 1000 });
    const large = await call(socket, { body: user('q'.repeat(5000)) });
    expect(large.status).toBe(413);
    expect(large.json.error.type).toBe('request_too_large');
    expect((await call(socket, { method: 'GET', path: '/v1/completions' })).status).toBe(404);
    expect((await call(socket, { method: 'GET', path: '/v1/chat/completions' })).status).toBe(405);
    expect(upstream.requests).toHaveLength(0);
  });

  it('turns upstream 500 into 502 with the upstream status, counting no tokens', async () => {
    const { socket, gateway } = await start({}, { reply: () => ({ status: 500 }) });
    const reply = await call(socket, { body: user('hi') });
    expect(reply.status).toBe(502);
    expect(reply.json.error).toMatchObject({ type: 'upstream_error', upstream_status: 500 });
    expect(reply.json.error.message).toContain('upstream answered HTTP 500: scripted HTTP 500');
    expect(gateway.usage()).toMatchObject({ usedTokens: 0, reservedTokens: 0, requests: 1, upstreamFailures: 1 });
    await gateway.stop();
    expect(logLines()[0]).toMatchObject({ status: 502, upstreamStatus: 500, error: { type: 'upstream_error' } });
  });

  it('passes upstream 400 and 429 on as the client’s to fix, never echoing the key', async () => {
    let status = 400;
    const { socket } = await start(
      {},
      {
        reply: () => ({
          status,
          headers: { 'retry-after': '3' },
          raw: JSON.stringify({ error: { message: 'bad key sk-real-provider-key or prompt too long' } }),
        }),
      },
    );
    const rejected = await call(socket, { body: user('hi') });
    expect(rejected.status).toBe(400);
    expect(rejected.json.error.type).toBe('upstream_rejected_request');
    expect(rejected.text).not.toContain('sk-real-provider-key');
    status = 429;
    const limited = await call(socket, { body: user('hi') });
    expect(limited.status).toBe(429);
    expect(limited.json.error.type).toBe('upstream_rate_limited');
    expect(limited.headers['retry-after']).toBe('3');
  });

  it('answers 502 when upstream cannot be reached and 504 when it is too slow', async () => {
    const closed = await startFakeOpenAiServer({ model: 'teacher' });
    await closed.close();
    gateway = await createLlmGateway({
      socketPath: join(root, 'a.sock'),
      logPath: join(root, 'log.jsonl'),
      enabled: true,
      upstream: { baseUrl: closed.url, model: 'teacher' },
      tokenBudget: 100,
    });
    const unreachable = await call(gateway.socketPath, { body: user('hi') });
    expect(unreachable.status).toBe(502);
    expect(unreachable.json.error.type).toBe('upstream_unreachable');
    await gateway.stop();

    const slow = await start({ requestTimeoutMs: 100, socketPath: join(root, 'b.sock') }, { delayMs: 1000 });
    const timedOut = await call(slow.socket, { body: user('hi') });
    expect(timedOut.status).toBe(504);
    expect(timedOut.json.error.type).toBe('upstream_timeout');
    expect(slow.gateway.usage().reservedTokens).toBe(0);
  });
});

describe('createLlmGateway: log and lifecycle', () => {
  it('writes one schema-valid line per request, with a prompt hash and no prompt text', async () => {
    const { socket, gateway } = await start();
    await call(socket, { body: user('secret prompt text') });
    await call(socket, { body: { ...user('hi'), model: 'nope' } });
    await call(socket, { raw: 'not json' });
    await gateway.stop();
    const lines = logLines();
    expect(lines.map((line) => line.status)).toEqual([200, 400, 400]);
    expect(lines[0]).toMatchObject({
      schemaVersion: 1,
      model: 'teacher',
      path: '/v1/chat/completions',
      promptTokens: 5,
      completionTokens: 5,
      maxTokensSent: 4096,
      maxTokensRequested: null,
      error: null,
      upstreamStatus: 200,
    });
    expect(lines[0]!.promptSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(lines[1]).toMatchObject({ model: 'nope', error: { type: 'model_not_allowed' } });
    expect(lines[2]).toMatchObject({ model: null, promptSha256: null, error: { type: 'invalid_json' } });
    expect(new Set(lines.map((line) => line.requestId)).size).toBe(3);
    expect(readFileSync(join(root, 'logs', 'llm-gateway.jsonl'), 'utf8')).not.toContain('secret prompt text');
  });

  it('logs full messages and the reply when asked to', async () => {
    const { socket, gateway } = await start({ logMessages: true });
    await call(socket, { body: user('show me in the log') });
    await gateway.stop();
    expect(logLines()[0]).toMatchObject({ messages: [{ role: 'user', content: 'show me in the log' }], completion: 'show me in the log' });
  });

  it('removes its socket on stop, and takes over a socket left by a crashed gateway', async () => {
    const { gateway: first, socket } = await start();
    await first.stop();
    expect(existsSync(socket)).toBe(false);
    // A socket file nobody listens on: what a killed gateway leaves behind.
    // (Node removes its socket on a clean close, so a killed child leaves one.)
    spawnSync(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    expect(existsSync(socket)).toBe(true);
    gateway = await createLlmGateway({
      socketPath: socket,
      logPath: join(root, 'log.jsonl'),
      enabled: true,
      upstream: { baseUrl: upstream!.url, model: 'teacher' },
      tokenBudget: 100,
    });
    expect((await call(socket, { body: user('hi') })).status).toBe(200);
    await expect(createLlmGateway({ socketPath: socket, logPath: join(root, 'other.jsonl'), enabled: false })).rejects.toThrow(/already listening/);
  });

  it('stops promptly with a call in flight, answering it 503', async () => {
    const { socket, gateway } = await start({}, { delayMs: 5000 });
    const pending = call(socket, { body: user('hi') });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await gateway.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await pending).toMatchObject({ status: 503, json: { error: { type: 'gateway_stopping' } } });
    expect(gateway.usage().reservedTokens).toBe(0);
  });

  it('refuses to start without an upstream or a budget when enabled', async () => {
    await expect(createLlmGateway({ socketPath: join(root, 's.sock'), logPath: join(root, 'l.jsonl'), enabled: true, tokenBudget: 10 })).rejects.toThrow(
      /no upstream model/,
    );
    await expect(
      createLlmGateway({
        socketPath: join(root, 's.sock'),
        logPath: join(root, 'l.jsonl'),
        enabled: true,
        upstream: { baseUrl: 'http://127.0.0.1:1', model: 'm' },
      }),
    ).rejects.toThrow(/no token budget/);
    await expect(
      createLlmGateway({
        socketPath: join(root, 's.sock'),
        logPath: join(root, 'l.jsonl'),
        enabled: true,
        upstream: { baseUrl: 'ftp://x', model: 'm' },
        tokenBudget: 5,
      }),
    ).rejects.toThrow(/must be http or https/);
    await expect(createLlmGateway({ socketPath: join(root, 'x'.repeat(120), 's.sock'), logPath: join(root, 'l.jsonl'), enabled: false })).rejects.toThrow(
      /at most 107/,
    );
  });
});
