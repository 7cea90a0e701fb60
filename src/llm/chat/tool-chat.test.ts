import { afterEach, describe, expect, it } from 'vitest';
import { chatReplies, startScriptedChatServer, type ScriptedChatReply, type ScriptedChatServer } from '../../testing/scripted-chat-server.js';
import { createOpenAiCompatibleChatModel } from './openai-compatible-chat-model.js';
import type { ChatTool, ToolChatMessage } from './tool-chat.js';

const servers: ScriptedChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(script: ScriptedChatReply[]) {
  const server = await startScriptedChatServer(script);
  servers.push(server);
  const sleeps: number[] = [];
  const model = createOpenAiCompatibleChatModel({
    baseUrl: server.url,
    model: 'scripted-model',
    timeoutMs: 5000,
    maxRetries: 2,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  });
  return { server, model, sleeps };
}

const budgetTool: ChatTool = {
  name: 'budget',
  description: 'Time and experiments left.',
  parameters: { type: 'object', properties: { sessionId: { type: 'string' } }, required: ['sessionId'] },
};

const conversation: ToolChatMessage[] = [
  { role: 'system', content: 'You fine-tune models.' },
  { role: 'user', content: 'Begin.' },
  { role: 'assistant', content: '', toolCalls: [{ id: 'call-a', name: 'budget', arguments: '{"sessionId":"s-1"}' }] },
  { role: 'tool', toolCallId: 'call-a', content: '{"left": 600}' },
];

describe('completeWithTools', () => {
  it('sends the tools and the conversation in the OpenAI shape and reads the calls back', async () => {
    const { server, model } = await setup([
      chatReplies.toolCalls({ id: 'call-b', name: 'budget', arguments: { sessionId: 's-1' } }, { name: 'budget', arguments: {} }),
    ]);
    const response = await model.completeWithTools({ messages: conversation, tools: [budgetTool], temperature: 0 });
    expect(response.finishReason).toBe('tool_calls');
    expect(response.content).toBe('');
    expect(response.toolCalls).toEqual([
      { id: 'call-b', name: 'budget', arguments: '{"sessionId":"s-1"}' },
      { id: 'call-1-1', name: 'budget', arguments: '{}' },
    ]);
    expect(server.requests[0]?.body).toEqual({
      model: 'scripted-model',
      temperature: 0,
      messages: [
        { role: 'system', content: 'You fine-tune models.' },
        { role: 'user', content: 'Begin.' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call-a', type: 'function', function: { name: 'budget', arguments: '{"sessionId":"s-1"}' } }] },
        { role: 'tool', tool_call_id: 'call-a', content: '{"left": 600}' },
      ],
      tools: [{ type: 'function', function: { name: 'budget', description: budgetTool.description, parameters: budgetTool.parameters } }],
    });
  });

  it('returns text with no calls, and sends tool_choice and parallel_tool_calls only when asked', async () => {
    const { server, model } = await setup([chatReplies.text('All done.'), chatReplies.text('again')]);
    const text = await model.completeWithTools({ messages: conversation.slice(0, 2), tools: [budgetTool] });
    expect(text).toMatchObject({ content: 'All done.', finishReason: 'stop', toolCalls: [] });
    expect(server.requests[0]?.body).not.toHaveProperty('tool_choice');
    expect(server.requests[0]?.body).not.toHaveProperty('parallel_tool_calls');
    await model.completeWithTools({ messages: conversation.slice(0, 2), tools: [budgetTool], toolChoice: 'required', parallelToolCalls: false });
    expect(server.requests[1]?.body).toMatchObject({ tool_choice: 'required', parallel_tool_calls: false });
  });

  it('retries like complete does, and reads arguments sent as an object and calls without an id', async () => {
    const ollamaStyle = JSON.stringify({
      model: 'llama',
      choices: [
        { message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'budget', arguments: { sessionId: 's-1' } } }] }, finish_reason: 'stop' },
      ],
    });
    const { model, sleeps } = await setup([chatReplies.serverError(503), { kind: 'error', status: 200, body: ollamaStyle }]);
    const response = await model.completeWithTools({ messages: conversation.slice(0, 2), tools: [budgetTool] });
    expect(response.httpAttempts).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(response.toolCalls).toEqual([{ id: 'call-0', name: 'budget', arguments: '{"sessionId":"s-1"}' }]);
  });
});
