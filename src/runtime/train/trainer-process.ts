import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { dieWithParent } from '../python-env/index.js';

/** The last part of the trainer's output kept in memory for classification (train.log has it all). */
export const LOG_TAIL_BYTES = 256 * 1024;

/** How a trainer ended: a process's exit, or what a cold process would have exited with. */
export interface TrainerEnd {
  exitCode: number | null;
  signal: string | null;
  /** Set when the interpreter could not be started at all. */
  spawnError?: string | undefined;
  /** The end of train.log: what the failure is classified from. */
  logTail: string;
}

/** A training under way, in a fresh process or in the run's warm worker. */
export interface TrainerRun {
  readonly done: Promise<TrainerEnd>;
  /** Stops it (the process group: SIGTERM, SIGKILL after the grace period); `done` then resolves. */
  stop(): void;
}

export interface TrainerProcessInput {
  command: string;
  args: readonly string[];
  env: Record<string, string>;
  cwd: string;
  logPath: string;
  /** Seconds between SIGTERM and SIGKILL when stopping. */
  killGraceSeconds: number;
  /** A first line for train.log, before the trainer's output. */
  header?: string | undefined;
}

/**
 * `llamafactory-cli train` in a fresh process: its own process group (a deadline or an abort
 * stops it and anything it started), both streams written to train.log (overwritten) with the
 * tail kept for classification, and the group killed when this process exits.
 */
export function startTrainerProcess(input: TrainerProcessInput): TrainerRun {
  const log = createWriteStream(input.logPath, { flags: 'w' });
  let logTail = input.header ?? '';
  if (input.header) log.write(input.header);
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    logTail = (logTail + chunk.toString('utf8')).slice(-LOG_TAIL_BYTES);
  };
  const guarded = dieWithParent(input.command, input.args);
  const child = spawn(guarded.command, guarded.args, { cwd: input.cwd, env: input.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let killTimer: NodeJS.Timeout | undefined;
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return false;
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false; // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const done = new Promise<TrainerEnd>((resolveEnd) => {
    const finish = (end: Omit<TrainerEnd, 'logTail'>) => {
      if (killTimer) clearTimeout(killTimer);
      process.removeListener('exit', onExit);
      log.end(() => resolveEnd({ ...end, logTail }));
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      finish({ exitCode: null, signal: null, spawnError: `${input.command}: ${error.code ?? error.message}` }),
    );
    child.once('close', (exitCode, signal) => finish({ exitCode, signal }));
  });

  return {
    done,
    stop() {
      if (!killGroup('SIGTERM') || killTimer) return;
      killTimer = setTimeout(() => killGroup('SIGKILL'), input.killGraceSeconds * 1000);
    },
  };
}
