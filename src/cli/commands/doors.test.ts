import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { Leaderboard, SuiteRow } from '../../core/index.js';
import type { BuiltCliSetup } from '../../testing/built-cli.js';
import { BUILT_CLI, builtCliSetup, homeSharingModel, spawnBuiltCli } from '../../testing/built-cli.js';

/*
 * The acceptance of the doors, as an outside agent meets them: the official MCP SDK client drives
 * whole sessions of the built CLI on the embedded model, over stdio (`ftdojo mcp`) and over HTTP
 * (`ftdojo serve`), while the stand-in `cmd:` agent enters through the shipped agents file
 * (`ftdojo bench --agents cmd:stand-in`). Cards, pool reads, validation, a real training, feedback,
 * the final choice; then the harness scores each choice on the held-out split and the row lands
 * on its leaderboard with its integrity audit.
 */
const setup = await builtCliSetup();
const skip = 'skip' in setup ? setup.skip : null;
const root = mkdtempSync(join(tmpdir(), 'ftdojo-doors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FILES = {
  'process_data.py': [
    'import json, os, sys',
    'limit = 8 if "--debug" in sys.argv else 16',
    'rows = [json.loads(line) for line in open("/task/pool.jsonl")][:limit]',
    'os.makedirs("output", exist_ok=True)',
    'json.dump([{"instruction": r["prompt"], "input": "", "output": r["target"]} for r in rows], open("output/train.json", "w"))',
    '',
  ].join('\n'),
  // One row a step: the runtime tier's micro run (three sessions at once, on two cores) trains three
  // rows, not three batches of eight, and finishes well inside its deadline on a loaded machine.
  'train.yaml': 'num_train_epochs: 1\nper_device_train_batch_size: 1\ngradient_accumulation_steps: 1\ncutoff_len: 512\n',
};

type Answer = { isError?: boolean; content: { type: string; text: string }[]; structuredContent?: Record<string, unknown> };

/** A client that keeps every text it was told (the check that nothing held-out leaks reads them). */
function recordingCaller(client: Client) {
  const seen: string[] = [];
  const call = async (name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const answer = (await client.callTool({ name, arguments: args }, undefined, { timeout: 900_000 })) as Answer;
    seen.push(...answer.content.map((block) => block.text));
    if (answer.isError) throw new Error(`${name}: ${answer.content[0]?.text}`);
    return answer.structuredContent!;
  };
  return { call, seen };
}

/** One whole session the way an agent works it; `submit` chooses inline files or paths in the agent's workspace. */
async function workSession(client: Client, submit: 'files' | 'paths') {
  const { call, seen } = recordingCaller(client);
  const info = await call('open_session', { task: 'financeiq', budgetSeconds: 1800, evalLimit: 5 });
  const sessionId = info.sessionId as string;
  expect(((await call('task_card', { sessionId })).markdown as string).length).toBeGreaterThan(100);
  expect((await call('dataset_card', { sessionId })).pool).toMatchObject({ fields: expect.arrayContaining(['prompt', 'target']) });
  expect((await call('read_pool', { sessionId, mode: 'sample', size: 3 })).rows).toHaveLength(3);
  // A refusal on the way: the session goes on.
  await expect(call('start_experiment', { sessionId, files: { 'train.yaml': 'x: 1\n' } })).rejects.toThrow(/no data script/);
  let submission: Record<string, unknown> = { files: FILES };
  if (submit === 'paths') {
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(info.agentWorkspace as string, name), text);
    submission = { paths: Object.keys(FILES) };
  }
  expect(((await call('validate_submission', { sessionId, ...submission })).report as { passed: boolean }).passed).toBe(true);
  let status = await call('start_experiment', { sessionId, ...submission });
  const experimentId = status.experimentId as string;
  while (status.state === 'running') status = await call('await_experiment', { sessionId, experimentId, timeoutSeconds: 120 });
  expect(status).toMatchObject({ state: 'succeeded', phase: 'done' });
  const feedback = (await call('get_feedback', { sessionId, experimentId })).feedback as { evaluation: { primary: { value: number } } };
  expect(feedback.evaluation.primary.value).toBeGreaterThanOrEqual(0);
  expect(await call('finish_session', { sessionId, experimentId, reason: 'the one experiment' })).toMatchObject({ chosenExperimentId: experimentId });
  // An act after close is refused; what was recorded stays.
  await expect(call('start_experiment', { sessionId, files: FILES })).rejects.toThrow(/SESSION_CLOSED/);
  return { sessionId, seen };
}

/** Waits for the harness to score the session and append its row. */
async function rowOf(outDir: string, agent: string): Promise<SuiteRow> {
  for (let tries = 0; tries < 600; tries += 1) {
    const path = join(outDir, 'rows.jsonl');
    const row = existsSync(path)
      ? readFileSync(path, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as SuiteRow)
          .find((candidate) => candidate.agent === agent)
      : undefined;
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`no row for ${agent} in ${outDir}`);
}

function cliEnv(setup: BuiltCliSetup, home: string): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    FTDOJO_PYTHON: setup.runtime.config.python,
    FTDOJO_DATA_MIRROR: setup.mirror,
    FTDOJO_HOME: home,
    NO_COLOR: '1',
  };
}

describe.skipIf(skip !== null)(`outside agents through the doors${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('stdio, HTTP and a cmd: agent each work a real session and land on a leaderboard, with nothing held-out shown', async () => {
    if ('skip' in setup) return;
    const home = homeSharingModel(join(root, 'home'), setup);

    const overStdio = async () => {
      const outDir = join(root, 'stdio');
      const client = new Client({ name: 'stdio-agent', version: '1' });
      await client.connect(
        new StdioClientTransport({ command: process.execPath, args: [BUILT_CLI, 'mcp', '--out', outDir], env: cliEnv(setup, home), stderr: 'ignore' }),
      );
      const session = await workSession(client, 'files');
      const row = await rowOf(outDir, 'mcp:stdio-agent');
      await client.close();
      return { ...session, row, outDir };
    };

    const overHttp = async () => {
      const outDir = join(root, 'http');
      const server = spawnBuiltCli(setup, home, ['serve', '--port', '0', '--json', '--out', outDir, '--token-file', join(root, 'token')]);
      try {
        let line = '';
        for (let tries = 0; tries < 120 && !line.includes('"mcp"'); tries += 1) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          line =
            server
              .output()
              .split('\n')
              .find((text) => text.includes('"mcp"')) ?? '';
        }
        const address = JSON.parse(server.output().slice(server.output().indexOf('{'))) as { mcp: string; api: string };
        const token = readFileSync(join(root, 'token'), 'utf8').trim();
        expect((await fetch(`${address.api}/sessions`)).status).toBe(401);
        const client = new Client({ name: 'http-agent', version: '1' });
        await client.connect(new StreamableHTTPClientTransport(new URL(address.mcp), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
        const session = await workSession(client, 'paths');
        const row = await rowOf(outDir, 'mcp:http-agent');
        await client.close();
        return { ...session, row, outDir };
      } finally {
        server.child.kill('SIGINT');
        await server.exit;
      }
    };

    const throughAgentsFile = async () => {
      const outDir = join(root, 'cmd');
      const bench = spawnBuiltCli(setup, home, [
        'bench',
        '--tasks',
        'financeiq',
        '--agents',
        'cmd:stand-in',
        '--budget',
        '30m',
        '--eval-limit',
        '5',
        '--out',
        outDir,
      ]);
      expect(await bench.exit, bench.output()).toBe(0);
      return { row: await rowOf(outDir, 'cmd:stand-in'), outDir, output: bench.output() };
    };

    // One after another: three real trainings at once on two cores oversubscribe the CPU (each
    // process runs its own torch threads) and took 5x one session's time, not 3x.
    const stdio = await overStdio();
    const http = await overHttp();
    const command = await throughAgentsFile();

    for (const { row, outDir } of [stdio, http, command]) {
      expect(row).toMatchObject({ task: 'financeiq', state: 'completed', iterations: 1, succeeded: 1, flags: [] });
      expect(row.test).toEqual(expect.any(Number));
      const leaderboard = JSON.parse(readFileSync(join(outDir, 'leaderboard.json'), 'utf8')) as Leaderboard;
      expect(leaderboard.entries.map((entry) => entry.agent)).toEqual([row.agent]);
      expect(JSON.parse(readFileSync(join(row.runRef!, 'integrity.json'), 'utf8'))).toMatchObject({ kind: 'integrity-audit', flags: [] });
    }
    expect(readFileSync(join(command.row.runRef!, 'agent-output.log'), 'utf8')).toMatch(/stand-in: finished: exp-001 chosen/);

    // Nothing an agent was told names the held-out split, its folder or one of its items.
    const heldOut = join(home, 'tasks', 'financeiq', 'mini', 'heldout');
    const items = readFileSync(join(heldOut, 'test.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { prompt: string }).prompt);
    for (const text of [...stdio.seen, ...http.seen]) {
      expect(text).not.toContain('heldout');
      for (const item of items) expect(text.includes(item), `a test item in a tool answer: ${item.slice(0, 60)}`).toBe(false);
    }
  }, 1_800_000);
});
