import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DojoSession } from '../../core/index.js';
import { boundSessionHost, createDojoMcpServer } from '../../doors/index.js';
import { createOpenAiCompatibleChatModel } from '../../llm/index.js';
import { createInMemoryDojo } from '../../testing/in-memory-dojo.js';
import { chatReplies, startScriptedChatServer, type ScriptedChatServer } from '../../testing/scripted-chat-server.js';
import type { DojoToolClient } from './dojo-tool-client.js';
import { createReactAgent } from './react-agent.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-react-door-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const servers: ScriptedChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** What the composition root does: the door's MCP server bound to this attempt, a real SDK client linked to it in memory. */
async function connectThroughTheDoor(session: DojoSession): Promise<DojoToolClient> {
  const host = boundSessionHost({ session, agentWorkspace: null, close: async () => undefined, noteRefusal: () => undefined, done: Promise.resolve() });
  const server = createDojoMcpServer(host);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'react', version: '0.0.0' });
  await client.connect(clientSide);
  // The SDK's Client is a DojoToolClient as it is: no adapter between them.
  return client;
}

const FILES = { 'process_data.py': 'print("rows")\n', 'train.yaml': 'num_train_epochs: 1\n' };

describe('the react agent through the MCP door', () => {
  it('works a session over a real MCP client and server and finishes it with the chosen experiment', async () => {
    const id = { sessionId: 'in-memory' };
    const server = await startScriptedChatServer([
      chatReplies.toolCall('task_card', id),
      chatReplies.toolCall('read_pool', { ...id, mode: 'sample', size: 3 }),
      chatReplies.toolCall('start_experiment', { ...id, files: FILES }),
      chatReplies.toolCall('await_experiment', { ...id, experimentId: 'exp-1', timeoutSeconds: 60 }),
      chatReplies.toolCall('get_feedback', { ...id, experimentId: 'exp-1' }),
      chatReplies.toolCall('finish_session', { ...id, experimentId: 'exp-1', reason: 'it beat the base model' }),
    ]);
    servers.push(server);
    const dojo = createInMemoryDojo({ script: () => ({ score: 0.66 }) });
    const workspace = join(root, 'attempt');
    const agent = createReactAgent({
      model: createOpenAiCompatibleChatModel({ baseUrl: server.url, model: 'scripted-model', timeoutMs: 5000, maxRetries: 0 }),
      connect: connectThroughTheDoor,
      workspaceFor: () => workspace,
    });

    const result = await agent.run({ task: 'toy-task', taskFile: null, profile: 'mini', seed: 0, budgetSeconds: 3600, evalLimit: null, dojo });

    expect(dojo.closed()).toMatchObject({ chosenExperimentId: 'exp-1', reason: 'it beat the base model' });
    expect(dojo.requests[0]?.files).toEqual(FILES);
    expect(result).toMatchObject({ state: 'completed', iterations: 1, succeeded: 1, failuresCaughtEarly: 0 });
    expect(server.remaining()).toBe(0);

    const offered = server.requests[0]?.body.tools?.map((tool) => tool.function.name) ?? [];
    expect(offered).toEqual(
      expect.arrayContaining(['open_session', 'task_card', 'read_pool', 'start_experiment', 'await_experiment', 'get_feedback', 'finish_session']),
    );
    expect(server.requests[0]?.body.tools?.find((tool) => tool.function.name === 'start_experiment')?.function.parameters).toMatchObject({
      type: 'object',
      properties: { sessionId: { type: 'string' } },
    });
    // The in-memory dojo has no task card: the door's refusal reaches the model as a tool message.
    expect(server.requests[1]?.body.messages?.at(-1)).toMatchObject({ role: 'tool', content: expect.stringContaining('UNSUPPORTED') });
    expect(server.requests[3]?.body.messages?.at(-1)?.content).toContain('"experimentId": "exp-1"');
    expect(server.requests[5]?.body.messages?.at(-1)?.content).toContain('"kind": "feedback"');
    const transcript = readFileSync(join(workspace, 'react-transcript.jsonl'), 'utf8');
    expect(transcript).toContain('"name":"finish_session"');
  });

  it('finishes through the door with the best experiment when the model never does', async () => {
    const id = { sessionId: 'in-memory' };
    const server = await startScriptedChatServer([
      chatReplies.toolCall('start_experiment', { ...id, files: FILES }),
      chatReplies.toolCall('start_experiment', { ...id, files: FILES }),
      chatReplies.text('Both are trained.'),
      chatReplies.text('Nothing more to do.'),
    ]);
    servers.push(server);
    const scores = [0.7, 0.55];
    const dojo = createInMemoryDojo({ script: (index) => ({ score: scores[index] ?? 0 }) });
    const agent = createReactAgent({
      model: createOpenAiCompatibleChatModel({ baseUrl: server.url, model: 'scripted-model', timeoutMs: 5000, maxRetries: 0 }),
      connect: connectThroughTheDoor,
      workspaceFor: () => join(root, 'attempt-unfinished'),
    });

    const result = await agent.run({ task: 'toy-task', taskFile: null, profile: 'mini', seed: 0, budgetSeconds: 3600, evalLimit: null, dojo });

    expect(dojo.closed()).toMatchObject({
      chosenExperimentId: 'exp-1',
      reason: expect.stringContaining('the react agent chose exp-1 (best validation score 0.7)'),
    });
    expect(result).toMatchObject({ state: 'completed', iterations: 2, succeeded: 2 });
  });
});
