import { afterEach, describe, expect, it } from 'vitest';
import {
  chatReplies,
  startScriptedChatServer,
  type ScriptedChatReply,
  type ScriptedChatServer,
  type ScriptedChatServerOptions,
} from '../../testing/scripted-chat-server.js';
import type { ChatUsageRecord } from './chat-model.js';
import { rejectionOf } from '../../testing/refusal.js';
import { ChatModelError } from './chat-model-error.js';
import { createOpenAiCompatibleChatModel, type OpenAiCompatibleChatModelOptions } from './openai-compatible-chat-model.js';

const servers: ScriptedChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(script: ScriptedChatReply[], serverOptions: ScriptedChatServerOptions = {}, modelOptions: Partial<OpenAiCompatibleChatModelOptions> = {}) {
  const server = await startScriptedChatServer(script, serverOptions);
  servers.push(server);
  const sleeps: number[] = [];
  const records: ChatUsageRecord[] = [];
  const model = createOpenAiCompatibleChatModel({
    baseUrl: server.url,
    model: 'scripted-model',
    timeoutMs: 5000,
    maxRetries: 3,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    usageLog: (record) => records.push(record),
    now: () => new Date('2025-01-01T00:00:00Z'),
    ...modelOptions,
  });
  return { server, model, sleeps, records };
}

const failureOf = (promise: Promise<unknown>) => rejectionOf(promise, ChatModelError);

const ask = { messages: [{ role: 'user' as const, content: 'Plan the next experiment.' }] };

describe('createOpenAiCompatibleChatModel', () => {
  it('posts an OpenAI chat completion and returns the reply with its usage and cost', async () => {
    const reply: ScriptedChatReply = {
      kind: 'completion',
      content: 'raise the learning rate',
      usage: { promptTokens: 1000, completionTokens: 500 },
      model: 'scripted-model-2025',
    };
    const { server, model, records } = await setup([reply], { apiKey: 'sk-test' }, { apiKey: 'sk-test', price: { inputPerMillion: 2, outputPerMillion: 8 } });
    const response = await model.complete({
      ...ask,
      temperature: 0.2,
      maxTokens: 300,
      responseFormat: { type: 'json_schema', name: 'plan', schema: { type: 'object' } },
    });
    expect(response).toMatchObject({ content: 'raise the learning rate', refusal: null, finishReason: 'stop', model: 'scripted-model-2025', httpAttempts: 1 });
    expect(response.usage.promptTokens).toBe(1000);
    expect(response.usage.completionTokens).toBe(500);
    expect(response.usage.estimated).toBe(false);
    expect(response.usage.costUsd).toBeCloseTo(0.006, 10);
    expect(model.name).toBe(`scripted-model@${new URL(server.url).host}`);
    expect(model.structuredOutput).toBe('json-schema');

    const [request] = server.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.headers['api-key']).toBeUndefined();
    expect(request?.body).toEqual({
      model: 'scripted-model',
      messages: ask.messages,
      temperature: 0.2,
      max_tokens: 300,
      response_format: { type: 'json_schema', json_schema: { name: 'plan', schema: { type: 'object' }, strict: false } },
      // Streamed where the server can: this one answers with plain JSON, which is read as it is.
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(records).toEqual([
      {
        time: '2025-01-01T00:00:00.000Z',
        modelName: model.name,
        servedModel: 'scripted-model-2025',
        finishReason: 'stop',
        httpAttempts: 1,
        durationMs: response.durationMs,
        promptTokens: 1000,
        completionTokens: 500,
        estimated: false,
        costUsd: response.usage.costUsd,
      },
    ]);
  });

  it('sends json_object, max_completion_tokens and no key when so configured', async () => {
    const { server, model } = await setup([chatReplies.text('{}')], {}, { maxTokensParameter: 'max_completion_tokens' });
    await model.complete({ ...ask, maxTokens: 50, responseFormat: { type: 'json_object' } });
    expect(server.requests[0]?.body).toMatchObject({ max_completion_tokens: 50, response_format: { type: 'json_object' } });
    expect(server.requests[0]?.body.max_tokens).toBeUndefined();
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('keeps an Azure-style deployment path and its api-version', async () => {
    const server = await startScriptedChatServer([chatReplies.text('ok')]);
    servers.push(server);
    const model = createOpenAiCompatibleChatModel({
      baseUrl: `${server.origin}/openai/deployments/gpt4o?api-version=2024-10-21`,
      model: 'gpt4o',
      timeoutMs: 5000,
      maxRetries: 0,
    });
    expect((await model.complete(ask)).content).toBe('ok');
    expect(server.requests[0]).toMatchObject({ path: '/openai/deployments/gpt4o/chat/completions', search: '?api-version=2024-10-21' });
  });

  it('waits as long as a 429 says in Retry-After, then succeeds', async () => {
    const { server, model, sleeps } = await setup([chatReplies.rateLimited(3), chatReplies.text('done')]);
    const response = await model.complete(ask);
    expect(response.content).toBe('done');
    expect(response.httpAttempts).toBe(2);
    expect(sleeps).toEqual([3000]);
    expect(server.requests).toHaveLength(2);
  });

  it('retries 500s with exponential backoff and jitter, then succeeds', async () => {
    const { model, sleeps } = await setup(
      [chatReplies.serverError(), chatReplies.serverError(502), chatReplies.serverError(503), chatReplies.text('done')],
      {},
      { backoff: { baseDelayMs: 100 } },
    );
    const response = await model.complete(ask);
    expect(response).toMatchObject({ content: 'done', httpAttempts: 4 });
    // random() = 0.5 gives three quarters of each doubling ceiling.
    expect(sleeps).toEqual([75, 150, 300]);
  });

  it('gives up after maxRetries, listing every try, as a retryable NETWORK fault', async () => {
    const { server, model, sleeps } = await setup([chatReplies.serverError(), chatReplies.serverError(), chatReplies.serverError()], {}, { maxRetries: 2 });
    const error = await failureOf(model.complete(ask));
    expect(error).toMatchObject({ reason: 'unavailable', code: 'NETWORK', retryable: true, fault: 'environment' });
    expect(error.message).toContain('failed 3 time(s)');
    expect(error.message.match(/HTTP 500/g)).toHaveLength(3);
    expect(error.hint).toContain('FTDOJO_AGENT_LLM_MAX_RETRIES');
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('abandons a reply slower than the timeout and retries it', async () => {
    const { server, model, sleeps } = await setup(
      [chatReplies.slow(10_000, chatReplies.text('too late')), chatReplies.text('in time')],
      {},
      { timeoutMs: 300 },
    );
    const started = performance.now();
    const response = await model.complete(ask);
    expect(response).toMatchObject({ content: 'in time', httpAttempts: 2 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('says a timeout is a timeout when the retries run out', async () => {
    const { model } = await setup([chatReplies.slow(10_000, chatReplies.text('too late'))], {}, { timeoutMs: 200, maxRetries: 0 });
    const error = await failureOf(model.complete(ask));
    expect(error.message).toContain('no answer within 200 ms');
  });

  it('retries a dropped connection and a body that is not a chat completion', async () => {
    const garbled: ScriptedChatReply = { kind: 'error', status: 200, body: '<html>proxy hiccup</html>' };
    const { model } = await setup([chatReplies.disconnect(), garbled, chatReplies.text('fine')]);
    expect(await model.complete(ask)).toMatchObject({ content: 'fine', httpAttempts: 3 });
  });

  it('never retries a 401, and says which variable holds the key', async () => {
    const { server, model, sleeps } = await setup([chatReplies.text('unused')], { apiKey: 'sk-right' }, { apiKey: 'sk-wrong' });
    const error = await failureOf(model.complete(ask));
    expect(error).toMatchObject({ reason: 'unauthorized', status: 401, code: 'INVALID_INPUT', retryable: false, fault: 'user' });
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.hint).toContain('FTDOJO_LLM_API_KEY');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('never retries a 404 for an unknown model, and names the variables to check', async () => {
    const { server, model } = await setup([chatReplies.text('unused')], { model: 'served-model' });
    const error = await failureOf(model.complete(ask));
    expect(error).toMatchObject({ reason: 'not-found', status: 404 });
    expect(error.message).toContain('does not exist');
    expect(error.hint).toContain('FTDOJO_LLM_MODEL');
    expect(server.requests).toHaveLength(1);
  });

  it('never retries a 400, hints at the response format, and never repeats the key', async () => {
    const rejected: ScriptedChatReply = {
      kind: 'error',
      status: 400,
      message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported (key sk-secret)",
    };
    const { server, model } = await setup([rejected], {}, { apiKey: 'sk-secret' });
    const error = await failureOf(model.complete(ask));
    expect(error).toMatchObject({ reason: 'rejected', status: 400 });
    expect(error.message).toContain('[key]');
    expect(error.message).not.toContain('sk-secret');
    expect(error.hint).toContain('FTDOJO_AGENT_LLM_RESPONSE_FORMAT=json-object');
    expect(server.requests).toHaveLength(1);
  });

  it("returns refusals as data: the refusal field, the content filter, and Azure's 400 content_filter", async () => {
    const azure: ScriptedChatReply = {
      kind: 'error',
      status: 400,
      code: 'content_filter',
      message: 'The response was filtered due to the prompt triggering content management policy.',
    };
    const { model } = await setup([chatReplies.refusal('I cannot help with that.'), chatReplies.contentFilter(), azure]);
    expect(await model.complete(ask)).toMatchObject({ content: '', refusal: 'I cannot help with that.', finishReason: 'stop' });
    expect(await model.complete(ask)).toMatchObject({ refusal: null, finishReason: 'content_filter' });
    expect(await model.complete(ask)).toMatchObject({ finishReason: 'content_filter', refusal: expect.stringContaining('filtered') });
  });

  it('estimates usage when the server reports none', async () => {
    const { model } = await setup([{ kind: 'completion', content: 'x'.repeat(40), usage: null }]);
    const { usage } = await model.complete(ask);
    expect(usage).toEqual({ promptTokens: Math.ceil(ask.messages[0]!.content.length / 4), completionTokens: 10, estimated: true, costUsd: null });
  });

  it('stops when the caller aborts, without retrying', async () => {
    const { server, model } = await setup([chatReplies.slow(10_000, chatReplies.text('late')), chatReplies.text('unused')]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failureOf(model.complete({ ...ask, signal: controller.signal }));
    expect(error.reason).toBe('aborted');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses options that cannot work', () => {
    const base = { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 1000, maxRetries: 1 };
    expect(() => createOpenAiCompatibleChatModel({ ...base, maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => createOpenAiCompatibleChatModel({ ...base, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => createOpenAiCompatibleChatModel({ ...base, model: ' ' })).toThrow(/no model name/);
    expect(() => createOpenAiCompatibleChatModel({ ...base, baseUrl: 'localhost:8000' })).toThrow(/http or https/);
  });
});
