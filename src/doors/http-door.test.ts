import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { request as httpRequest } from 'node:http';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDoorRegistry } from '../testing/fake-door-host.js';
import { bearerMatches, loadOrCreateToken } from './door-token.js';
import type { HttpDoor } from './http-door.js';
import { createHttpDoorApp, listenHttpDoor, loopbackHosts } from './http-door.js';
import type { openApiDocument } from './rest-api.js';
import { REST_PREFIX } from './rest-api.js';
import { SESSION_TOOLS } from './session-tools.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-http-door-'));
const GOOD = { 'process_data.py': 'print(1)\n', 'train.yaml': 'learning_rate: 1.0e-4\n' };
const { registry } = fakeDoorRegistry(root);
const { token } = loadOrCreateToken(join(root, 'doors', 'token'));
let door: HttpDoor;
let port = 0;

beforeAll(async () => {
  let allowed: string[] = [];
  const app = createHttpDoorApp({ host: registry, token, allowedHosts: () => allowed });
  door = await listenHttpDoor(app.app, { host: '127.0.0.1', port: 0 }, app.closeTransports);
  port = Number(new URL(door.address).port);
  allowed = loopbackHosts(port);
});
afterAll(async () => {
  registry.stop();
  await door.close();
  rmSync(root, { recursive: true, force: true });
});

const rest = (path: string, init: RequestInit & { auth?: string | null } = {}) =>
  fetch(`${door.address}${REST_PREFIX}${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      ...(init.auth === null ? {} : { authorization: init.auth ?? `Bearer ${token}` }),
      ...(init.headers as Record<string, string> | undefined),
    },
  });

describe('the bearer token', () => {
  it('is made once, kept 0600, reused after, and compared exactly', () => {
    const path = join(root, 'other', 'token');
    const first = loadOrCreateToken(path);
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateToken(path)).toEqual({ token: first.token, created: false });
    expect(bearerMatches(`Bearer ${first.token}`, first.token)).toBe(true);
    expect(bearerMatches(`Bearer ${first.token}x`, first.token)).toBe(false);
    expect(bearerMatches(first.token, first.token)).toBe(false);
    writeFileSync(path, 'short\n');
    expect(() => loadOrCreateToken(path)).toThrow(/holds no usable token/);
  });
});

describe('the HTTP door', () => {
  it('refuses a missing or wrong token, and a foreign Host (DNS rebinding), before any act', async () => {
    for (const auth of [null, 'Bearer wrong', `Basic ${token}`]) {
      const answer = await rest('/sessions', { method: 'POST', body: JSON.stringify({ task: 'financeiq', budgetSeconds: 60 }), auth });
      expect(answer.status).toBe(401);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    }
    const mcp = await fetch(`${door.address}/mcp`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(mcp.status).toBe(401);
    // fetch may not set Host: a raw request plays the rebinding page's browser.
    const rebinding = await new Promise<number>((resolve, reject) =>
      httpRequest(
        { host: '127.0.0.1', port, path: `${REST_PREFIX}/sessions`, headers: { host: `evil.example:${port}`, authorization: `Bearer ${token}` } },
        (answer) => resolve(answer.statusCode ?? 0),
      )
        .on('error', reject)
        .end(),
    );
    expect(rebinding).toBe(403);
    expect(registry.list()).toEqual([]);
  });

  it('serves the REST API: open, read, submit, status, finish, with refusals in its error shape and status', async () => {
    const open = await rest('/sessions', {
      method: 'POST',
      body: JSON.stringify({ task: 'financeiq', budgetSeconds: 600 }),
      headers: { 'x-ftdojo-agent': 'curl' },
    });
    expect(open.status).toBe(200);
    const { sessionId } = (await open.json()) as { sessionId: string };
    expect(((await (await rest(`/sessions/${sessionId}/dataset-card?sources=false`)).json()) as { kind: string }).kind).toBe('dataset-card');
    const pool = (await (await rest(`/sessions/${sessionId}/pool`, { method: 'POST', body: JSON.stringify({ mode: 'page', limit: 2 }) })).json()) as {
      rows: unknown[];
    };
    expect(pool.rows).toHaveLength(2);
    const started = await rest(`/sessions/${sessionId}/experiments`, { method: 'POST', body: JSON.stringify({ files: GOOD }) });
    expect(await started.json()).toMatchObject({ experimentId: 'exp-001', state: 'succeeded' });
    expect(((await (await rest(`/sessions/${sessionId}/experiments/exp-001`)).json()) as { primaryMetric: number }).primaryMetric).toBe(0.5);
    const unknown = await rest(`/sessions/${sessionId}/experiments/exp-404`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'UNKNOWN_EXPERIMENT', hint: expect.any(String) } });
    const bad = await rest(`/sessions/${sessionId}/experiments`, { method: 'POST', body: JSON.stringify({ files: GOOD, surprise: 1 }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringMatching(/surprise/) } });
    expect((await rest(`/sessions/${sessionId}/experiments`, { method: 'POST', body: 'not json' })).status).toBe(400);
    const finished = await rest(`/sessions/${sessionId}/finish`, { method: 'POST', body: JSON.stringify({ experimentId: 'exp-001' }) });
    expect(await finished.json()).toMatchObject({ kind: 'closed', chosenExperimentId: 'exp-001' });
    const after = await rest(`/sessions/${sessionId}/budget`);
    expect(after.status).toBe(409);
    expect(registry.list().find((entry) => entry.sessionId === sessionId)).toMatchObject({ client: 'curl', ended: true });
  });

  it('publishes an OpenAPI document with one operation per tool, whose schemas compile', async () => {
    const answer = await fetch(`${door.address}${REST_PREFIX}/openapi.json`);
    expect(answer.status).toBe(200);
    const document = (await answer.json()) as ReturnType<typeof openApiDocument> & {
      paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>>;
    };
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations.map((operation) => operation.operationId).sort()).toEqual(SESSION_TOOLS.map((tool) => tool.name).sort());
    const ajv = new Ajv2020.default({ strict: false });
    for (const operation of operations) {
      const body = operation.requestBody as { content: { 'application/json': { schema: object } } } | undefined;
      if (body) expect(() => ajv.compile(body.content['application/json'].schema)).not.toThrow();
    }
  });

  it('serves MCP over streamable HTTP to the SDK client with the token', async () => {
    const refused = new Client({ name: 'no-token', version: '1' });
    await expect(refused.connect(new StreamableHTTPClientTransport(new URL(`${door.address}/mcp`)))).rejects.toThrow();
    const client = new Client({ name: 'http-agent', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${door.address}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(SESSION_TOOLS.length);
    const open = (await client.callTool({ name: 'open_session', arguments: { task: 'gsm8k', budgetSeconds: 600 } })) as unknown as {
      structuredContent: { sessionId: string };
    };
    const sessionId = open.structuredContent.sessionId;
    const budget = (await client.callTool({ name: 'budget', arguments: { sessionId } })) as unknown as { structuredContent: { kind: string } };
    expect(budget.structuredContent.kind).toBe('budget');
    expect(registry.list().find((entry) => entry.sessionId === sessionId)?.client).toBe('http-agent');
    await client.close();
  });

  it('keeps the token file readable only by its owner', () => {
    expect(statSync(join(root, 'doors', 'token')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(root, 'doors', 'token'), 'utf8').trim()).toBe(token);
  });
});
