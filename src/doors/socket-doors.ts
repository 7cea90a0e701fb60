import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createHttpDoorApp, listenHttpDoor } from './http-door.js';
import type { DoorLog } from './mcp-server.js';
import { createDojoMcpServer } from './mcp-server.js';
import type { SessionHost } from './session-host.js';

export interface SocketDoors {
  /** MCP with stdio framing, one MCP server per connection (the bridge's `stdio` mode). */
  mcpSocket: string;
  /** The HTTP door (MCP at /mcp, REST under /api/v1) without a token (the bridge's `tcp` mode). */
  httpSocket: string;
  close(): Promise<void>;
}

/**
 * The doors of one sandboxed agent: unix sockets in a folder that is bound into that agent's
 * sandbox only, so reaching them is the permission, and no token is needed; the sandbox itself
 * has no network. The bridge (agents/bridge.mjs) turns them into stdio or a loopback port there.
 */
export async function openSocketDoors(host: SessionHost, folder: string, log: DoorLog = {}): Promise<SocketDoors> {
  const mcpSocket = join(folder, 'mcp.sock');
  const httpSocket = join(folder, 'http.sock');
  const connections = new Set<Socket>();
  const stdio = createServer((connection) => {
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
    connection.on('error', () => connection.destroy());
    void createDojoMcpServer(host, { log }).connect(new StdioServerTransport(connection, connection));
  });
  await new Promise<void>((resolve, reject) => stdio.once('error', reject).listen(mcpSocket, () => resolve()));
  const door = createHttpDoorApp({ host, token: null, allowedHosts: null, log });
  const http = await listenHttpDoor(door.app, { socketPath: httpSocket }, door.closeTransports);
  return {
    mcpSocket,
    httpSocket,
    async close() {
      for (const connection of connections) connection.destroy();
      await new Promise<void>((resolve) => stdio.close(() => resolve()));
      await http.close();
    },
  };
}
