import type { SandboxedProcessOutcome } from './run-sandboxed.js';
import type { SandboxExecResult, SandboxExecStatus, SandboxLimits } from './sandbox.js';
import { SANDBOX_EXEC_RESULT_SCHEMA_VERSION } from './sandbox.js';

export type Classification = Pick<SandboxExecResult, 'status' | 'limit'>;

// What a command prints when an rlimit or a full tmpfs stops it (Python, Node, the C library, shells).
/** RLIMIT_FSIZE: Python ignores SIGXFSZ and gets EFBIG ("[Errno 27] File too large"). */
const FILE_TOO_LARGE = /\bEFBIG\b|File too large/;
/** A full tmpfs (/tmp, /dev/shm) or workspace disk. */
const NO_SPACE = /\bENOSPC\b|No space left on device|Disk quota exceeded|\bEDQUOT\b/;
/** RLIMIT_AS: malloc/mmap fail with ENOMEM; Python raises MemoryError, V8 aborts, C++ throws bad_alloc. */
const OUT_OF_MEMORY =
  /MemoryError|\bENOMEM\b|Cannot allocate memory|std::bad_alloc|out of memory|Fatal process OOM|heap out of memory|Array buffer allocation failed|Failed to reserve virtual memory|Unable to allocate/i;
/** RLIMIT_NPROC: fork/clone fail with EAGAIN (Python: BlockingIOError [Errno 11]; shells: "fork: retry"). */
const NO_MORE_PROCESSES = /\bEAGAIN\b|Resource temporarily unavailable|fork: retry|Cannot fork|can't start new thread|pthread_create/i;

/**
 * Which limit stopped a command, from evidence, in this order:
 *  1. the watchdog's own kill: deadline → timeout, output flood → output-limit, workspace over its
 *     size → disk-limit, process tree held at the process limit → process-limit, caller's abort → killed;
 *  2. a clean exit (code 0) is ok, whatever it printed on the way (a caught MemoryError is fine);
 *  3. SIGXFSZ (the default action of RLIMIT_FSIZE, e.g. Node) → disk-limit (fileBytes);
 *  4. messages on stderr (its head and its tail): EFBIG → disk-limit (fileBytes), ENOSPC → disk-limit
 *     (tmpBytes: the tmpfs is the only small filesystem a command can write), ENOMEM, MemoryError and
 *     kin → memory-limit, EAGAIN on fork → process-limit. Memory comes before processes: a thread
 *     whose stack cannot be mapped also says "can't start new thread";
 *  5. the process count near its limit during a failed run → process-limit;
 *  6. SIGKILL we did not send: under an address-space limit the likely sender is the kernel's OOM
 *     killer → memory-limit; SIGSEGV/SIGABRT/SIGTRAP with no message stay 'killed';
 *  7. any other signal → killed; any other non-zero exit → failed.
 * A command can fake the messages; it gains nothing by that but a wrong label on its own failure.
 */
export function classifyOutcome(outcome: SandboxedProcessOutcome, limits: SandboxLimits): Classification {
  const limit = (name: keyof SandboxLimits, status: SandboxExecStatus): Classification => ({ status, limit: { name, value: limits[name] } });
  switch (outcome.killedFor) {
    case 'timeout':
      return limit('wallSeconds', 'timeout');
    case 'output':
      return limit('outputBytes', 'output-limit');
    case 'disk':
      return limit('workspaceBytes', 'disk-limit');
    case 'process':
      return limit('processes', 'process-limit');
    case 'abort':
      return { status: 'killed' };
    case null:
      break;
  }
  if (outcome.exitCode === 0 && outcome.signal === null) return { status: 'ok' };
  if (outcome.signal === 'SIGXFSZ') return limit('fileBytes', 'disk-limit');

  const stderr = `${outcome.stderr}\n${outcome.stderrTail}`;
  if (FILE_TOO_LARGE.test(stderr)) return limit('fileBytes', 'disk-limit');
  if (NO_SPACE.test(stderr)) return limit('tmpBytes', 'disk-limit');
  if (OUT_OF_MEMORY.test(stderr)) return limit('memoryBytes', 'memory-limit');
  if (NO_MORE_PROCESSES.test(stderr) || outcome.processLimitNear) return limit('processes', 'process-limit');
  if (outcome.signal === 'SIGKILL') return limit('memoryBytes', 'memory-limit');
  if (outcome.signal !== null) return { status: 'killed' };
  return { status: 'failed' };
}

/** The versioned result of one command, from its process outcome: the same for every provider. */
export function execResultOf(
  outcome: SandboxedProcessOutcome,
  limits: SandboxLimits,
  provider: SandboxExecResult['provider'],
  command: readonly string[],
): SandboxExecResult {
  return {
    schemaVersion: SANDBOX_EXEC_RESULT_SCHEMA_VERSION,
    ...classifyOutcome(outcome, limits),
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    stdoutTruncated: outcome.stdoutTruncated,
    stderrTruncated: outcome.stderrTruncated,
    seconds: outcome.seconds,
    provider,
    command: [...command],
  };
}
