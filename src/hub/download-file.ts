import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FtdojoError } from '../core/index.js';
import { describeDigest, digestFile, type ExpectedDigest } from './file-digest.js';
import type { ProgressListener } from './download-progress.js';
import { hubHttpError, hubTransportError, type HubRequestContext } from './hub-errors.js';

export interface DownloadRequest {
  url: string;
  /** Where the verified file ends up; the bytes arrive in `<destination>.incomplete` first. */
  destination: string;
  headers: Record<string, string>;
  /** Checked before the file is put in place; a mismatch removes the download. */
  expected?: ExpectedDigest | undefined;
  /** Expected size in bytes, when the listing gave it. */
  size?: number | undefined;
  /** Longest wait for the response headers and between two chunks of the body. */
  timeoutMs: number;
  fetch: typeof fetch;
  onProgress?: ProgressListener | undefined;
  /** Name reported to onProgress. */
  progressName: string;
  context: HubRequestContext & { page: string; hasToken: boolean };
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Total size from `Content-Range: bytes 100-199/200`, or from Content-Length for a full answer. */
function totalSize(response: Response, offset: number): number | null {
  const range = response.headers.get('content-range');
  const total = range ? /\/(\d+)\s*$/.exec(range)?.[1] : undefined;
  if (total !== undefined) return Number(total);
  const length = response.headers.get('content-length');
  return length === null ? null : Number(length) + (response.status === 206 ? offset : 0);
}

/**
 * One attempt at fetching a file into the cache, resuming a partial download with an HTTP Range
 * request. It verifies the whole file before an atomic rename, so a file at `destination` is
 * always complete and checked; a failed attempt leaves `.incomplete` behind for the next one
 * (run it under `withRetry`). Returns the destination.
 */
export async function downloadFile(request: DownloadRequest): Promise<string> {
  const partial = `${request.destination}.incomplete`;
  await mkdir(dirname(partial), { recursive: true });
  let offset = await sizeOf(partial);
  if (request.size !== undefined && offset > request.size) {
    await rm(partial, { force: true });
    offset = 0;
  }

  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), request.timeoutMs);
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), request.timeoutMs);
  };
  try {
    const headers: Record<string, string> = { ...request.headers };
    if (offset > 0) headers.Range = `bytes=${offset}-`;
    let response: Response;
    try {
      response = await request.fetch(request.url, { headers, signal: controller.signal, redirect: 'follow' });
    } catch (cause) {
      throw hubTransportError(cause, request.context);
    }
    if (response.status === 416) {
      // The partial file is not a prefix the server can continue (larger than the file): start over.
      await response.body?.cancel();
      await rm(partial, { force: true });
      throw new FtdojoError('NETWORK', `the hub could not resume ${request.context.what}; starting over`, { retryable: true, fault: 'environment' });
    }
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      throw hubHttpError(response.status, request.context);
    }
    // A 200 to a Range request means the server ignored it and sends the whole file.
    const append = response.status === 206 && offset > 0;
    if (!append) offset = 0;
    const total = totalSize(response, offset) ?? request.size ?? null;

    const handle = await open(partial, append ? 'a' : 'w');
    let done = offset;
    try {
      request.onProgress?.({ file: request.progressName, bytesDone: done, bytesTotal: total });
      if (response.body) {
        try {
          for await (const chunk of response.body) {
            touch();
            await handle.write(chunk);
            done += chunk.byteLength;
            request.onProgress?.({ file: request.progressName, bytesDone: done, bytesTotal: total });
          }
        } catch (cause) {
          throw hubTransportError(cause, request.context);
        }
      }
    } finally {
      await handle.close();
    }
    if (total !== null && done < total) {
      throw new FtdojoError('NETWORK', `the download of ${request.context.what} stopped at ${done} of ${total} bytes`, {
        hint: 'run the command again: it resumes where it stopped',
        retryable: true,
        fault: 'environment',
      });
    }
  } finally {
    clearTimeout(timer);
  }

  await verifyDownload(partial, request);
  await rename(partial, request.destination);
  return request.destination;
}

async function verifyDownload(partial: string, request: DownloadRequest): Promise<void> {
  const size = await sizeOf(partial);
  let problem: string | undefined;
  if (request.size !== undefined && size !== request.size) {
    problem = `${size} bytes where the hub lists ${request.size}`;
  } else if (request.expected) {
    const actual = await digestFile(partial, request.expected.algorithm);
    if (actual !== request.expected.hex) problem = `${request.expected.algorithm} ${actual}, expected ${describeDigest(request.expected)}`;
  }
  if (problem === undefined) return;
  // Never leave bytes that failed the check where a later run could pick them up.
  await rm(partial, { force: true });
  throw new FtdojoError('CHECKSUM_MISMATCH', `the download of ${request.context.what} from ${request.context.repo} failed its check: ${problem}`, {
    hint: 'the bad copy was deleted; run the command again. If it fails again, the hub copy differs from what its listing says: report it',
    fault: 'environment',
  });
}
