import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { dieWithParent } from '../python-env/index.js';
import type { WorkerMessage } from './worker-protocol.js';
import { parseWorkerLine } from './worker-protocol.js';

/** How much of the worker's own stderr is kept for reports (a request's output goes to its log). */
const STDERR_TAIL = 64 * 1024;

export interface WorkerProcessEnd {
  exitCode: number | null;
  signal: string | null;
  /** Set when the program could not be started at all. */
  spawnError?: string | undefined;
}

export interface WorkerProcessOptions {
  command: string;
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  /** The worker's own stderr (what no request's log took) is appended here. */
  logFile?: string | undefined;
  onMessage: (message: WorkerMessage) => void;
}

/** One live worker process: its own process group, protocol lines in, stderr kept. */
export interface WorkerProcess {
  readonly pid: number | undefined;
  /** Resolves once the process has exited and its streams are closed. */
  readonly exited: Promise<WorkerProcessEnd>;
  isAlive(): boolean;
  send(message: Record<string, unknown>): void;
  stderrTail(): string;
  /** Ends stdin: the worker finishes what it is doing and exits. */
  endInput(): void;
  /** Stops the whole process group: SIGTERM, then SIGKILL after the grace period. */
  kill(graceSeconds: number): void;
}

/**
 * Starts `command args` as the leader of its own process group (so a kill reaches anything a
 * training started) that the kernel kills when ftdojo dies (dieWithParent), and SIGKILLs the
 * group when this process exits normally.
 */
export function spawnWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const guarded = dieWithParent(options.command, options.args);
  const child = spawn(guarded.command, guarded.args, { env: options.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let alive = true;
  let stderr = '';
  let pending = '';
  const out = new StringDecoder('utf8');
  const err = new StringDecoder('utf8');
  if (options.logFile) mkdirSync(dirname(options.logFile), { recursive: true });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (!alive || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onParentExit = () => signalGroup('SIGKILL');
  process.once('exit', onParentExit);

  const takeLines = (text: string) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const message = parseWorkerLine(line.trim());
      // fd 1 of the worker is redirected away from the protocol; anything else here is kept as stderr.
      if (message) options.onMessage(message);
      else if (line.trim()) keepStderr(`${line}\n`);
    }
  };
  const keepStderr = (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL);
    if (options.logFile && text) appendFileSync(options.logFile, text);
  };
  child.stdout.on('data', (chunk: Buffer) => takeLines(out.write(chunk)));
  child.stderr.on('data', (chunk: Buffer) => keepStderr(err.write(chunk)));
  // A worker that died cannot read: writing to it must not throw in this process.
  child.stdin.on('error', () => undefined);

  let killTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<WorkerProcessEnd>((resolveEnd) => {
    const done = (end: WorkerProcessEnd) => {
      alive = false;
      if (killTimer) clearTimeout(killTimer);
      process.removeListener('exit', onParentExit);
      resolveEnd(end);
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      done({ exitCode: null, signal: null, spawnError: `${options.command}: ${error.code ?? error.message}` }),
    );
    child.once('close', (exitCode, signal) => {
      takeLines(out.end() + '\n');
      keepStderr(err.end());
      done({ exitCode, signal });
    });
  });

  return {
    pid: child.pid,
    exited,
    isAlive: () => alive,
    send(message) {
      if (alive) child.stdin.write(JSON.stringify(message) + '\n');
    },
    stderrTail: () => stderr,
    endInput() {
      if (alive) child.stdin.end();
    },
    kill(graceSeconds) {
      signalGroup('SIGTERM');
      if (!killTimer && alive) {
        killTimer = setTimeout(() => signalGroup('SIGKILL'), graceSeconds * 1000);
        killTimer.unref();
      }
    },
  };
}
