import type { IncomingMessage } from 'node:http';

export type BodyOutcome = { kind: 'read'; text: string } | { kind: 'too-large'; bytes: number } | { kind: 'aborted' };

/** Past this much, an oversized body is no longer drained politely but the connection is cut. */
const DRAIN_FACTOR = 16;

/**
 * Reads a request body up to `limitBytes`. A larger one is drained and discarded (so the client,
 * still writing, gets the 413 instead of a broken pipe), up to a point, then the socket is cut.
 */
export function readRequestBody(request: IncomingMessage, limitBytes: number): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limitBytes) chunks.push(chunk);
      else if (bytes > limitBytes * DRAIN_FACTOR) {
        request.destroy();
        resolve({ kind: 'aborted' });
      }
    });
    request.on('end', () => resolve(bytes > limitBytes ? { kind: 'too-large', bytes } : { kind: 'read', text: Buffer.concat(chunks).toString('utf8') }));
    request.on('error', () => resolve({ kind: 'aborted' }));
    request.on('close', () => resolve({ kind: 'aborted' }));
  });
}
