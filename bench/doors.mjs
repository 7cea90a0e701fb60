#!/usr/bin/env node
// The doors' per-call overhead on loopback: `npm run bench:doors [-- --calls N] [-- --json]`.
// One real financeiq session (mini profile, 3600 s budget, evalLimit 5) is opened through each
// door with open_session: in this process (the CLI's session opener and registry, driven through
// the MCP server over the SDK's in-memory transport), `ftdojo mcp` over stdio, and `ftdojo serve`
// over streamable HTTP (its REST API asks the same session). Each then answers 10 warm-up and
// N (200 by default) `budget` calls, round-robin across the doors so drift on the machine falls
// on all alike; the bench prints p50, p95 and max per transport in milliseconds and each p50
// over the direct `session.budget()` p50 (and over the in-memory MCP p50). Every session is
// finished (experimentId null) and recorded, one after another, in temporary --out folders that
// are removed at the end; the servers are stopped. Needs FTDOJO_DATA_MIRROR, like real sessions.
/* global performance, fetch, setTimeout, clearTimeout */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { resolveRuntimeConfig } = await load('config/index.js');
const { createCliContext } = await load('cli/context.js');
const { doorSessionOpener } = await load('cli/commands/door-sessions.js');
const { createDojoMcpServer, createSessionRegistry } = await load('doors/index.js');

const flag = (name) => process.argv.indexOf(name);
const calls = flag('--calls') > 0 ? Number(process.argv[flag('--calls') + 1]) : 200;
const asJson = flag('--json') > 0;
const WARMUP = 10;
const OPEN = { task: 'financeiq', profile: 'mini', budgetSeconds: 3600, evalLimit: 5 };
const RECORD_TIMEOUT_MS = 600_000;
if (!Number.isInteger(calls) || calls < 1) throw new Error(`--calls needs a whole number ≥ 1, got ${process.argv[flag('--calls') + 1]}`);
if (!process.env.FTDOJO_DATA_MIRROR?.trim()) throw new Error('set FTDOJO_DATA_MIRROR (the offline data mirror): the bench opens real sessions');

const bin = fileURLToPath(new URL('../bin/ftdojo.js', import.meta.url));
const log = (text) => process.stderr.write(`${text}\n`);
const env = { ...process.env, NO_COLOR: '1' };
const seconds = (since) => +((performance.now() - since) / 1000).toFixed(2);
const folders = [];
const temp = (name) => (folders.push(mkdtempSync(join(tmpdir(), `ftdojo-bench-doors-${name}-`))), folders.at(-1));
const stoppers = [];

/** A child's stderr (or our own log), kept to wait on a line and to show when something fails. */
function logTail(stream) {
  const tail = { text: '', waiters: new Set() };
  stream?.on('data', (chunk) => {
    tail.text += chunk.toString();
    for (const waiter of tail.waiters) waiter();
  });
  tail.push = (line) => ((tail.text += `${line}\n`), tail.waiters.forEach((waiter) => waiter()));
  tail.waitFor = (pattern, ms, what) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(tail.text);
        if (!match) return;
        clearTimeout(timer);
        tail.waiters.delete(check);
        resolve(match);
      };
      const timer = setTimeout(() => (tail.waiters.delete(check), reject(new Error(`${what}: nothing after ${ms / 1000} s\n${tail.last()}`))), ms);
      tail.waiters.add(check);
      check();
    });
  tail.last = (lines = 20) => tail.text.trimEnd().split('\n').slice(-lines).join('\n');
  return tail;
}

/** One tool call over an MCP client; a tool error is thrown with its text. */
async function tool(client, name, args) {
  const answer = await client.callTool({ name, arguments: args });
  if (answer.isError) throw new Error(`${name}: ${answer.content?.[0]?.text ?? 'tool error'}`);
  return answer.structuredContent;
}

async function openOver(client, door) {
  const started = performance.now();
  const info = await tool(client, 'open_session', OPEN);
  log(`doors: ${door}: session ${info.sessionId} opened in ${seconds(started)} s`);
  return { sessionId: info.sessionId, openSeconds: seconds(started) };
}

// In this process: the CLI's opener and registry (as `ftdojo mcp` builds them), an MCP server on
// an in-memory transport, and the DojoSession object itself from the same host.
async function inProcessDoor() {
  const out = temp('in-process');
  const tail = logTail(null);
  const say = (text) => tail.push(String(text));
  const ctx = createCliContext({ out: say, err: say }, env, {});
  const runtime = resolveRuntimeConfig(env);
  const opener = doorSessionOpener(ctx, {
    runtime,
    outDir: out,
    llmGateway: false,
    onRecorded: (id, outcome) => say(outcome instanceof Error ? `${id}: the attempt failed: ${outcome.message}` : `${id}: recorded`),
  });
  const host = createSessionRegistry({ opener });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createDojoMcpServer(host).connect(serverSide);
  const client = new Client({ name: 'bench-doors-in-process', version: '1.0.0' });
  await client.connect(clientSide);
  stoppers.push(async () => (await client.close(), await host.closeAll('the bench stopped')));
  const { sessionId, openSeconds } = await openOver(client, 'in-process');
  const session = host.get(sessionId).session;
  return { name: 'in-process', tail, client, sessionId, openSeconds, direct: () => session.budget() };
}

// `ftdojo mcp` over stdio, the way an agent's MCP client starts it.
async function stdioDoor() {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp', '--out', temp('stdio')], env, stderr: 'pipe' });
  const tail = logTail(transport.stderr);
  const client = new Client({ name: 'bench-doors-stdio', version: '1.0.0' });
  await client.connect(transport);
  stoppers.push(() => client.close());
  return { name: 'stdio', tail, client, ...(await openOver(client, 'MCP stdio')) };
}

// `ftdojo serve --port 0 --json`: MCP over streamable HTTP and the REST API, one session for both.
async function httpDoor() {
  const tokenFile = join(temp('token'), 'token');
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--json', '--token-file', tokenFile, '--out', temp('http')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  stoppers.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  });
  const tail = logTail(child.stderr);
  const stdout = logTail(child.stdout);
  const listening = await Promise.race([
    stdout.waitFor(/^\{[\s\S]*\n\}\s*$/, 120_000, 'ftdojo serve --json').then(([text]) => JSON.parse(text)),
    exited.then((code) => Promise.reject(new Error(`ftdojo serve exited (${code}) before listening\n${tail.last()}`))),
  ]);
  const token = readFileSync(tokenFile, 'utf8').trim();
  const headers = { authorization: `Bearer ${token}` };
  const client = new Client({ name: 'bench-doors-http', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(listening.mcp), { requestInit: { headers } }));
  stoppers.push(() => client.close());
  const opened = await openOver(client, 'MCP HTTP');
  const budgetUrl = `${listening.api}/sessions/${encodeURIComponent(opened.sessionId)}/budget`;
  const rest = async () => {
    const response = await fetch(budgetUrl, { headers });
    const body = await response.json();
    if (!response.ok) throw new Error(`GET ${budgetUrl}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  return { name: 'http', tail, client, ...opened, url: listening.url, rest };
}

/** p50, p95 and max of the timings, nearest rank, in ms. */
function summary(timings) {
  const sorted = [...timings].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  const round = (ms) => +ms.toFixed(4);
  return { calls: sorted.length, p50: round(rank(0.5)), p95: round(rank(0.95)), max: round(sorted.at(-1)) };
}

async function finish(door, waitRecorded) {
  const started = performance.now();
  await tool(door.client, 'finish_session', { sessionId: door.sessionId, experimentId: null, reason: 'bench:doors' });
  const escaped = door.sessionId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const [line] = await (waitRecorded ?? door.tail).waitFor(
    new RegExp(`${escaped}: (recorded|the attempt failed).*`),
    RECORD_TIMEOUT_MS,
    `${door.name}: recording`,
  );
  log(`doors: ${door.name}: finished and recorded in ${seconds(started)} s (${line.trim()})`);
  if (!/recorded/.test(line)) throw new Error(line);
  return seconds(started);
}

const doors = [];
let failed = false;
try {
  log(`doors: opening one ${OPEN.task} session (${OPEN.profile}, ${OPEN.budgetSeconds} s, evalLimit ${OPEN.evalLimit}) per door...`);
  const inProcess = await inProcessDoor();
  doors.push(inProcess);
  const stdio = await stdioDoor();
  doors.push(stdio);
  const http = await httpDoor();
  doors.push(http);
  const budgetOf = (door) => () => tool(door.client, 'budget', { sessionId: door.sessionId });
  const transports = [
    { name: 'in-process: session.budget()', door: inProcess, call: inProcess.direct },
    { name: 'in-process: MCP (in-memory transport)', door: inProcess, call: budgetOf(inProcess) },
    { name: 'MCP over stdio', door: stdio, call: budgetOf(stdio) },
    { name: 'MCP over HTTP', door: http, call: budgetOf(http) },
    { name: 'REST GET /budget', door: http, call: http.rest },
  ].map((transport) => ({ ...transport, timings: [] }));

  log(`doors: ${WARMUP} warm-up and ${calls} measured budget calls per transport, round-robin...`);
  for (let round = 0; round < WARMUP + calls; round += 1) {
    for (let turn = 0; turn < transports.length; turn += 1) {
      const transport = transports[(round + turn) % transports.length];
      const started = performance.now();
      const answer = await transport.call();
      const ms = performance.now() - started;
      if (answer?.kind !== 'budget') throw new Error(`${transport.name}: not a budget answer: ${JSON.stringify(answer).slice(0, 300)}`);
      if (round >= WARMUP) transport.timings.push(ms);
    }
  }

  log('doors: finishing each session (experimentId null) and waiting until it is recorded, one at a time...');
  const finishSeconds = {};
  for (const door of doors) finishSeconds[door.name] = await finish(door);

  const rows = transports.map((transport) => ({ transport: transport.name, ...summary(transport.timings) }));
  const [direct, memory] = rows;
  for (const row of rows) {
    row.overDirect = +(row.p50 / direct.p50).toFixed(1);
    row.overInMemoryMcp = +(row.p50 / memory.p50).toFixed(2);
  }
  const report = {
    schemaVersion: 1,
    measured: `per-call wall time of the budget act on one ${OPEN.task} session per door (loopback), ms`,
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
    session: OPEN,
    warmup: WARMUP,
    calls,
    transports: rows,
    sessions: Object.fromEntries(doors.map((door) => [door.name, { openSeconds: door.openSeconds, finishToRecordedSeconds: finishSeconds[door.name] }])),
  };
  if (asJson) console.log(JSON.stringify(report, null, 2));
  else {
    const { machine } = report;
    console.log(
      `ftdojo doors: per-call overhead of \`budget\` on loopback, one ${OPEN.task} session per door (${OPEN.profile}, ${OPEN.budgetSeconds} s, evalLimit ${OPEN.evalLimit})`,
    );
    console.log(`${machine.cpu} × ${machine.cores} · node ${machine.node} · ${WARMUP} warm-up + ${calls} measured calls per transport, round-robin`);
    const cells = [['transport', 'p50 ms', 'p95 ms', 'max ms', 'p50 ÷ direct', 'p50 ÷ in-memory MCP']];
    for (const row of rows)
      cells.push([row.transport, row.p50.toFixed(3), row.p95.toFixed(3), row.max.toFixed(3), `${row.overDirect}×`, `${row.overInMemoryMcp}×`]);
    const widths = cells[0].map((_, column) => Math.max(...cells.map((cell) => cell[column].length)));
    for (const cell of cells) console.log(cell.map((text, column) => (column ? text.padStart(widths[column]) : text.padEnd(widths[column]))).join('  '));
    const opened = doors.map((door) => `${door.name} ${door.openSeconds} s open, ${finishSeconds[door.name]} s finish→recorded`).join(' · ');
    console.log(`sessions: ${opened}`);
  }
} catch (error) {
  failed = true;
  log(`doors: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  for (const door of doors) log(`--- ${door.name} log (last lines) ---\n${door.tail.last()}`);
} finally {
  for (const stop of stoppers.reverse()) await stop().catch((error) => log(`doors: stopping: ${error.message}`));
  if (failed) log(`doors: kept the --out folders for a look: ${folders.join(' ')}`);
  else for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
// A timer left by a failed wait must not hold the process open.
process.exit(failed ? 1 : 0);
