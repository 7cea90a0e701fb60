import type { Writable } from 'node:stream';
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { FtdojoError } from '../core/index.js';
import { directoryUsage } from './directory-usage.js';
import type { SandboxLimits } from './sandbox.js';

/** Why the watchdog killed the command, when it did. */
export type KillReason = 'timeout' | 'output' | 'disk' | 'process' | 'abort';

export interface SandboxedProcessSpec {
  executable: string;
  args: readonly string[];
  /** The environment of the provider's own process (bwrap, docker): not the command's. */
  env: Record<string, string>;
  stdin?: string | undefined;
  /** Written, then closed, to file descriptors 3, 4, ... of the child (bwrap --args, --seccomp, data files). */
  extraFds?: readonly Buffer[] | undefined;
  limits: SandboxLimits;
  /** Polled for its total size during the run and checked once after it. */
  workspaceDir?: string | undefined;
  /** Tasks (processes and threads) the command has, or null when unknown. */
  countTasks?: ((rootPid: number) => Promise<number | null>) | undefined;
  /** Extra clean-up at a kill (a container engine's `kill`): killing the client is not enough there. */
  terminate?: (() => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface SandboxedProcessOutcome {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** The last few KB of stderr even when the head was kept: where tracebacks end. */
  stderrTail: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  seconds: number;
  killedFor: KillReason | null;
  /** The task count came near the process limit at some point. */
  processLimitNear: boolean;
  /** The workspace's size after the run, when a workspace was watched. */
  workspaceBytes: number | null;
}

const TAIL_BYTES = 8 * 1024;
const PROCESS_POLL_MS = 200;
/**
 * The workspace poll comes sooner the less room is left: at an assumed 2 GB/s a writer could fill
 * the headroom before the next poll, so the delay is the headroom at that rate, between 50 ms and
 * 500 ms. A workspace far below its limit costs one walk per half second; a small limit is
 * watched closely from the start.
 */
export function nextWorkspacePollMs(usedBytes: number, allowedBytes: number): number {
  const headroomMs = (Math.max(0, allowedBytes - usedBytes) / 2e9) * 1000;
  return Math.round(Math.min(500, Math.max(50, headroomMs)));
}
/** A tree held at 90% of the process limit this long is a fork bomb, not a busy program. */
const PROCESS_SATURATION_MS = 1000;

/** Output well past the cap: the command is flooding, not finishing. */
export function floodThreshold(outputBytes: number): number {
  return Math.max(outputBytes * 4, outputBytes + 1024 ** 2);
}

class StreamCapture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private tail = Buffer.alloc(0);
  total = 0;

  constructor(private readonly cap: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.kept < this.cap) {
      const part = chunk.subarray(0, this.cap - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    this.tail = Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
  }

  get truncated(): boolean {
    return this.total > this.kept;
  }

  /** Decoded; a character cut at the cap is dropped rather than mangled. */
  text(): string {
    return new StringDecoder('utf8').write(Buffer.concat(this.chunks));
  }

  tailText(): string {
    return this.tail.toString('utf8');
  }
}

/**
 * Runs a provider's process (bwrap, docker) to completion under watchdogs: a deadline, an output
 * cap, the workspace's size and the process count. Every watchdog kills the whole tree (the
 * provider's process group; bubblewrap's --die-with-parent then takes down the sandbox's pid
 * namespace, and with it every process inside) and records why, for the classifier.
 */
export async function runSandboxed(spec: SandboxedProcessSpec): Promise<SandboxedProcessOutcome> {
  // A workspace already over its size (from earlier commands) fails only a command that makes it
  // bigger still: a command that cleans up must be able to run.
  const allowedBytes = spec.workspaceDir ? Math.max(spec.limits.workspaceBytes, await directoryUsage(spec.workspaceDir)) : 0;
  const started = performance.now();
  const extraFds = spec.extraFds ?? [];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(spec.executable, spec.args, {
      env: spec.env,
      detached: true,
      stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe', ...extraFds.map(() => 'pipe' as const)],
    });
    const stdout = new StreamCapture(spec.limits.outputBytes);
    const stderr = new StreamCapture(spec.limits.outputBytes);
    let killedFor: KillReason | null = null;
    let processLimitNear = false;
    let finished = false;
    // The deadline, and the next poll of each watchdog (each poll schedules the next one).
    const timers = new Map<string, NodeJS.Timeout>();

    const kill = (reason: KillReason) => {
      if (finished || killedFor) return;
      killedFor = reason;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      spec.terminate?.();
    };

    // Pipes to bwrap: it may exit (an error) before reading them; that shows in its exit status.
    const feed = (stream: Writable | null | undefined, data: Buffer | string) => {
      if (!stream) return;
      stream.on('error', () => {});
      stream.end(data);
    };
    extraFds.forEach((data, index) => feed(child.stdio[3 + index] as Writable | null, data));
    if (spec.stdin !== undefined) feed(child.stdin, spec.stdin);

    const flood = floodThreshold(spec.limits.outputBytes);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (stdout.total > flood) kill('output');
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      if (stderr.total > flood) kill('output');
    });

    timers.set(
      'deadline',
      setTimeout(() => kill('timeout'), spec.limits.wallSeconds * 1000),
    );
    const abort = () => kill('abort');
    if (spec.signal?.aborted) abort();
    spec.signal?.addEventListener('abort', abort, { once: true });

    let saturatedMs = 0;
    const pollProcesses = async () => {
      if (finished || !spec.countTasks || child.pid === undefined) return;
      const count = await spec.countTasks(child.pid);
      if (count !== null) {
        if (count >= Math.ceil(spec.limits.processes * 0.9)) {
          processLimitNear = true;
          saturatedMs += PROCESS_POLL_MS;
          if (saturatedMs >= PROCESS_SATURATION_MS) kill('process');
        } else if (count < spec.limits.processes / 2) saturatedMs = 0;
      }
      if (!finished)
        timers.set(
          'processes',
          setTimeout(() => void pollProcesses(), PROCESS_POLL_MS),
        );
    };
    const pollWorkspace = async () => {
      if (finished || !spec.workspaceDir) return;
      const used = await directoryUsage(spec.workspaceDir, allowedBytes);
      if (used > allowedBytes) kill('disk');
      if (!finished)
        timers.set(
          'workspace',
          setTimeout(() => void pollWorkspace(), nextWorkspacePollMs(used, allowedBytes)),
        );
    };
    timers.set(
      'processes',
      setTimeout(() => void pollProcesses(), PROCESS_POLL_MS),
    );
    timers.set(
      'workspace',
      setTimeout(() => void pollWorkspace(), nextWorkspacePollMs(0, allowedBytes)),
    );

    const finish = () => {
      finished = true;
      for (const timer of timers.values()) clearTimeout(timer);
      spec.signal?.removeEventListener('abort', abort);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish();
      reject(
        new FtdojoError('SANDBOX_UNAVAILABLE', `cannot start ${spec.executable}: ${error.code === 'ENOENT' ? 'not found' : error.message}`, {
          hint: 'install bubblewrap (`apt-get install bubblewrap`, or `npx ftdojo setup` as root), or docker/podman',
          fault: 'environment',
          cause: error,
        }),
      );
    });
    child.on('close', (code, signal) => {
      finish();
      void (async () => {
        const workspaceBytes = spec.workspaceDir ? await directoryUsage(spec.workspaceDir) : null;
        if (workspaceBytes !== null && workspaceBytes > allowedBytes && !killedFor) killedFor = 'disk';
        // bubblewrap (like a shell) reports a command killed by signal N as exit status 128 + N.
        const fromStatus = code !== null && code > 128 && code < 128 + 65 ? signalName(code - 128) : null;
        resolvePromise({
          exitCode: signal ? null : fromStatus ? null : code,
          signal: signal ?? fromStatus,
          stdout: stdout.text(),
          stderr: stderr.text(),
          stderrTail: stderr.tailText(),
          stdoutTruncated: stdout.truncated,
          stderrTruncated: stderr.truncated,
          seconds: Math.round((performance.now() - started) / 10) / 100,
          killedFor,
          processLimitNear,
          workspaceBytes,
        });
      })().catch(reject);
    });
  });
}

function signalName(number: number): string | null {
  const entry = Object.entries(constants.signals).find(([, value]) => value === number);
  return entry ? entry[0] : null;
}
