import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isFtdojoError } from '../../core/index.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../testing/fake-openai-server.js';
import { createOpenAiCompatibleBackend } from './openai-compatible-backend.js';
import { chatCompletionsUrl } from './post-chat-completion.js';

const noWait = { sleep: async () => undefined, baseDelayMs: 1, maxDelayMs: 1 };
const requests = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ id: `q${index}`, messages: [{ role: 'user' as const, content: `question ${index}` }] }));

let server: FakeOpenAiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('chatCompletionsUrl', () => {
  it('appends /v1/chat/completions to a base URL, with or without /v1', () => {
    expect(chatCompletionsUrl('http://127.0.0.1:8000').href).toBe('http://127.0.0.1:8000/v1/chat/completions');
    expect(chatCompletionsUrl('http://host:8000/v1/').href).toBe('http://host:8000/v1/chat/completions');
    expect(chatCompletionsUrl('https://gw.example/openai/v1').href).toBe('https://gw.example/openai/v1/chat/completions');
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => chatCompletionsUrl('localhost:8000')).toThrow(/must be http or https|not a URL/);
    expect(() => chatCompletionsUrl('not a url')).toThrow(/not a URL/);
  });
});

describe('createOpenAiCompatibleBackend (fake OpenAI server double)', () => {
  it('sends greedy requests with max_tokens and the key, and returns outputs in request order', async () => {
    server = await startFakeOpenAiServer({
      model: 'served',
      delayMs: 20,
      reply: ({ body }) => ({
        content: `answer to ${body.messages.at(-1)!.content}`,
        finishReason: body.messages.at(-1)!.content.endsWith('3') ? 'length' : 'stop',
      }),
    });
    const backend = createOpenAiCompatibleBackend({ baseUrl: server.url, apiKey: 'sk-test', model: 'served', concurrency: 3 });
    const progress: number[] = [];
    const result = await backend.generate(requests(5), { maxNewTokens: 7, onProgress: (update) => progress.push(update.done) });

    expect(result.outputs.map((output) => [output.id, output.output, output.finishReason])).toEqual([
      ['q0', 'answer to question 0', 'stop'],
      ['q1', 'answer to question 1', 'stop'],
      ['q2', 'answer to question 2', 'stop'],
      ['q3', 'answer to question 3', 'length'],
      ['q4', 'answer to question 4', 'stop'],
    ]);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    for (const request of server.requests) {
      expect(request.body).toMatchObject({ model: 'served', temperature: 0, max_tokens: 7, stream: false });
      expect(request.headers.authorization).toBe('Bearer sk-test');
    }
    expect(result.engine).toMatchObject({ engine: 'openai-compatible', chatTemplate: null, modelSha256: null, batchSize: 3, servedModel: 'served' });
    expect(result.stats.samples).toBe(5);
    expect(result.stats.generatedTokens).toBeGreaterThan(0);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    server = await startFakeOpenAiServer({
      reply: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 15));
        inFlight -= 1;
        return { content: 'x' };
      },
    });
    await createOpenAiCompatibleBackend({ baseUrl: server.url, model: 'fake-model', concurrency: 2 }).generate(requests(6), { maxNewTokens: 4 });
    expect(peak).toBe(2);
  });

  it('retries 429 (honouring Retry-After) and 5xx, then succeeds', async () => {
    const slept: number[] = [];
    server = await startFakeOpenAiServer({
      reply: ({ attempt }) => (attempt === 1 ? { status: 429, headers: { 'retry-after': '2' } } : attempt === 2 ? { status: 503 } : { content: 'ok' }),
    });
    const backend = createOpenAiCompatibleBackend({ baseUrl: server.url, model: 'fake-model', retry: { ...noWait, sleep: async (ms) => void slept.push(ms) } });
    const result = await backend.generate(requests(1), { maxNewTokens: 4 });
    expect(result.outputs[0]!.output).toBe('ok');
    expect(server.requests.map((request) => request.attempt)).toEqual([1, 2, 3]);
    expect(slept[0]).toBe(2000);
  });

  it('gives up after the last attempt with a retryable NETWORK error', async () => {
    server = await startFakeOpenAiServer({ reply: () => ({ status: 500 }) });
    const backend = createOpenAiCompatibleBackend({ baseUrl: server.url, model: 'fake-model', retry: { ...noWait, attempts: 3 } });
    const error = await backend.generate(requests(1), { maxNewTokens: 4 }).catch((caught: unknown) => caught);
    expect(isFtdojoError(error) && error.code).toBe('NETWORK');
    expect(isFtdojoError(error) && error.retryable).toBe(true);
    expect(String((error as Error).message)).toMatch(/failed 3 time\(s\): HTTP 500/);
  });

  it("makes a refused prompt (400) that sample's outcome, and stops the run on a wrong key (401) or model (404)", async () => {
    server = await startFakeOpenAiServer({
      reply: ({ body, headers }) =>
        headers.authorization !== 'Bearer right'
          ? { status: 401 }
          : body.messages[0]!.content === 'question 1'
            ? { status: 400, raw: '{"error":"prompt too long"}' }
            : { content: 'fine' },
    });
    const good = await createOpenAiCompatibleBackend({ baseUrl: server.url, apiKey: 'right', model: 'fake-model' }).generate(requests(2), { maxNewTokens: 4 });
    expect(good.outputs[0]).toMatchObject({ output: 'fine', finishReason: 'stop' });
    expect(good.outputs[1]).toMatchObject({ output: '', finishReason: 'error', error: expect.stringContaining('prompt too long') });

    const wrongKey = await createOpenAiCompatibleBackend({ baseUrl: server.url, apiKey: 'wrong', model: 'fake-model', retry: noWait })
      .generate(requests(1), { maxNewTokens: 4 })
      .catch((caught: unknown) => caught);
    expect(String(wrongKey)).toMatch(/refused the request \(HTTP 401\)/);
    expect(isFtdojoError(wrongKey) && wrongKey.hint).toMatch(/FTDOJO_ENDPOINT_API_KEY/);

    const wrongModel = await createOpenAiCompatibleBackend({ baseUrl: server.url, apiKey: 'right', model: 'nope', retry: noWait })
      .generate(requests(1), { maxNewTokens: 4 })
      .catch((caught: unknown) => caught);
    expect(String(wrongModel)).toMatch(/HTTP 404/);
    expect(isFtdojoError(wrongModel) && wrongModel.hint).toMatch(/--endpoint-model/);
  });

  it('never follows a redirect, so the key reaches no other server', async () => {
    const seen: (string | undefined)[] = [];
    const elsewhere = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.end('{}');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/v1/chat/completions`;
    server = await startFakeOpenAiServer({ reply: () => ({ status: 307, headers: { location: target } }) });
    const error = await createOpenAiCompatibleBackend({ baseUrl: server.url, apiKey: 'secret', model: 'fake-model', retry: { ...noWait, attempts: 2 } })
      .generate(requests(1), { maxNewTokens: 4 })
      .catch((caught: unknown) => caught);
    await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
    expect(isFtdojoError(error)).toBe(true);
    expect(seen).toEqual([]);
  });

  it('retries a server that is not up yet, and says so when it never comes', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const backend = createOpenAiCompatibleBackend({ baseUrl: `http://127.0.0.1:${port}`, model: 'fake-model', retry: { ...noWait, attempts: 2 } });
    const error = await backend.generate(requests(1), { maxNewTokens: 4 }).catch((caught: unknown) => caught);
    expect(String((error as Error).message)).toMatch(/failed 2 time\(s\): cannot reach it \(ECONNREFUSED\)/);
  });
});
