/**
 * The seam through which scoring runs model-written code (TableBench's chart code): a Python
 * program on a few files in a fresh, isolated workspace, with no network and bounded time and
 * memory. The composition root chooses how it runs (the sandbox: dojo's createSandboxCodeRunner),
 * so the eval layer never imports the sandbox; a scorer receives one in its prepare step.
 */
export interface CodeRunner {
  /**
   * Runs the program to completion. A program that fails, hangs or floods is a result; the
   * promise rejects only when no code can run here at all (SANDBOX_UNAVAILABLE) or on misuse.
   */
  runPython(request: PythonRunRequest): Promise<PythonRunResult>;
}

export interface PythonRunRequest {
  /** Written into the empty workspace first, by relative path. */
  files: Readonly<Record<string, string>>;
  /** One of `files`, run by the runtime's Python with the workspace as its working directory. */
  script: string;
  args?: readonly string[] | undefined;
  env?: Readonly<Record<string, string>> | undefined;
  wallSeconds: number;
  /** Address space of each process, in bytes. */
  memoryBytes: number;
  /** Workspace files read back after the run, by relative path (null when absent). */
  outputs: readonly string[];
  signal?: AbortSignal | undefined;
}

/** How the run ended: the sandbox's statuses (a limit hit is a status, not an exception). */
export type PythonRunStatus = 'ok' | 'failed' | 'timeout' | 'memory-limit' | 'process-limit' | 'output-limit' | 'disk-limit' | 'killed';

export interface PythonRunResult {
  status: PythonRunStatus;
  exitCode: number | null;
  /** The end of stderr, where a traceback ends. */
  stderrTail: string;
  seconds: number;
  outputs: Record<string, string | null>;
}
