import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Hugging Face hub on 127.0.0.1, implementing the endpoints the hub client
 * uses, for dataset and model repositories alike:
 *   GET /api/{datasets|models}/<org>/<name>/revision/<rev>   → { sha }
 *   GET /api/{datasets|models}/<org>/<name>/commits/<branch> → [{ id }] (paginated, Link rel="next")
 *   GET /api/{datasets|models}/<org>/<name>/tree/<rev>       → [{ type, path, size, oid, lfs? }] (paginated)
 *   GET /datasets/<org>/<name>/resolve/<rev>/<path>          → the file (Range: bytes=N- answered 206)
 *   GET /<org>/<name>/resolve/<rev>/<path>                   → a model's file (the same)
 * with the hub's status codes (401/403 for a token-protected repository, 404, 416, 503).
 * Tests script failures through `faults`. Test support only: it binds to loopback.
 */
export interface FakeHubFile {
  content: Buffer | string;
  /** Listed as an LFS file (sha256 in `lfs.oid`) rather than a git blob. */
  lfs?: boolean;
}

export interface FakeHubRepo {
  /** A dataset unless said otherwise; a model is served under /api/models and /<org>/<name>/resolve. */
  repoType?: 'dataset' | 'model';
  /** Newest first, like the hub's commit history. */
  commits: Array<{ sha: string; files: Record<string, FakeHubFile> }>;
  /** Extra names the revision endpoint accepts (branches, or a deliberately wrong alias). */
  refs?: Record<string, string>;
  /** When set, every request must carry `Authorization: Bearer <token>` (a gated dataset). */
  token?: string;
}

export interface FakeHubFaults {
  /** Per file path: cut the connection after this many body bytes, this many times. */
  interrupt?: Record<string, { afterBytes: number; times: number }>;
  /** Per file path: send this many body bytes, then go silent (never end), this many times. */
  stall?: Record<string, { afterBytes: number; times: number }>;
  /** Per file path: serve these bytes instead of the listed ones (a corrupt copy). */
  corrupt?: Record<string, Buffer | string>;
  /** Per file path: answer 503 this many times first. */
  unavailable?: Record<string, number>;
  /** Commit and tree listings hold this many entries a page. */
  pageSize?: number;
}

export interface FakeHub {
  url: string;
  /** Every request as "METHOD path [Range]" in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

function gitBlobSha1(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function sendJson(response: ServerResponse, status: number, body: unknown, link?: string): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (link) headers.Link = `<${link}>; rel="next"`;
  response.writeHead(status, headers).end(JSON.stringify(body));
}

export async function startFakeHub(repos: Record<string, FakeHubRepo>, faults: FakeHubFaults = {}): Promise<FakeHub> {
  const requests: string[] = [];
  const pageSize = faults.pageSize ?? 100;
  const interrupts = new Map(Object.entries(faults.interrupt ?? {}).map(([path, fault]) => [path, { ...fault }]));
  const stalls = new Map(Object.entries(faults.stall ?? {}).map(([path, fault]) => [path, { ...fault }]));
  const unavailable = new Map(Object.entries(faults.unavailable ?? {}));
  let base = '';

  const commitOf = (repo: FakeHubRepo, rev: string) => {
    const sha = repo.refs?.[rev] ?? rev;
    return repo.commits.find((commit) => commit.sha === sha);
  };

  function page<T>(items: T[], url: URL, response: ServerResponse): void {
    const start = Number(url.searchParams.get('cursor') ?? url.searchParams.get('p') ?? '0') * pageSize;
    const next = new URL(url.toString());
    next.searchParams.set(url.pathname.includes('/commits/') ? 'p' : 'cursor', String(start / pageSize + 1));
    sendJson(response, 200, items.slice(start, start + pageSize), start + pageSize < items.length ? next.toString() : undefined);
  }

  function serveFile(request: IncomingMessage, response: ServerResponse, path: string, bytes: Buffer): void {
    const failures = unavailable.get(path) ?? 0;
    if (failures > 0) {
      unavailable.set(path, failures - 1);
      response.writeHead(503).end('busy');
      return;
    }
    const corrupt = faults.corrupt?.[path];
    const body = corrupt === undefined ? bytes : Buffer.from(corrupt);
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start > body.length) {
      response.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
      return;
    }
    const slice = body.subarray(start);
    const headers: Record<string, string | number> = { 'Content-Length': slice.length, 'Accept-Ranges': 'bytes' };
    if (range) headers['Content-Range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    response.writeHead(range ? 206 : 200, headers);
    const interrupt = interrupts.get(path);
    if (interrupt && interrupt.times > 0 && slice.length > interrupt.afterBytes) {
      interrupt.times -= 1;
      // Send part of the body, then drop the connection mid-transfer.
      response.write(slice.subarray(0, interrupt.afterBytes), () => setTimeout(() => response.socket?.destroy(), 20));
      return;
    }
    const stall = stalls.get(path);
    if (stall && stall.times > 0 && slice.length > stall.afterBytes) {
      stall.times -= 1;
      response.write(slice.subarray(0, stall.afterBytes));
      return;
    }
    response.end(slice);
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    requests.push(`${request.method} ${request.url}${request.headers.range ? ` [${request.headers.range}]` : ''}`);
    const url = new URL(request.url ?? '/', base);
    const path = decodeURIComponent(url.pathname);
    const api = /^\/api\/(datasets|models)\/([^/]+\/[^/]+)\/(revision|commits|tree)\/([^/]+)$/.exec(path);
    const resolve = /^\/(datasets\/)?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    const repoType = (api ? api[1] === 'models' : resolve ? resolve[1] === undefined : false) ? 'model' : 'dataset';
    const repoName = api?.[2] ?? resolve?.[2];
    const repo = repoName === undefined ? undefined : repos[repoName];
    if (!repo || (repo.repoType ?? 'dataset') !== repoType) {
      sendJson(response, 404, { error: 'Repository not found' });
      return;
    }
    if (repo.token !== undefined) {
      const auth = request.headers.authorization;
      if (auth === undefined) return void sendJson(response, 401, { error: 'Access to this dataset is restricted' });
      if (auth !== `Bearer ${repo.token}`) return void sendJson(response, 403, { error: 'You must accept the conditions' });
    }
    if (api) {
      const [, , , kind, rev] = api as unknown as [string, string, string, string, string];
      if (kind === 'commits')
        return page(
          repo.commits.map((commit) => ({ id: commit.sha, title: 'commit' })),
          url,
          response,
        );
      const commit = commitOf(repo, rev);
      // A ref may point at a commit this fake does not hold: how a test makes the hub disagree with a pin.
      const refSha = repo.refs?.[rev];
      if (kind === 'revision' && refSha !== undefined) return void sendJson(response, 200, { id: repoName, sha: refSha });
      if (!commit) return void sendJson(response, 404, { error: `Invalid rev id: ${rev}` });
      if (kind === 'revision') return void sendJson(response, 200, { id: repoName, sha: commit.sha });
      const entries = Object.entries(commit.files).map(([filePath, file]) => {
        const bytes = Buffer.from(file.content);
        return file.lfs
          ? {
              type: 'file',
              path: filePath,
              size: bytes.length,
              oid: gitBlobSha1(Buffer.from('pointer')),
              lfs: { oid: createHash('sha256').update(bytes).digest('hex'), size: bytes.length },
            }
          : { type: 'file', path: filePath, size: bytes.length, oid: gitBlobSha1(bytes) };
      });
      return page(entries, url, response);
    }
    const [, , , rev, filePath] = resolve as unknown as [string, string | undefined, string, string, string];
    const file = commitOf(repo, rev)?.files[filePath];
    if (!file) return void sendJson(response, 404, { error: 'Entry not found' });
    serveFile(request, response, filePath, Buffer.from(file.content));
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
