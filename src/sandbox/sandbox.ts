import { FtdojoError } from '../core/index.js';

/** The sandbox seam (STYLE.md §2): providers implement it, callers only know this file. */

export type SandboxProvider = 'bubblewrap' | 'docker' | 'podman';

/** Every bound on one command; each one hit is reported as a status, never thrown. */
export interface SandboxLimits {
  /** Wall-clock seconds before the whole process tree is killed (status 'timeout'). */
  wallSeconds: number;
  /**
   * Address space per process (RLIMIT_AS), in bytes (status 'memory-limit'). Node needs about 1 GiB
   * of address space just to start (V8 reserves its code range up front): give JS at least that.
   * A memory limit hit is reported from evidence (MemoryError, ENOMEM, V8's out-of-memory abort, an
   * unexplained SIGKILL), not measured: see classify-outcome.ts.
   */
  memoryBytes: number;
  /** Processes and threads of the sandbox user (RLIMIT_NPROC; status 'process-limit'). */
  processes: number;
  /** Bytes of stdout and of stderr each kept; the rest is dropped and flagged (a flood is killed: 'output-limit'). */
  outputBytes: number;
  /** Largest single file a command may write (RLIMIT_FSIZE; status 'disk-limit'). */
  fileBytes: number;
  /** Total size of the workspace, checked during and after the run (status 'disk-limit'). */
  workspaceBytes: number;
  /** Size of the private /tmp (and of /dev/shm), a tmpfs (status 'disk-limit' when full). */
  tmpBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  wallSeconds: 600,
  memoryBytes: 8 * 1024 ** 3,
  processes: 256,
  outputBytes: 1024 ** 2,
  fileBytes: 2 * 1024 ** 3,
  workspaceBytes: 8 * 1024 ** 3,
  tmpBytes: 512 * 1024 ** 2,
});

export interface SandboxExecOptions {
  /** Working directory inside the sandbox; /workspace by default. */
  cwd?: string | undefined;
  /**
   * Extra environment variables, on top of the fixed allow-list (PATH, HOME, LANG, TMPDIR,
   * PYTHONDONTWRITEBYTECODE, PYTHONHASHSEED). Names that look like secrets are refused.
   */
  env?: Readonly<Record<string, string>> | undefined;
  /** Written to the command's stdin, which is then closed; no stdin at all when absent. */
  stdin?: string | undefined;
  /** Overrides the sandbox's limits for this one command. */
  limits?: Partial<SandboxLimits> | undefined;
  /** Kills the command (status 'killed'). */
  signal?: AbortSignal | undefined;
}

export type SandboxExecStatus = 'ok' | 'failed' | 'timeout' | 'memory-limit' | 'process-limit' | 'output-limit' | 'disk-limit' | 'killed';

export const SANDBOX_EXEC_RESULT_SCHEMA_VERSION = 1;

/** What one command did. A failed command is a result, not an exception (STYLE.md, inspect_ai). */
export interface SandboxExecResult {
  schemaVersion: typeof SANDBOX_EXEC_RESULT_SCHEMA_VERSION;
  status: SandboxExecStatus;
  /** The command's exit code; null when a signal ended it. */
  exitCode: number | null;
  /** The signal that ended the command (SIGKILL, SIGXFSZ, ...), or null. */
  signal: string | null;
  /** The first `outputBytes` of each stream, decoded as UTF-8. */
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  seconds: number;
  /** The limit that was hit, when status is one of the *-limit statuses or 'timeout'. */
  limit?: { name: keyof SandboxLimits; value: number };
  provider: SandboxProvider;
  command: string[];
}

export interface Sandbox {
  readonly provider: SandboxProvider;
  /** Runs one command to completion inside the sandbox. Rejects only on misconfiguration. */
  exec(command: readonly string[], options?: SandboxExecOptions): Promise<SandboxExecResult>;
}

/** A host directory made visible inside the sandbox (e.g. the folder of an LLM gateway's socket). */
export interface SandboxBind {
  source: string;
  target: string;
  /** Read-only unless true. */
  writable?: boolean | undefined;
}

/** What every provider mounts: the task's agent-visible pool, the workspace, extra binds. */
export interface SandboxMounts {
  /** The task's agent-visible files, read-only at /task. Never the held-out split. */
  taskDir?: string | undefined;
  /** A host directory, read-write at /workspace (HOME and the default working directory). */
  workspaceDir: string;
  binds?: readonly SandboxBind[] | undefined;
}

/** Defaults < the sandbox's limits < one command's; each must be a positive number. */
export function resolveLimits(base: Partial<SandboxLimits> | undefined, override: Partial<SandboxLimits> | undefined): SandboxLimits {
  const limits: SandboxLimits = { ...DEFAULT_SANDBOX_LIMITS, ...definedOnly(base), ...definedOnly(override) };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new FtdojoError('INVALID_INPUT', `sandbox limit ${name} must be a positive number, got ${JSON.stringify(value)}`, {
        hint: `leave ${name} out to use the default (${DEFAULT_SANDBOX_LIMITS[name as keyof SandboxLimits]})`,
      });
    }
  }
  return limits;
}

function definedOnly(limits: Partial<SandboxLimits> | undefined): Partial<SandboxLimits> {
  if (!limits) return {};
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined)) as Partial<SandboxLimits>;
}
