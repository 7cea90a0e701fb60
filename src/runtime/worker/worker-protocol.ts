import { z } from 'zod';

/**
 * The JSON lines spoken with python/ftdojo_runtime/worker.py (see its docstring). Every message
 * carries the protocol version; a worker that answers with another one is not used.
 */
export const WORKER_PROTOCOL_VERSION = 1;

/** What a request asks for; paths are absolute. The log receives the request's whole output. */
export type WorkerRequest =
  | { kind: 'train'; config_path: string; run_dir: string; log_path: string }
  | { kind: 'generate'; requests_path: string; output_path: string; settings: object; log_path: string }
  | { kind: 'ping' };

/** Any line the worker writes on its protocol descriptor. */
export const WorkerMessageSchema = z.looseObject({
  protocol: z.number(),
  event: z.string(),
  id: z.string().optional(),
});
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;

export const WorkerReadySchema = z.looseObject({
  protocol: z.literal(WORKER_PROTOCOL_VERSION),
  event: z.literal('ready'),
  pid: z.number(),
});

export const WorkerResultSchema = z.object({
  protocol: z.literal(WORKER_PROTOCOL_VERSION),
  id: z.string(),
  event: z.literal('result'),
  ok: z.boolean(),
  seconds: z.number(),
  value: z.record(z.string(), z.unknown()).optional(),
  /** A request that raised: the exception, and what a cold process would have exited with. */
  error: z.object({ type: z.string(), message: z.string(), exit_code: z.number() }).optional(),
  /** Memory still held once the request's garbage was collected. */
  rss_bytes: z.number().nullable().optional(),
  cuda_bytes: z.number().nullable().optional(),
});
export type WorkerResult = z.infer<typeof WorkerResultSchema>;

/** Parses one protocol line, or null for anything that is not a protocol message. */
export function parseWorkerLine(line: string): WorkerMessage | null {
  if (!line.startsWith('{')) return null;
  try {
    const parsed = WorkerMessageSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
