import { totalmem } from 'node:os';
import type { WorkerProcess, WorkerProcessEnd } from './worker-process.js';
import { spawnWorkerProcess } from './worker-process.js';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.js';
import { WORKER_PROTOCOL_VERSION, WorkerReadySchema, WorkerResultSchema } from './worker-protocol.js';

/** How a request ended, as data: the caller turns each into its own outcome or error. */
export type WorkerReply =
  | { state: 'ok'; value: Record<string, unknown>; seconds: number; pid: number }
  /** The request raised in Python: its traceback is in its log; exitCode is what a cold process would have exited with. */
  | { state: 'error'; error: { type: string; message: string; exitCode: number }; seconds: number; pid: number }
  /**
   * The process ended before answering: stopped by the request's signal (a deadline, an abort;
   * then `stopped`), or crashed (killed by the kernel, a segfault). The next request gets a fresh process.
   */
  | { state: 'died'; exitCode: number | null; signal: string | null; stopped: boolean; stderrTail: string; pid: number | null }
  /** The interpreter could not be started, or speaks another protocol. */
  | { state: 'unstartable'; reason: string };

export interface WorkerRequestOptions {
  /** The request's own events (generate.py's loaded, progress and done), as the worker sent them. */
  onEvent?: ((event: WorkerMessage) => void) | undefined;
  /** Aborting stops the process group (SIGTERM, SIGKILL after the grace period): the only way to stop a training. */
  signal?: AbortSignal | undefined;
}

export interface RuntimeWorkerStats {
  /** Processes started so far. */
  starts: number;
  /** Requests answered by the current process. */
  served: number;
  pid: number | null;
  /** Why earlier processes were retired, oldest first. */
  retired: string[];
}

/**
 * One warm Python process per run (python/ftdojo_runtime/worker.py) that serves training and
 * generation requests one at a time, started on the first request and started again after it
 * died, was stopped, raised, or grew past its limits.
 */
export interface RuntimeWorker {
  /** The environment its process runs with: a request that needs another one must run cold. */
  readonly environment: Readonly<Record<string, string>>;
  request(request: WorkerRequest, options?: WorkerRequestOptions): Promise<WorkerReply>;
  /** Ends the process (after the running request). A later request starts a fresh one. */
  close(): Promise<void>;
  stats(): RuntimeWorkerStats;
}

export interface RuntimeWorkerOptions {
  python: string;
  env: Readonly<Record<string, string>>;
  /** The worker's module; tests name another script. */
  args?: readonly string[] | undefined;
  /** Retire the process after this many requests (default 32). */
  maxRequests?: number | undefined;
  /** Retire it when its resident memory after a request exceeds this (default: 30% of this machine's, at least 2 GiB). */
  maxRssBytes?: number | undefined;
  /** Retire it when CUDA memory is still allocated after a request past this (default 256 MiB). */
  maxCudaBytes?: number | undefined;
  /** Seconds between SIGTERM and SIGKILL when stopping, and the wait for a graceful exit (default 5). */
  killGraceSeconds?: number | undefined;
  /** The worker's own stderr goes here (a request's output goes to its log). */
  logFile?: string | undefined;
}

interface Live {
  process: WorkerProcess;
  ready: Promise<{ pid: number } | { failed: string }>;
  served: number;
  /** The request being answered: where its messages go. */
  current: { id: string; onMessage: (message: WorkerMessage) => void } | null;
}

type Memory = { rss: number | null; cuda: number | null };
type Answer = { reply: WorkerReply; memory: Memory | null };

const stoppedBeforeStart: WorkerReply = { state: 'died', exitCode: null, signal: null, stopped: true, stderrTail: '', pid: null };

export function createRuntimeWorker(options: RuntimeWorkerOptions): RuntimeWorker {
  const grace = options.killGraceSeconds ?? 5;
  const maxRequests = options.maxRequests ?? 32;
  const maxRss = options.maxRssBytes ?? Math.max(2 * 1024 ** 3, Math.floor(totalmem() * 0.3));
  const maxCuda = options.maxCudaBytes ?? 256 * 1024 ** 2;
  let live: Live | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  /** A process being retired: the next request waits for it to be gone (its memory freed). */
  let retiring: Promise<void> = Promise.resolve();
  let starts = 0;
  let sequence = 0;
  const retired: string[] = [];

  const start = (): Live => {
    starts += 1;
    let resolveReady: (value: { pid: number } | { failed: string }) => void = () => undefined;
    const ready = new Promise<{ pid: number } | { failed: string }>((resolve) => (resolveReady = resolve));
    const entry: Live = { process: undefined as unknown as WorkerProcess, ready, served: 0, current: null };
    entry.process = spawnWorkerProcess({
      command: options.python,
      args: options.args ?? ['-m', 'ftdojo_runtime.worker'],
      env: options.env,
      logFile: options.logFile,
      onMessage(message) {
        if (message.event === 'ready') {
          const parsed = WorkerReadySchema.safeParse(message);
          resolveReady(
            parsed.success ? { pid: parsed.data.pid } : { failed: `the worker speaks protocol ${message.protocol}, not ${WORKER_PROTOCOL_VERSION}` },
          );
        } else if (entry.current && message.id === entry.current.id) entry.current.onMessage(message);
      },
    });
    void entry.process.exited.then((end) => resolveReady({ failed: end.spawnError ?? `exited before it was ready (${describeEnd(end)})` }));
    return entry;
  };

  /** Ends a process gracefully (end of input), killing it when it does not go within the grace period. */
  const retire = async (entry: Live, why: string): Promise<void> => {
    if (live === entry) live = null;
    retired.push(why);
    entry.process.endInput();
    const timer = setTimeout(() => entry.process.kill(grace), grace * 1000);
    await entry.process.exited;
    clearTimeout(timer);
  };

  const retireReason = (entry: Live, reply: WorkerReply, memory: Memory): string | null => {
    if (reply.state === 'error') return `request raised ${reply.error.type}: a fresh process for the next one`;
    if (entry.served >= maxRequests) return `served ${entry.served} requests`;
    if (memory.rss !== null && memory.rss > maxRss) return `resident memory ${(memory.rss / 1024 ** 3).toFixed(1)} GiB after a request`;
    if (memory.cuda !== null && memory.cuda > maxCuda) return `${(memory.cuda / 1024 ** 2).toFixed(0)} MiB of CUDA memory still allocated after a request`;
    return null;
  };

  /** Sends one request and waits for its result, or for the process to end. */
  const answer = (entry: Live, pid: number, request: WorkerRequest, requestOptions: WorkerRequestOptions, stopped: () => boolean) => {
    const id = `r${++sequence}`;
    const answered = new Promise<Answer>((resolve) => {
      entry.current = {
        id,
        onMessage(message) {
          if (message.event !== 'result') return requestOptions.onEvent?.(message);
          const parsed = WorkerResultSchema.safeParse(message);
          if (!parsed.success) return;
          const value = parsed.data;
          const reply: WorkerReply =
            value.ok || !value.error
              ? { state: 'ok', value: value.value ?? {}, seconds: value.seconds, pid }
              : {
                  state: 'error',
                  error: { type: value.error.type, message: value.error.message, exitCode: value.error.exit_code },
                  seconds: value.seconds,
                  pid,
                };
          resolve({ reply, memory: { rss: value.rss_bytes ?? null, cuda: value.cuda_bytes ?? null } });
        },
      };
      void entry.process.exited.then((end) =>
        resolve({
          reply: { state: 'died', exitCode: end.exitCode, signal: end.signal, stopped: stopped(), stderrTail: entry.process.stderrTail(), pid },
          memory: null,
        }),
      );
    });
    entry.process.send({ protocol: WORKER_PROTOCOL_VERSION, id, ...request });
    return answered.finally(() => {
      entry.current = null;
    });
  };

  const serve = async (request: WorkerRequest, requestOptions: WorkerRequestOptions): Promise<WorkerReply> => {
    const signal = requestOptions.signal;
    await retiring;
    if (signal?.aborted) return stoppedBeforeStart;
    const entry = live && live.process.isAlive() ? live : (live = start());
    let stopped = false;
    const onAbort = () => {
      stopped = true;
      entry.process.kill(grace);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const ready = await entry.ready;
      if ('failed' in ready) {
        if (live === entry) live = null;
        entry.process.kill(grace);
        const end = await entry.process.exited;
        if (end.spawnError || !ready.failed.startsWith('exited')) return { state: 'unstartable', reason: end.spawnError ?? ready.failed };
        return { state: 'died', exitCode: end.exitCode, signal: end.signal, stopped, stderrTail: entry.process.stderrTail(), pid: entry.process.pid ?? null };
      }
      const { reply, memory } = await answer(entry, ready.pid, request, requestOptions, () => stopped);
      if (!memory || stopped) {
        // Ended, or answered just as it was being stopped: either way this process serves no more.
        if (live === entry) live = null;
        if (memory) retiring = entry.process.exited.then(() => undefined);
        return reply;
      }
      entry.served += 1;
      const why = retireReason(entry, reply, memory);
      // Retired before the next request starts, not before this caller hears back.
      if (why) retiring = retire(entry, why);
      return reply;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  };

  return {
    environment: options.env,
    request(request, requestOptions = {}) {
      const reply = queue.then(() => serve(request, requestOptions));
      queue = reply.catch(() => undefined);
      return reply;
    },
    async close() {
      const closing = queue.then(async () => {
        await retiring;
        if (live) await retire(live, 'closed');
      });
      queue = closing.catch(() => undefined);
      await closing;
    },
    stats: () => ({ starts, served: live?.served ?? 0, pid: live?.process.pid ?? null, retired: [...retired] }),
  };
}

function describeEnd(end: WorkerProcessEnd): string {
  return end.signal ? `signal ${end.signal}` : `exit ${end.exitCode}`;
}
