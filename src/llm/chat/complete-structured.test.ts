import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatReplies, startScriptedChatServer, type ScriptedChatReply, type ScriptedChatServer } from '../../testing/scripted-chat-server.js';
import type { ChatRequest } from './chat-model.js';
import { rejectionOf } from '../../testing/refusal.js';
import { ChatModelError } from './chat-model-error.js';
import { completeStructured } from './complete-structured.js';
import { createOpenAiCompatibleChatModel, type OpenAiCompatibleChatModelOptions } from './openai-compatible-chat-model.js';

const Plan = z.object({
  hypothesis: z.string().min(1),
  learningRate: z.number().positive(),
  steps: z.array(z.string()).min(1),
});
const VALID = { hypothesis: 'a higher learning rate converges within budget', learningRate: 0.0002, steps: ['train', 'evaluate'] };
const WRONG_FIELDS = { hypothesis: 42, learningRate: -1, step: ['train'] };

const servers: ScriptedChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(script: ScriptedChatReply[], options: Partial<OpenAiCompatibleChatModelOptions> = {}) {
  const server = await startScriptedChatServer(script);
  servers.push(server);
  const model = createOpenAiCompatibleChatModel({
    baseUrl: server.url,
    model: 'scripted-model',
    timeoutMs: 5000,
    maxRetries: 2,
    sleep: async () => undefined,
    ...options,
  });
  return { server, model };
}

const request: ChatRequest = {
  messages: [
    { role: 'system', content: 'You plan fine-tuning experiments.' },
    { role: 'user', content: 'Propose the next experiment.' },
  ],
  temperature: 0,
};

const failureOf = (promise: Promise<unknown>) => rejectionOf(promise, ChatModelError);

const lastMessage = (server: ScriptedChatServer, index: number) => server.requests[index]?.body.messages?.at(-1);
const withUsage = (content: string): ScriptedChatReply => ({ kind: 'completion', content, usage: { promptTokens: 100, completionTokens: 20 } });

describe('completeStructured', () => {
  it('repairs malformed JSON, then wrong fields, and takes the third reply', async () => {
    const proseWrapped = `Sure! Here is the plan:\n\n\`\`\`json\n${JSON.stringify(VALID, null, 2)}\n\`\`\`\n\nLet me know.`;
    const script = [withUsage('{"hypothesis": "x", "steps": [1,'), withUsage(JSON.stringify(WRONG_FIELDS)), withUsage(proseWrapped)];
    const { server, model } = await setup(script, { price: { inputPerMillion: 1, outputPerMillion: 4 } });
    const result = await completeStructured(model, request, Plan, { schemaName: 'plan' });

    expect(result.value).toEqual(VALID);
    expect(result.attempts).toBe(3);
    expect(result.problems.map((problem) => problem.kind)).toEqual(['no-json', 'schema']);
    expect(result.usage.promptTokens).toBe(300);
    expect(result.usage.completionTokens).toBe(60);
    expect(result.usage.costUsd).toBeCloseTo((300 * 1 + 60 * 4) / 1e6, 12);

    expect(server.requests).toHaveLength(3);
    expect(lastMessage(server, 1)).toMatchObject({ role: 'user', content: expect.stringContaining('no valid JSON in the reply') });
    const repair = lastMessage(server, 2)?.content ?? '';
    expect(repair).toContain('- hypothesis: Invalid input: expected string, received number');
    expect(repair).toContain('- learningRate: Too small');
    expect(repair).toContain('- steps: Invalid input: expected array, received undefined');
    // The conversation carries the bad replies, so the model can see what to fix.
    expect(server.requests[2]?.body.messages?.at(-2)).toEqual({ role: 'assistant', content: JSON.stringify(WRONG_FIELDS) });
  });

  it("gives up after maxRepairs, listing every try's problem", async () => {
    const { server, model } = await setup([chatReplies.malformed(), chatReplies.json(WRONG_FIELDS), chatReplies.text('I would try a lower rate.')]);
    const error = await failureOf(completeStructured(model, request, Plan, { maxRepairs: 2 }));
    expect(error).toMatchObject({ reason: 'invalid-output', code: 'CORRUPT_DATA', retryable: true });
    expect(error.message).toContain('in 3 tries');
    expect(error.message).toMatch(/try 1: no valid JSON[\s\S]*try 2: the JSON does not match[\s\S]*hypothesis[\s\S]*try 3: no JSON in the reply/);
    expect(error.problems.map((problem) => problem.attempt)).toEqual([1, 2, 3]);
    expect(error.problems[2]?.reply).toBe('I would try a lower rate.');
    expect(error.usage.promptTokens).toBeGreaterThan(0);
    expect(error.hint).toContain('FTDOJO_AGENT_LLM_MODEL');
    expect(server.requests).toHaveLength(3);
  });

  it('says a reply was cut off at the token limit', async () => {
    const { model } = await setup([chatReplies.text('{"hypothesis": "a long', 'length')]);
    const error = await failureOf(completeStructured(model, request, Plan, { maxRepairs: 0 }));
    expect(error.problems[0]?.message).toContain('cut off at the token limit');
  });

  it('treats a refusal as a refusal, not as bad JSON, and stops at once', async () => {
    const { server, model } = await setup([chatReplies.malformed(), chatReplies.refusal('I cannot help with that.'), chatReplies.json(VALID)]);
    const error = await failureOf(completeStructured(model, request, Plan));
    expect(error).toMatchObject({ reason: 'refused', code: 'UNSUPPORTED', retryable: false });
    expect(error.message).toContain('refused on try 2: I cannot help with that.');
    expect(error.problems).toHaveLength(1);
    expect(server.requests).toHaveLength(2);

    const filtered = await setup([chatReplies.contentFilter()]);
    expect((await failureOf(completeStructured(filtered.model, request, Plan))).reason).toBe('refused');
  });

  it('lets faults of the call itself through untouched', async () => {
    const { model } = await setup([{ kind: 'error', status: 401, message: 'Incorrect API key provided.' }]);
    expect((await failureOf(completeStructured(model, request, Plan))).reason).toBe('unauthorized');
  });

  it('sends the schema as response_format json_schema when the provider takes it', async () => {
    const { server, model } = await setup([chatReplies.json(VALID)]);
    const result = await completeStructured(model, request, Plan, { schemaName: 'plan' });
    expect(result).toMatchObject({ value: VALID, attempts: 1, problems: [] });
    const body = server.requests[0]?.body;
    expect(body?.messages).toEqual(request.messages);
    expect(body?.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'plan', strict: false, schema: { type: 'object', required: ['hypothesis', 'learningRate', 'steps'] } },
    });
    expect(JSON.stringify(body?.response_format)).not.toContain('$schema');
  });

  it('asks for json_object and describes the schema in the system message', async () => {
    const { server, model } = await setup([chatReplies.json(VALID)], { structuredOutput: 'json-object' });
    await completeStructured(model, request, Plan);
    const body = server.requests[0]?.body;
    expect(body?.response_format).toEqual({ type: 'json_object' });
    expect(body?.messages).toHaveLength(2);
    expect(body?.messages?.[0]?.role).toBe('system');
    expect(body?.messages?.[0]?.content).toMatch(/^You plan fine-tuning experiments\.\n\nAnswer with a single JSON value .*"learningRate"/s);
  });

  it('only describes the schema in the prompt mode, adding a system message when there is none', async () => {
    const { server, model } = await setup([chatReplies.proseWrapped(VALID)]);
    const result = await completeStructured(model, { messages: [{ role: 'user', content: 'Propose.' }] }, Plan, { mode: 'prompt' });
    expect(result.value).toEqual(VALID);
    const body = server.requests[0]?.body;
    expect(body?.response_format).toBeUndefined();
    expect(body?.messages?.map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('refuses a schema name OpenAI would reject', async () => {
    const { model } = await setup([]);
    await expect(completeStructured(model, request, Plan, { schemaName: 'a plan' })).rejects.toThrow(/schemaName/);
  });
});
