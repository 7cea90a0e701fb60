import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeDojoSession } from '../testing/fake-dojo-session.js';
import { fakeDoorRegistry } from '../testing/fake-door-host.js';
import { createDojoMcpServer } from './mcp-server.js';
import type { SessionHost } from './session-host.js';
import { boundSessionHost } from './session-host.js';
import { SESSION_TOOLS } from './session-tools.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-mcp-door-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const GOOD = { 'process_data.py': 'print(1)\n', 'train.yaml': 'learning_rate: 1.0e-4\n' };

async function clientFor(host: SessionHost, name = 'test-agent'): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createDojoMcpServer(host).connect(serverSide);
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

type ToolAnswer = { isError?: boolean; content: { type: string; text: string }[]; structuredContent?: Record<string, unknown> };
async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolAnswer> {
  return (await client.callTool({ name, arguments: args })) as ToolAnswer;
}
const errorText = (answer: ToolAnswer) => (answer.isError ? answer.content[0]!.text : `not an error: ${answer.content[0]?.text}`);

describe('the MCP door (the SDK client over a linked transport)', () => {
  it('lists every tool with a JSON schema and an example in its description', async () => {
    const { registry } = fakeDoorRegistry(root);
    const client = await clientFor(registry);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(SESSION_TOOLS.map((tool) => tool.name).sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description).toMatch(/Example arguments: \{/);
    }
    const start = tools.find((tool) => tool.name === 'start_experiment')!;
    expect(Object.keys(start.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['sessionId', 'files', 'paths', 'parentExperimentId']));
    registry.stop();
  });

  it('drives a session: open, cards, pool, a submission inline and by path, status, finish; then refuses acts after close', async () => {
    const { registry, opened } = fakeDoorRegistry(root);
    const client = await clientFor(registry, 'claude-code');
    const open = await call(client, 'open_session', { task: 'financeiq', budgetSeconds: 600 });
    expect(open.isError).toBeFalsy();
    const sessionId = open.structuredContent!.sessionId as string;
    const workspace = open.structuredContent!.agentWorkspace as string;
    expect((await call(client, 'task_card', { sessionId })).structuredContent!.kind).toBe('task-card');
    expect((await call(client, 'read_pool', { sessionId, mode: 'sample', size: 1 })).structuredContent!.rows).toEqual([{ prompt: 'Q2', target: 'B' }]);
    const inline = await call(client, 'start_experiment', { sessionId, files: GOOD });
    expect(inline.structuredContent).toMatchObject({ kind: 'experiment-status', experimentId: 'exp-001' });
    for (const [name, text] of Object.entries(GOOD)) writeFileSync(join(workspace, name), text);
    const byPath = await call(client, 'start_experiment', { sessionId, paths: Object.keys(GOOD), parentExperimentId: 'exp-001' });
    expect(byPath.structuredContent).toMatchObject({ experimentId: 'exp-002', parentExperimentId: 'exp-001' });
    expect((await call(client, 'await_experiment', { sessionId, experimentId: 'exp-002' })).structuredContent!.state).toBe('succeeded');
    const finish = await call(client, 'finish_session', { sessionId, experimentId: 'exp-002', reason: 'best' });
    expect(finish.structuredContent).toMatchObject({ kind: 'closed', chosenExperimentId: 'exp-002' });
    expect(errorText(await call(client, 'budget', { sessionId }))).toMatch(/^SESSION_CLOSED: .*\nhow to go on: /);
    expect(opened.get(sessionId)!.fake.calls).toContain('finish');
    expect(registry.list()).toEqual([expect.objectContaining({ sessionId, client: 'claude-code', ended: true })]);
    registry.stop();
  });

  it('refuses bad input with a tool error that says how to go on, and loses nothing recorded', async () => {
    const { registry, opened } = fakeDoorRegistry(root);
    const client = await clientFor(registry);
    const sessionId = (await call(client, 'open_session', { task: 'financeiq', budgetSeconds: 600 })).structuredContent!.sessionId as string;
    const workspace = registry.get(sessionId).agentWorkspace!;
    expect((await call(client, 'start_experiment', { sessionId, files: GOOD })).isError).toBeFalsy();
    writeFileSync(join(root, 'outside.py'), 'print("not yours")\n');
    symlinkSync(join(root, 'outside.py'), join(workspace, 'linked.py'));
    mkdirSync(join(workspace, 'folder'));
    writeFileSync(join(workspace, 'big.py'), 'x'.repeat(1_000_001));
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['open_session', { budgetSeconds: 600 }, /^INVALID_INPUT: give exactly one of task/],
      ['task_card', { sessionId: 'session-999' }, /^UNKNOWN_SESSION: no session "session-999"/],
      ['experiment_status', { sessionId, experimentId: 'exp-404' }, /^UNKNOWN_EXPERIMENT: /],
      ['start_experiment', { sessionId, paths: ['../outside.py', 'train.yaml'] }, /not a path inside the workspace/],
      ['start_experiment', { sessionId, paths: [join(root, 'outside.py')] }, /not a path inside the workspace/],
      ['start_experiment', { sessionId, paths: ['linked.py'] }, /symbolic link/],
      ['start_experiment', { sessionId, paths: ['folder'] }, /not a regular file/],
      ['start_experiment', { sessionId, paths: ['big.py'] }, /at most 1000000/],
      ['start_experiment', { sessionId, paths: ['missing.py'] }, /does not exist in the workspace/],
      ['start_experiment', { sessionId, files: { 'train.yaml': 'x: 1\n' } }, /no data script/],
      ['start_experiment', { sessionId, files: { ...GOOD, '../escape.py': '' } }, /relative path inside the workspace/],
      ['start_experiment', { sessionId }, /give exactly one of files .* or paths/],
      ['finish_session', { sessionId, experimentId: 'exp-404' }, /^UNKNOWN_EXPERIMENT: /],
    ];
    for (const [tool, args, message] of cases) expect(errorText(await call(client, tool, args)), tool).toMatch(message);
    // No host path leaks in a refusal: the agent's own workspace may be named, nothing else.
    for (const [tool, args] of cases) expect((await call(client, tool, args)).content[0]!.text).not.toContain(root.replace(/\/[^/]*$/, '/') + 'outside');
    expect(opened.get(sessionId)!.refusals.filter((kind) => kind === 'path').length).toBeGreaterThanOrEqual(6);
    opened.get(sessionId)!.fake.exhaust();
    expect(errorText(await call(client, 'start_experiment', { sessionId, files: GOOD }))).toMatch(/^BUDGET_EXHAUSTED: /);
    // What was recorded before stays: exp-001 is still there and can be chosen.
    expect((await call(client, 'finish_session', { sessionId, experimentId: 'exp-001' })).structuredContent).toMatchObject({ chosenExperimentId: 'exp-001' });
    registry.stop();
  });

  it('keeps concurrent sessions apart: neither reaches the other by id or by path', async () => {
    const { registry } = fakeDoorRegistry(root);
    const first = await clientFor(registry, 'first');
    const second = await clientFor(registry, 'second');
    const a = (await call(first, 'open_session', { task: 'financeiq', budgetSeconds: 600 })).structuredContent!;
    const b = (await call(second, 'open_session', { task: 'gsm8k', budgetSeconds: 600 })).structuredContent!;
    expect(a.sessionId).not.toBe(b.sessionId);
    writeFileSync(join(b.agentWorkspace as string, 'process_data.py'), 'print("b")\n');
    const relativeToA = `../../${(b.agentWorkspace as string).split('/').slice(-2).join('/')}/process_data.py`;
    expect(errorText(await call(first, 'start_experiment', { sessionId: a.sessionId, paths: [relativeToA, 'train.yaml'] }))).toMatch(/not a path inside/);
    expect(errorText(await call(first, 'start_experiment', { sessionId: a.sessionId, paths: ['process_data.py'] }))).toMatch(/does not exist/);
    await call(second, 'start_experiment', { sessionId: b.sessionId, files: GOOD });
    expect(errorText(await call(first, 'experiment_status', { sessionId: a.sessionId, experimentId: 'exp-001' }))).toMatch(/^UNKNOWN_EXPERIMENT/);
    registry.stop();
  });

  it('closes a session idle past the timeout through its attempt, and records it', async () => {
    let now = 0;
    const { registry, opened } = fakeDoorRegistry(root, { idleSeconds: 60, now: () => now });
    const client = await clientFor(registry);
    const sessionId = (await call(client, 'open_session', { task: 'financeiq', budgetSeconds: 600 })).structuredContent!.sessionId as string;
    now = 30_000;
    await call(client, 'budget', { sessionId });
    now = 80_000;
    await registry.sweep();
    expect(opened.get(sessionId)!.closedWith).toEqual([]);
    now = 200_000;
    await registry.sweep();
    expect(opened.get(sessionId)!.closedWith).toEqual([expect.stringMatching(/closed by the door after 170 s without an act \(idle timeout 60 s\)/)]);
    expect(registry.list()[0]!.ended).toBe(true);
    registry.stop();
  });

  it('a door bound to one attempt hands that attempt back on open_session and knows no other session', async () => {
    const fake = createFakeDojoSession({ sessionId: 'bench-attempt', workspace: join(root, 'bound') });
    const host = boundSessionHost({ session: fake, agentWorkspace: null, close: async () => undefined, noteRefusal: () => undefined, done: Promise.resolve() });
    const client = await clientFor(host);
    expect((await call(client, 'open_session', { task: 'anything', budgetSeconds: 1 })).structuredContent!.sessionId).toBe('bench-attempt');
    expect(errorText(await call(client, 'budget', { sessionId: 'other' }))).toMatch(/this door serves session bench-attempt only/);
    expect(errorText(await call(client, 'start_experiment', { sessionId: 'bench-attempt', paths: ['a.py'] }))).toMatch(/no agent workspace/);
  });
});
