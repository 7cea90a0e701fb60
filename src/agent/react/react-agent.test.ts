import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BenchAgentRequest, DojoSession } from '../../core/index.js';
import { DOJO_SESSION_VERSION } from '../../core/index.js';
import { createOpenAiCompatibleChatModel } from '../../llm/index.js';
import { createInMemoryDojo, type InMemoryDojo, type ScriptedOutcome } from '../../testing/in-memory-dojo.js';
import { chatReplies, startScriptedChatServer, type ScriptedChatReply, type ScriptedChatServer } from '../../testing/scripted-chat-server.js';
import type { DojoToolClient, DojoToolDescription, DojoToolResult } from './dojo-tool-client.js';
import { boundText } from './dojo-tool-client.js';
import { createReactAgent, reactWorkspace, type ReactAgentOptions } from './react-agent.js';
import type { ReactEvent } from './react-loop.js';
import type { ReactTranscriptLine } from './react-transcript.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-react-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const servers: ScriptedChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const SESSION = 'in-memory';
const FILES = { 'process_data.py': 'print("rows")\n', 'train.yaml': 'num_train_epochs: 1\n' };

/**
 * A small MCP-like client over the session it is given: the door's tool names and argument
 * shapes, answers as JSON text, refusals as isError results. The door's own test runs the real
 * MCP server; this one keeps the loop's tests free of it.
 */
function fakeToolClient(session: DojoSession, calls: string[]): DojoToolClient {
  const object = { type: 'object', properties: { sessionId: { type: 'string' } }, required: ['sessionId'] };
  const handlers: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {
    task_card: async () => ({ kind: 'task-card', task: 'toy-task', markdown: '# Toy task\nAnswer in \\boxed{}.' }),
    read_pool: async () => ({ kind: 'pool-rows', total: 3, indices: [0, 1, 2], rows: [{ prompt: 'x'.repeat(500), target: '1' }] }),
    budget: () => session.budget(),
    start_experiment: (args) =>
      session.startExperiment({ schemaVersion: DOJO_SESSION_VERSION, kind: 'experiment', files: args.files as Record<string, string> }),
    await_experiment: (args) => session.awaitExperiment(String(args.experimentId)),
    get_feedback: (args) => session.feedback(String(args.experimentId)),
    finish_session: (args) =>
      session.finish({
        schemaVersion: DOJO_SESSION_VERSION,
        kind: 'finish',
        experimentId: args.experimentId as string | null,
        reason: String(args.reason ?? ''),
      }),
  };
  const tools: DojoToolDescription[] = Object.keys(handlers).map((name) => ({ name, description: `the ${name} tool`, inputSchema: object }));
  return {
    listTools: async () => ({ tools }),
    async callTool({ name, arguments: args }): Promise<DojoToolResult> {
      calls.push(name);
      if (args.sessionId !== SESSION) return { isError: true, content: [{ type: 'text', text: `UNKNOWN_SESSION: no session ${String(args.sessionId)}` }] };
      try {
        return { content: [{ type: 'text', text: JSON.stringify(await handlers[name]!(args)) }] };
      } catch (error) {
        return { isError: true, content: [{ type: 'text', text: error instanceof Error ? error.message : String(error) }] };
      }
    },
    close: async () => void calls.push('close'),
  };
}

async function setup(script: ScriptedChatReply[], outcomes: ScriptedOutcome[] = [], options: Partial<ReactAgentOptions> = {}) {
  const server = await startScriptedChatServer(script, { apiKey: 'sk-react-secret' });
  servers.push(server);
  const dojo: InMemoryDojo = createInMemoryDojo({ script: (index) => outcomes[index] ?? {} });
  const model = createOpenAiCompatibleChatModel({
    baseUrl: server.url,
    apiKey: 'sk-react-secret',
    model: 'scripted-model',
    timeoutMs: 5000,
    maxRetries: 0,
    sleep: async () => undefined,
  });
  const workspace = join(root, `attempt-${servers.length}-${Math.random().toString(36).slice(2)}`);
  const calls: string[] = [];
  const events: ReactEvent[] = [];
  const agent = createReactAgent({
    model,
    connect: async (session) => fakeToolClient(session, calls),
    workspaceFor: () => workspace,
    onEvent: (event) => events.push(event),
    ...options,
  });
  const request: BenchAgentRequest = { task: 'toy-task', taskFile: null, profile: 'mini', seed: 0, budgetSeconds: 3600, evalLimit: null, dojo };
  const transcript = () =>
    readFileSync(join(workspace, 'react-transcript.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ReactTranscriptLine);
  return { server, dojo, agent, request, workspace, calls, events, transcript };
}

const call = (name: string, args: Record<string, unknown> = {}) => chatReplies.toolCall(name, { sessionId: SESSION, ...args });

describe('createReactAgent', () => {
  it('lets a tool-calling model work a session through the tools and finish it with its choice', async () => {
    const { server, dojo, agent, request, workspace, calls, events, transcript } = await setup(
      [
        call('task_card'),
        call('read_pool', { mode: 'sample', size: 3 }),
        call('start_experiment', { files: FILES }),
        call('await_experiment', { experimentId: 'exp-1' }),
        call('get_feedback', { experimentId: 'exp-1' }),
        call('finish_session', { experimentId: 'exp-1', reason: 'the only experiment, and it beat the base model' }),
      ],
      [{ score: 0.62 }],
      { maxToolResultCharacters: 300 },
    );
    const result = await agent.run(request);

    expect(agent.name).toBe('react');
    expect(dojo.closed()).toMatchObject({ chosenExperimentId: 'exp-1', reason: 'the only experiment, and it beat the base model' });
    expect(dojo.requests[0]?.files).toEqual(FILES);
    expect(result).toMatchObject({ state: 'completed', adapterPath: null, iterations: 1, succeeded: 1, failuresCaughtEarly: 0, runRef: workspace });
    expect(result.note).toContain('exp-1 chosen');
    expect(calls).toEqual(['task_card', 'read_pool', 'start_experiment', 'await_experiment', 'get_feedback', 'finish_session', 'close']);
    expect(server.remaining()).toBe(0);

    // Every request offered the tools; each after the first carried the previous call's result.
    expect(server.requests).toHaveLength(6);
    for (const sent of server.requests) expect(sent.body.tools?.map((tool) => tool.function.name)).toContain('finish_session');
    expect(server.requests[0]?.body.tools?.[0]).toMatchObject({ type: 'function', function: { name: 'task_card', parameters: { type: 'object' } } });
    expect(server.requests[0]?.body.messages?.[0]?.content).toContain(`sessionId "${SESSION}"`);
    const second = server.requests[1]?.body.messages ?? [];
    expect(second.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call-1-0', function: { name: 'task_card' } }] });
    expect(second.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call-1-0', content: expect.stringContaining('Toy task') });
    const pool = server.requests[2]?.body.messages?.at(-1)?.content ?? '';
    expect(pool).toContain('characters left out here');
    expect(pool.length).toBeLessThan(500);
    const feedback = server.requests[5]?.body.messages?.at(-1);
    expect(feedback).toMatchObject({ role: 'tool', content: expect.stringContaining('"kind":"feedback"') });

    const lines = transcript();
    expect(lines.every((line) => line.schemaVersion === 1)).toBe(true);
    expect(lines.map((line) => line.role)).toEqual(['agent', 'system', 'user', ...Array(6).fill(['assistant', 'tool']).flat(), 'agent']);
    expect(lines.find((line) => line.role === 'tool' && line.name === 'read_pool')).toMatchObject({ truncated: true });
    expect(readFileSync(join(workspace, 'react-transcript.jsonl'), 'utf8')).not.toContain('sk-react-secret');
    expect(events.at(-1)).toMatchObject({ kind: 'finished', by: 'model', experimentId: 'exp-1' });
  });

  it('finishes with the best experiment itself when the model stops calling tools, after one nudge', async () => {
    const { server, dojo, agent, request, events, transcript } = await setup(
      [
        call('start_experiment', { files: FILES }),
        call('start_experiment', { files: FILES }),
        call('start_experiment', { files: FILES }),
        call('get_feedback', { experimentId: 'exp-2' }),
        chatReplies.text('The second experiment looks best.'),
        chatReplies.text('I am done.'),
      ],
      [{ score: 0.41 }, { score: 0.73 }, { state: 'failed' }],
    );
    const result = await agent.run(request);

    expect(dojo.closed()?.chosenExperimentId).toBe('exp-2');
    expect(dojo.closed()?.reason).toMatch(/the model stopped calling tools; the react agent chose exp-2 \(best validation score 0\.73\)/);
    expect(result).toMatchObject({ state: 'completed', iterations: 3, succeeded: 2 });
    expect(server.requests[5]?.body.messages?.at(-1)).toMatchObject({ role: 'user', content: expect.stringContaining('call finish_session') });
    expect(transcript().at(-1)).toMatchObject({ role: 'agent', event: 'finish', experimentId: 'exp-2' });
    expect(events.at(-1)).toMatchObject({ kind: 'finished', by: 'agent', experimentId: 'exp-2' });
  });

  it('answers bad calls with tool errors, fills in a missing session id, and finishes for the model when its turns run out', async () => {
    const { server, dojo, agent, request, calls } = await setup(
      [
        chatReplies.toolCalls({ name: 'budget', arguments: '{"sessionId": "in-mem' }, { name: 'train_now', arguments: {} }),
        chatReplies.toolCall('budget', {}),
        chatReplies.toolCall('budget', { sessionId: 'someone-else' }),
      ],
      [],
      { maxTurns: 3 },
    );
    const result = await agent.run(request);

    const second = server.requests[1]?.body.messages ?? [];
    expect(second.at(-2)).toMatchObject({ role: 'tool', content: expect.stringContaining('not valid JSON') });
    expect(second.at(-1)).toMatchObject({ role: 'tool', content: expect.stringContaining('there is no tool named "train_now"') });
    expect(server.requests[2]?.body.messages?.at(-1)?.content).toContain('"kind":"budget"');
    expect(server.requests).toHaveLength(3);
    expect(calls).toEqual(['budget', 'budget', 'finish_session', 'close']);
    expect(dojo.closed()).toMatchObject({ chosenExperimentId: null, reason: expect.stringContaining('the base model (no experiment was scored)') });
    expect(result).toMatchObject({ state: 'completed', iterations: 0, succeeded: 0 });
    expect(result.note).toContain('used all its turns');
  });

  it('fails with a note when the model cannot be reached, still closing the session on the best experiment', async () => {
    const { dojo, agent, request } = await setup([call('start_experiment', { files: FILES }), chatReplies.serverError(503)], [{ score: 0.5 }]);
    const result = await agent.run(request);
    expect(result.state).toBe('failed');
    expect(result.note).toContain('the model could not be reached');
    expect(dojo.closed()?.chosenExperimentId).toBe('exp-1');
  });

  it('stops when the budget is spent, and leaves the session open when the caller aborts', async () => {
    const spent = await setup([call('start_experiment', { files: FILES }), chatReplies.text('unused')], [{ score: 0.5, seconds: 3600 }]);
    const ended = await spent.agent.run(spent.request);
    expect(spent.server.requests).toHaveLength(1);
    expect(ended.note).toContain('the budget is spent');
    expect(spent.dojo.closed()?.chosenExperimentId).toBe('exp-1');

    const aborted = await setup([chatReplies.slow(5000, call('budget'))]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const stopped = await aborted.agent.run({ ...aborted.request, signal: controller.signal });
    expect(stopped).toMatchObject({ state: 'stopped', note: expect.stringContaining('stopped by the caller') });
    expect(aborted.dojo.closed()).toBeNull();
    expect(aborted.calls).toEqual(['close']);
  });
});

describe('react helpers', () => {
  it('cuts long tool results in the middle and says how much is missing', () => {
    const bounded = boundText('a'.repeat(600) + 'z'.repeat(400), 300);
    expect(bounded.truncated).toBe(true);
    expect(bounded.text.startsWith('a'.repeat(200))).toBe(true);
    expect(bounded.text.endsWith('z'.repeat(100))).toBe(true);
    expect(bounded.text).toContain('700 of 1000 characters left out');
    expect(boundText('short', 300)).toEqual({ text: 'short', truncated: false });
  });

  it('places an attempt under <home>/agents/react/<task>-<time>', () => {
    expect(reactWorkspace('/home/dojo', 'gsm8k/mini', new Date('2026-03-01T10:15:00Z'))).toBe('/home/dojo/agents/react/gsm8k-mini-20260301-101500');
    expect(existsSync(root)).toBe(true);
  });
});
