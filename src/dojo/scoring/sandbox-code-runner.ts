import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import type { CodeRunner, PythonRunRequest, PythonRunResult } from '../../eval/index.js';
import { createBubblewrapSandbox } from '../../sandbox/index.js';

export interface SandboxCodeRunnerOptions {
  /** The runtime's Python (RuntimeConfig.python): its environment is mounted read-only in the sandbox. */
  python: string;
  /** The host's PATH, where bwrap, setpriv and prlimit are looked up. */
  hostPath?: string | undefined;
  /** Where each run's workspace is made, and removed after it; the system's temp folder by default. */
  scratchDir?: string | undefined;
}

/** Model-written code writes a chart, not a dataset: small files, a small workspace. */
const DISK_LIMITS = { fileBytes: 256 * 1024 ** 2, workspaceBytes: 1024 ** 3 };
const STDERR_TAIL = 4000;

/**
 * The evaluation's code runner: each program runs in a fresh bubblewrap sandbox over a workspace
 * of its own (no network, nothing of the host but the system and the runtime's Python, a uid of
 * its own), removed afterwards. No sandbox here rejects with SANDBOX_UNAVAILABLE, which a scorer
 * reports as "unsupported" rather than scoring anything; it never runs code unsandboxed.
 */
export function createSandboxCodeRunner(options: SandboxCodeRunnerOptions): CodeRunner {
  return {
    async runPython(request: PythonRunRequest): Promise<PythonRunResult> {
      const paths = [request.script, ...Object.keys(request.files), ...request.outputs];
      for (const path of paths) checkRelative(path);
      const scratch = options.scratchDir ?? tmpdir();
      await mkdir(scratch, { recursive: true });
      const workspace = await mkdtemp(join(scratch, 'ftdojo-code-'));
      try {
        // bwrap enters the workspace as root without its capabilities, before it becomes the sandbox user.
        await chmod(workspace, 0o755);
        for (const [path, text] of Object.entries(request.files)) {
          await mkdir(dirname(join(workspace, path)), { recursive: true });
          await writeFile(join(workspace, path), text);
        }
        const sandbox = createBubblewrapSandbox({ workspaceDir: workspace, python: options.python, hostPath: options.hostPath });
        const result = await sandbox.exec([options.python, request.script, ...(request.args ?? [])], {
          env: request.env,
          limits: { wallSeconds: request.wallSeconds, memoryBytes: request.memoryBytes, ...DISK_LIMITS },
          signal: request.signal,
        });
        const outputs: Record<string, string | null> = {};
        for (const path of request.outputs) outputs[path] = await readFile(join(workspace, path), 'utf8').catch(() => null);
        return { status: result.status, exitCode: result.exitCode, stderrTail: result.stderr.slice(-STDERR_TAIL), seconds: result.seconds, outputs };
      } finally {
        await rm(workspace, { recursive: true, force: true });
      }
    },
  };
}

/** The runner for evaluations on this machine: the runtime's Python in the sandbox. */
export function evaluationCodeRunner(runtime: RuntimeConfig): CodeRunner {
  return createSandboxCodeRunner({ python: runtime.python, hostPath: runtime.baseEnv.PATH, scratchDir: join(runtime.home, 'tmp', 'code-runs') });
}

function checkRelative(path: string): void {
  const normal = normalize(path);
  if (path === '' || isAbsolute(path) || normal === '..' || normal.startsWith(`..${sep}`)) {
    throw new FtdojoError('INVALID_INPUT', `a code run's file must be a path inside its workspace, got ${JSON.stringify(path)}`, {
      fault: 'internal',
      hint: 'name files relative to the workspace, e.g. "items.json"',
    });
  }
}
