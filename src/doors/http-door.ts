import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { Hono } from 'hono';
import { FtdojoError } from '../core/index.js';
import { bearerMatches } from './door-token.js';
import type { DoorLog } from './mcp-server.js';
import { createDojoMcpServer } from './mcp-server.js';
import { mountRestApi, REST_PREFIX } from './rest-api.js';
import type { SessionHost } from './session-host.js';

export interface HttpDoorOptions {
  host: SessionHost;
  /** null: no token (a unix socket only one sandbox can reach); otherwise every request must carry it. */
  token: string | null;
  /**
   * Host header values accepted (DNS-rebinding protection: a page on another origin that rebinds
   * its name to 127.0.0.1 still sends its own name). null accepts any (a door opened wider). A
   * function is asked on each request (the port is known only once listening, with --port 0).
   */
  allowedHosts: readonly string[] | null | (() => readonly string[] | null);
  log?: DoorLog;
}

const unauthorized = {
  error: { code: 'UNAUTHORIZED', message: 'missing or wrong bearer token', hint: 'send Authorization: Bearer <token> (the token file ftdojo serve printed)' },
};

/**
 * The HTTP door as a Hono app: MCP over streamable HTTP at /mcp (one MCP server per MCP session,
 * all over the same dojo session host) and the REST API under /api/v1, behind a bearer token and
 * a Host check. The OpenAPI document is public: it holds no secret and helps a client get started.
 */
export function createHttpDoorApp(options: HttpDoorOptions): { app: Hono; closeTransports(): Promise<void> } {
  const app = new Hono();
  const transports = new Map<string, WebStandardStreamableHTTPServerTransport>();
  app.use('*', async (context, next) => {
    const allowed = typeof options.allowedHosts === 'function' ? options.allowedHosts() : options.allowedHosts;
    if (allowed && !allowed.includes((context.req.header('host') ?? '').toLowerCase()))
      return context.json(
        { error: { code: 'UNAUTHORIZED', message: 'this Host is not served here', hint: 'connect to the address ftdojo serve printed' } },
        403,
      );
    if (context.req.path === `${REST_PREFIX}/openapi.json` || options.token === null) return next();
    if (!bearerMatches(context.req.header('authorization'), options.token)) return context.json(unauthorized, 401);
    return next();
  });
  app.all('/mcp', async (context) => {
    const id = context.req.header('mcp-session-id');
    if (id) {
      const transport = transports.get(id);
      if (!transport) return context.json({ jsonrpc: '2.0', error: { code: -32001, message: 'unknown MCP session: initialize again' }, id: null }, 404);
      return transport.handleRequest(context.req.raw);
    }
    const body: unknown = context.req.method === 'POST' ? await context.req.json().catch(() => null) : null;
    if (!isInitializeRequest(body))
      return context.json({ jsonrpc: '2.0', error: { code: -32000, message: 'start with an initialize request (no Mcp-Session-Id yet)' }, id: null }, 400);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sessionId) => void transports.set(sessionId, transport),
      onsessionclosed: (sessionId) => void transports.delete(sessionId),
    });
    transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
    await createDojoMcpServer(options.host, options.log ? { log: options.log } : {}).connect(transport);
    return transport.handleRequest(context.req.raw, { parsedBody: body });
  });
  mountRestApi(app, options.host, options.log);
  return {
    app,
    closeTransports: async () => {
      await Promise.all([...transports.values()].map((transport) => transport.close()));
    },
  };
}

export interface HttpDoor {
  /** http://127.0.0.1:PORT, or the socket path for a door on a unix socket. */
  address: string;
  close(): Promise<void>;
}

/** The Host header values loopback clients send for a port. */
export function loopbackHosts(port: number, extra: readonly string[] = []): string[] {
  return ['127.0.0.1', 'localhost', '[::1]', ...extra].map((name) => `${name}:${port}`.toLowerCase());
}

/** Listens on host:port (or a unix socket path) and resolves once listening; a port in use is a clear error. */
export function listenHttpDoor(
  app: Hono,
  where: { host: string; port: number } | { socketPath: string },
  closeTransports: () => Promise<void>,
): Promise<HttpDoor> {
  const server = createAdaptorServer({ fetch: app.fetch });
  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const shown = 'socketPath' in where ? where.socketPath : `${where.host}:${where.port}`;
      reject(
        new FtdojoError('INVALID_INPUT', `cannot listen on ${shown}: ${error.message}`, {
          hint: error.code === 'EADDRINUSE' ? 'pick another with --port N, or --port 0 for any free one' : 'give --host an address of this machine',
          cause: error,
        }),
      );
    });
    server.once('listening', () => {
      const address = server.address();
      const text =
        typeof address === 'string' || address === null
          ? String(address ?? ('socketPath' in where ? where.socketPath : ''))
          : `http://${(address as AddressInfo).family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
      resolvePromise({
        address: text,
        close: async () => {
          await closeTransports();
          await new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          });
        },
      });
    });
    if ('socketPath' in where) server.listen(where.socketPath);
    else server.listen(where.port, where.host);
  });
}
