import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ScriptedChatReply, ScriptedChatServer, ScriptedChatServerOptions } from '../../testing/scripted-chat-server.js';
import { chatReplies, startScriptedChatServer } from '../../testing/scripted-chat-server.js';
import { callDeadline } from './call-deadline.js';
import type { ChatProgress } from './chat-model.js';
import { isChatModelError } from './chat-model-error.js';
import { completeStructured } from './complete-structured.js';
import { createOpenAiCompatibleChatModel } from './openai-compatible-chat-model.js';
import { schemaTokenBudget } from './schema-token-budget.js';
import { listServedModels, onlyServedModel } from './served-models.js';

/*
 * Calls bounded against servers that misbehave in time, not in content: one that streams slowly,
 * one that never stops talking, one that will not stream, one that ignores response_format. The
 * scripted server is real HTTP on 127.0.0.1 (test double at the provider boundary).
 */
const servers: ScriptedChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(script: ScriptedChatReply[], options: ScriptedChatServerOptions = {}) {
  const server = await startScriptedChatServer(script, options);
  servers.push(server);
  const model = createOpenAiCompatibleChatModel({
    baseUrl: server.url,
    model: 'scripted-model',
    timeoutMs: 30_000,
    maxRetries: 2,
    sleep: async () => undefined,
  });
  return { server, model };
}

const Plan = z.object({ idea: z.string(), rows: z.number().int() });
const PLAN = { idea: 'more rows', rows: 64 };
const ask = [{ role: 'user' as const, content: 'plan' }];

describe('streamed replies', () => {
  it('reads a slow stream piece by piece, telling progress, with the usage the server sent', async () => {
    const { server, model } = await serve([chatReplies.streamed('The answer is B.', 20)]);
    const seen: ChatProgress[] = [];
    const response = await model.complete({ messages: ask, onProgress: (progress) => seen.push(progress) });
    expect(response).toMatchObject({ content: 'The answer is B.', finishReason: 'stop', streamed: true, stoppedEarly: false });
    expect(response.usage).toMatchObject({ completionTokens: 4, estimated: false });
    expect(seen.map((progress) => progress.tokens)).toEqual([1, 2, 3, 4]);
    expect(server.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('stops reading a model that never stops talking as soon as a value matching the schema has arrived', async () => {
    const { server, model } = await serve([chatReplies.endless(' and more', 10, `Here: ${JSON.stringify(PLAN)}`)]);
    const started = Date.now();
    const result = await completeStructured(model, { messages: ask, deadline: Date.now() + 20_000 }, Plan);
    expect(result.value).toEqual(PLAN);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => server.streamsCut()).toBe(1);
  });

  it('gives up on a model that never stops talking and never answers at its deadline, with what it tried', async () => {
    const { model } = await serve([chatReplies.endless('la ', 20)]);
    const started = Date.now();
    const failure = await completeStructured(model, { messages: ask, deadline: Date.now() + 1_500 }, Plan).catch((error: unknown) => error);
    const elapsed = Date.now() - started;
    expect(isChatModelError(failure, 'deadline')).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(4_000);
  });

  it('holds the deadline while garbage is collected during the stream', async () => {
    // Once, a stream outlived its deadline by half a minute when collections ran while it was read.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const collecting = setInterval(gc, 100);
    try {
      const { model } = await serve([chatReplies.endless('la ', 20)]);
      const started = Date.now();
      const failure = await model.complete({ messages: ask, deadline: Date.now() + 2_000 }).catch((error: unknown) => error);
      expect(isChatModelError(failure, 'deadline')).toBe(true);
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      clearInterval(collecting);
    }
  });

  it('a slow stream that cannot finish by the deadline fails with reason deadline, after showing progress', async () => {
    const { model } = await serve([chatReplies.streamed(JSON.stringify(PLAN), 200, 2)]);
    const seen: number[] = [];
    const failure = await completeStructured(
      model,
      { messages: ask, deadline: Date.now() + 1_000, onProgress: (progress) => seen.push(progress.tokens) },
      Plan,
    ).catch((error: unknown) => error);
    expect(isChatModelError(failure, 'deadline')).toBe(true);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('asks again without streaming when the server refuses it, and does not stream to it again', async () => {
    const { server, model } = await serve([chatReplies.text('first'), chatReplies.text('second')], { refuseStreaming: true });
    expect((await model.complete({ messages: ask })).content).toBe('first');
    expect((await model.complete({ messages: ask })).content).toBe('second');
    expect(server.requests.map((request) => request.body.stream ?? false)).toEqual([true, false, false]);
  });

  it('reads a server that answers a streamed request with plain JSON', async () => {
    const { model } = await serve([chatReplies.json(PLAN)]);
    const response = await model.complete({ messages: ask });
    expect(response).toMatchObject({ content: JSON.stringify(PLAN), streamed: false });
  });
});

describe('deadlines and retries', () => {
  it('starts no retry that would begin after the deadline', async () => {
    const server = await startScriptedChatServer([chatReplies.serverError(503), chatReplies.json(PLAN)]);
    servers.push(server);
    const model = createOpenAiCompatibleChatModel({
      baseUrl: server.url,
      model: 'scripted-model',
      timeoutMs: 30_000,
      maxRetries: 4,
      backoff: { baseDelayMs: 5_000 },
    });
    const started = Date.now();
    const failure = await model.complete({ messages: ask, deadline: Date.now() + 1_000 }).catch((error: unknown) => error);
    expect(isChatModelError(failure, 'deadline')).toBe(true);
    expect((failure as Error).message).toContain('HTTP 503');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('derives a call deadline from the time left: a share, capped, never under a few seconds', () => {
    expect(callDeadline(600, { share: 0.1, capSeconds: 300 }, 0)).toBe(60_000);
    expect(callDeadline(36_000, { share: 0.1, capSeconds: 300 }, 0)).toBe(300_000);
    expect(callDeadline(-20, { share: 0.1, capSeconds: 300 }, 0)).toBe(5_000);
  });
});

describe('structured output against servers that do not enforce it', () => {
  it('sends max_tokens sized from the schema, not a server default', async () => {
    const { server, model } = await serve([chatReplies.json(PLAN)]);
    await completeStructured(model, { messages: ask }, Plan);
    const budget = server.requests[0]!.body.max_tokens as number;
    expect(budget).toBe(schemaTokenBudget(z.toJSONSchema(Plan) as Record<string, unknown>));
    expect(budget).toBeGreaterThanOrEqual(64);
    expect(budget).toBeLessThan(300);
  });

  it('moves the schema into the prompt when the server ignores response_format, and remembers it', async () => {
    const { server, model } = await serve([chatReplies.text('I think more rows would help.'), chatReplies.json(PLAN), chatReplies.json(PLAN)]);
    const result = await completeStructured(model, { messages: ask }, Plan);
    expect(result.value).toEqual(PLAN);
    expect(result.problems.map((problem) => problem.kind)).toEqual(['no-json']);
    expect(result.mode).toBe('prompt');
    expect(server.requests[0]!.body.response_format).toMatchObject({ type: 'json_schema' });
    expect(server.requests[1]!.body.response_format).toBeUndefined();
    expect(JSON.stringify(server.requests[1]!.body.messages)).toContain('JSON Schema');
    expect(model.structuredOutput).toBe('prompt');
    await completeStructured(model, { messages: ask }, Plan);
    expect(server.requests[2]!.body.response_format).toBeUndefined();
  });

  it('moves the schema into the prompt when the server refuses response_format', async () => {
    const refused: ScriptedChatReply = { kind: 'error', status: 400, message: "unknown field 'response_format'" };
    const server = await startScriptedChatServer([refused, chatReplies.json(PLAN)]);
    servers.push(server);
    const model = createOpenAiCompatibleChatModel({ baseUrl: server.url, model: 'scripted-model', timeoutMs: 30_000, maxRetries: 0, stream: false });
    const result = await completeStructured(model, { messages: ask }, Plan);
    expect(result.value).toEqual(PLAN);
    expect(server.requests[0]!.body.response_format).toMatchObject({ type: 'json_schema' });
    expect(server.requests[1]!.body.response_format).toBeUndefined();
    expect(model.structuredOutput).toBe('prompt');
  });
});

describe("the server's models", () => {
  it('takes the only model a server lists, and lists them all when there are several', async () => {
    const one = await startScriptedChatServer([], { models: ['SmolLM2-135M-Instruct'] });
    const two = await startScriptedChatServer([], { models: ['a', 'b'] });
    servers.push(one, two);
    expect(await onlyServedModel(one.url, null, '--endpoint-model NAME')).toBe('SmolLM2-135M-Instruct');
    expect(await listServedModels(two.origin)).toEqual(['a', 'b']);
    await expect(onlyServedModel(two.url, null, '--endpoint-model NAME')).rejects.toMatchObject({
      message: expect.stringContaining('lists 2 models (a, b)'),
      hint: 'name the one to use: --endpoint-model NAME',
    });
  });
});
