import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { probeBubblewrap } from '../sandbox/index.js';
import { testMirror } from './mirror.js';
import { testRuntime, type TestRuntime } from './runtime.js';

/**
 * Test support for tests that run the built CLI (`bin/ftdojo.js` over dist/) as a user does,
 * with real training in the sandbox: what they need, or why they cannot run here.
 */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const BUILT_CLI = join(REPO_ROOT, 'bin', 'ftdojo.js');

export interface BuiltCliSetup {
  runtime: TestRuntime;
  mirror: string;
}

export async function builtCliSetup(): Promise<BuiltCliSetup | { skip: string }> {
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js'))) return { skip: 'no dist/: run `npm run build`' };
  const mirror = testMirror();
  if (!mirror) return { skip: 'no offline mirror (set FTDOJO_DATA_MIRROR)' };
  const runtime = testRuntime();
  if ('skip' in runtime) return runtime;
  const bubblewrap = await probeBubblewrap();
  if (!bubblewrap.ok) return { skip: `no bubblewrap: ${bubblewrap.reason}` };
  return { runtime, mirror };
}

/** A home of its own at `home`, sharing the converted model (read only) with the test runtime's. */
export function homeSharingModel(home: string, setup: BuiltCliSetup): string {
  mkdirSync(home, { recursive: true });
  symlinkSync(join(setup.runtime.config.home, 'models'), join(home, 'models'));
  return home;
}

export interface CliProcess {
  child: ChildProcess;
  /** stdout and stderr so far, together. */
  output(): string;
  /** stdout so far, alone (a --json answer). */
  stdout(): string;
  /** The exit code; null when a signal ended it. */
  exit: Promise<number | null>;
}

/**
 * Starts the built CLI with `args` in `home`, with the test runtime's Python and the mirror;
 * `extraEnv` overrides (an empty FTDOJO_DATA_MIRROR: no mirror, every file from HF_ENDPOINT).
 */
export function spawnBuiltCli(setup: BuiltCliSetup, home: string, args: string[], extraEnv: Record<string, string> = {}): CliProcess {
  const env = { ...process.env, FTDOJO_PYTHON: setup.runtime.config.python, FTDOJO_DATA_MIRROR: setup.mirror, FTDOJO_HOME: home, NO_COLOR: '1', ...extraEnv };
  const child = spawn(process.execPath, [BUILT_CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => ((text += chunk.toString()), (stdout += chunk.toString())));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { child, output: () => text, stdout: () => stdout, exit: new Promise((done) => child.on('close', (code) => done(code))) };
}
