import { existsSync } from 'node:fs';
import { FtdojoError, timeoutSignal } from '../core/index.js';
import type { ExpectedDigest } from './file-digest.js';
import type { ProgressListener } from './download-progress.js';
import { downloadFile } from './download-file.js';
import { createHubCache, isFullSha, type HubCache, type HubRepoRef } from './hub-cache.js';
import { hubHttpError, hubTransportError, repoPage, type HubRequestContext } from './hub-errors.js';
import { DEFAULT_RETRY, withRetry, type RetryOptions } from './with-retry.js';

/** One file of a hub revision, as the tree listing gives it. */
export interface HubFile {
  path: string;
  size: number;
  /** sha256 for LFS files, the git blob sha1 for files kept in git. */
  expected: ExpectedDigest;
}

export interface HubClientOptions {
  endpoint: string;
  token: string | null;
  cacheDir: string;
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** Longest wait for an answer, or between two chunks of a download. */
  timeoutMs?: number;
  /** Branch searched for a pinned prefix the revision endpoint does not accept. */
  defaultBranch?: string;
}

export interface HubDownloadOptions {
  /** Where the verified file goes instead of the cache's place for it (the model store's folders). */
  destination?: string | undefined;
  expected?: ExpectedDigest | undefined;
  size?: number | undefined;
  onProgress?: ProgressListener | undefined;
}

/** The slice of the Hugging Face hub's public HTTP API that the data repository needs. */
export interface HubClient {
  readonly cache: HubCache;
  /**
   * The full commit a revision names. A pin (a full hash or a hex prefix of at least 7) must match
   * the commit the hub gives; any other revision is a branch or tag name (`main`, `v1.0`) and
   * resolves to wherever it points now.
   */
  resolveRevision(ref: HubRepoRef, pin: string): Promise<string>;
  listFiles(ref: HubRepoRef, commit: string): Promise<HubFile[]>;
  /** Downloads one file of a commit into the cache, or `destination` (resuming, verified), and returns its path. */
  download(ref: HubRepoRef, commit: string, path: string, options?: HubDownloadOptions): Promise<string>;
}

interface TreeEntry {
  type: string;
  path: string;
  size: number;
  oid: string;
  lfs?: { oid: string; size: number };
}

const MAX_PAGES = 50;
const COMMIT_PREFIX = /^[0-9a-f]{7,40}$/;

/** True for a revision that pins a commit (a hex prefix of 7 or more), false for a branch or tag name. */
export function isCommitPin(revision: string): boolean {
  return COMMIT_PREFIX.test(revision);
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** `Link: <url>; rel="next"` as the hub paginates its listings. */
function nextPage(response: Response): string | null {
  const link = response.headers.get('link');
  return link ? (/<([^>]+)>\s*;\s*rel="next"/.exec(link)?.[1] ?? null) : null;
}

export function createHubClient(options: HubClientOptions): HubClient {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const retry = options.retry ?? DEFAULT_RETRY;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const defaultBranch = options.defaultBranch ?? 'main';
  const cache = createHubCache(options.cacheDir);
  const authorization: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};

  const api = (ref: HubRepoRef, rest: string): string => `${endpoint}/api/${ref.repoType}s/${ref.repo}/${rest}`;
  const context = (ref: HubRepoRef, what: string, url: string): HubRequestContext & { page: string; hasToken: boolean } => ({
    repo: ref.repo,
    what,
    url,
    page: repoPage(endpoint, ref.repo, ref.repoType),
    hasToken: options.token !== null,
    repoType: ref.repoType,
  });

  /** GET with retries; `allow` lists statuses handed back to the caller instead of thrown. */
  async function get(url: string, ref: HubRepoRef, what: string, allow: number[] = []): Promise<Response> {
    return withRetry(async () => {
      let response: Response;
      try {
        response = await doFetch(url, { headers: { Accept: 'application/json', ...authorization }, signal: timeoutSignal(timeoutMs).signal });
      } catch (cause) {
        throw hubTransportError(cause, context(ref, what, url));
      }
      if (response.ok || allow.includes(response.status)) return response;
      await response.body?.cancel();
      throw hubHttpError(response.status, context(ref, what, url));
    }, retry);
  }

  async function json<T>(response: Response, url: string): Promise<T> {
    try {
      return (await response.json()) as T;
    } catch (cause) {
      throw new FtdojoError('NETWORK', `the hub sent an answer that is not JSON for ${url}`, { hint: 'check HF_ENDPOINT', fault: 'environment', cause });
    }
  }

  async function findCommitByPrefix(ref: HubRepoRef, pin: string): Promise<string | null> {
    let url: string | null = api(ref, `commits/${encodeURIComponent(defaultBranch)}`);
    const matches = new Set<string>();
    for (let page = 0; url !== null && page < MAX_PAGES; page += 1) {
      const response = await get(url, ref, `history of ${defaultBranch}`);
      const commits = await json<Array<{ id: string }>>(response, url);
      for (const commit of commits) if (commit.id.startsWith(pin)) matches.add(commit.id);
      url = nextPage(response);
    }
    if (matches.size > 1) {
      throw new FtdojoError('INVALID_INPUT', `the pinned revision ${pin} of ${ref.repo} is ambiguous: ${[...matches].join(', ')}`, {
        hint: 'pin a longer prefix or the full commit in src/data/sources',
        fault: 'internal',
      });
    }
    return [...matches][0] ?? null;
  }

  function checkPin(ref: HubRepoRef, pin: string, commit: string): string {
    if (!isFullSha(commit) || !commit.startsWith(pin)) {
      throw new FtdojoError('CHECKSUM_MISMATCH', `the hub resolved ${ref.repo}@${pin} to commit ${commit}, which is not the pinned revision ${pin}`, {
        hint: 'the hub and the catalogue disagree about the pinned revision; ftdojo reads only pinned data. Check the revision in src/data/sources',
        fault: 'environment',
      });
    }
    return commit;
  }

  return {
    cache,

    async resolveRevision(ref, pin) {
      const url = api(ref, `revision/${encodeURIComponent(pin)}`);
      if (!isCommitPin(pin)) {
        const sha = (await json<{ sha: string }>(await get(url, ref, `revision ${pin}`), url)).sha;
        if (typeof sha === 'string' && isFullSha(sha)) return sha;
        throw new FtdojoError('NETWORK', `the hub resolved ${ref.repo}@${pin} to ${JSON.stringify(sha)}, which is not a commit`, {
          hint: 'check HF_ENDPOINT points at a Hugging Face hub',
          fault: 'environment',
        });
      }
      const response = await get(url, ref, `revision ${pin}`, isFullSha(pin) ? [] : [400, 404]);
      if (response.ok) return checkPin(ref, pin, (await json<{ sha: string }>(response, url)).sha);
      await response.body?.cancel();
      // The revision endpoint takes branch names and full hashes; a short pin is found in the history.
      const commit = await findCommitByPrefix(ref, pin);
      if (commit === null) {
        throw new FtdojoError('MISSING_DATA', `the hub has no commit starting with ${pin} in the history of ${ref.repo}@${defaultBranch}`, {
          hint: 'the pinned revision is not on the hub (history rewritten, or a wrong pin in src/data/sources)',
          fault: 'environment',
        });
      }
      return checkPin(ref, pin, commit);
    },

    async listFiles(ref, commit) {
      const files: HubFile[] = [];
      let url: string | null = api(ref, `tree/${encodeURIComponent(commit)}?recursive=true`);
      for (let page = 0; url !== null && page < MAX_PAGES; page += 1) {
        const response = await get(url, ref, `file list of ${commit}`);
        for (const entry of await json<TreeEntry[]>(response, url)) {
          if (entry.type !== 'file') continue;
          files.push({
            path: entry.path,
            size: entry.lfs?.size ?? entry.size,
            expected: entry.lfs ? { algorithm: 'sha256', hex: entry.lfs.oid } : { algorithm: 'git-blob-sha1', hex: entry.oid },
          });
        }
        url = nextPage(response);
      }
      return files;
    },

    async download(ref, commit, path, downloadOptions = {}) {
      const destination = downloadOptions.destination ?? cache.filePath(ref, commit, path);
      if (existsSync(destination)) return destination;
      const prefix = ref.repoType === 'dataset' ? `${endpoint}/datasets/${ref.repo}` : `${endpoint}/${ref.repo}`;
      const url = `${prefix}/resolve/${commit}/${encodePath(path)}`;
      return withRetry(
        () =>
          downloadFile({
            url,
            destination,
            headers: authorization,
            expected: downloadOptions.expected,
            size: downloadOptions.size,
            timeoutMs,
            fetch: doFetch,
            onProgress: downloadOptions.onProgress,
            progressName: path,
            context: context(ref, `file ${path}`, url),
          }),
        retry,
      );
    },
  };
}
