import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { FtdojoError } from '../core/index.js';
import { createDashboardApp, type DashboardAppOptions } from './dashboard-app.js';

export interface ServeDashboardOptions extends DashboardAppOptions {
  /** 127.0.0.1 unless asked: the dashboard shows file paths and prompts. */
  host?: string;
  /** 0 for any free port. */
  port: number;
}

export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the dashboard and resolves once it listens; a port in use is a clear error, not a stack trace. */
export function serveDashboard(options: ServeDashboardOptions): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const app = createDashboardApp(options);
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: host });
    server.once('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? 'pick another with --port N, or --port 0 for any free one'
          : error.code === 'EADDRNOTAVAIL'
            ? 'give --host an address of this machine'
            : 'see the message';
      reject(new FtdojoError('INVALID_INPUT', `cannot listen on ${host}:${options.port}: ${error.message}`, { hint, cause: error }));
    });
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolvePromise({
        url: `http://${shown}:${address.port}/`,
        close: () =>
          new Promise((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
