import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FtdojoError } from '../../core/index.js';
import { createRayJobsClient, normalizeAddress } from './ray-jobs-client.js';

/** A port nothing listens on: opened, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createRayJobsClient', () => {
  it('says how to start a head when none answers', async () => {
    const port = await closedPort();
    const error = await createRayJobsClient(`127.0.0.1:${port}`, { timeoutMs: 2_000 })
      .version()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FtdojoError);
    expect((error as FtdojoError).code).toBe('CLUSTER');
    expect((error as FtdojoError).message).toContain(`no Ray head answers at http://127.0.0.1:${port}`);
    expect((error as FtdojoError).hint).toContain('ftdojo cluster up --local');
  });

  it('refuses an answer in a shape it does not know, and sends no browser headers (Ray refuses browser POSTs)', async () => {
    const seen: Record<string, string | string[] | undefined>[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers);
      response.setHeader('content-type', 'application/json');
      response.end(request.url === '/api/version' ? '{"version": "4"}' : '{"submission_id": "x"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = createRayJobsClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    try {
      await expect(client.version()).rejects.toThrow(/in a shape this client does not know/);
      await expect(client.submit({ entrypoint: 'echo hi', submissionId: 'x' })).resolves.toBe('x');
      expect(seen.every((headers) => !Object.keys(headers).some((name) => /^sec-fetch|^origin$|^referer$/i.test(name)))).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('normalizeAddress', () => {
  it('adds the scheme, drops the trailing slash and refuses a Ray Client address', () => {
    expect(normalizeAddress('10.0.0.5:8265/')).toBe('http://10.0.0.5:8265');
    expect(normalizeAddress('https://ray.example.org')).toBe('https://ray.example.org');
    expect(() => normalizeAddress('ray://10.0.0.5:10001')).toThrow(/Ray Client address/);
  });
});
