import { describe, expect, it } from 'vitest';
import { classifyOutcome } from './classify-outcome.js';
import type { SandboxedProcessOutcome } from './run-sandboxed.js';
import { DEFAULT_SANDBOX_LIMITS } from './sandbox.js';

const limits = { ...DEFAULT_SANDBOX_LIMITS, memoryBytes: 256 * 1024 ** 2 };

function outcome(overrides: Partial<SandboxedProcessOutcome>): SandboxedProcessOutcome {
  return {
    exitCode: 1,
    signal: null,
    stdout: '',
    stderr: '',
    stderrTail: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    seconds: 0.1,
    killedFor: null,
    processLimitNear: false,
    workspaceBytes: 0,
    ...overrides,
  };
}

describe('classifyOutcome', () => {
  it.each([
    [{ exitCode: 0 }, 'ok', undefined],
    [{ exitCode: 0, stderr: 'caught MemoryError, retrying smaller' }, 'ok', undefined],
    [{ exitCode: 2, stderr: 'ValueError: bad row' }, 'failed', undefined],
    [{ exitCode: null, signal: 'SIGKILL', killedFor: 'timeout' }, 'timeout', 'wallSeconds'],
    [{ exitCode: null, signal: 'SIGKILL', killedFor: 'output' }, 'output-limit', 'outputBytes'],
    [{ exitCode: null, signal: 'SIGKILL', killedFor: 'disk' }, 'disk-limit', 'workspaceBytes'],
    [{ exitCode: 0, killedFor: 'disk' }, 'disk-limit', 'workspaceBytes'],
    [{ exitCode: null, signal: 'SIGKILL', killedFor: 'process' }, 'process-limit', 'processes'],
    [{ exitCode: null, signal: 'SIGKILL', killedFor: 'abort' }, 'killed', undefined],
    [{ exitCode: null, signal: 'SIGXFSZ' }, 'disk-limit', 'fileBytes'],
    [{ stderr: 'OSError: [Errno 27] File too large' }, 'disk-limit', 'fileBytes'],
    [{ stderr: "Error: EFBIG: file too large, write\n  code: 'EFBIG'" }, 'disk-limit', 'fileBytes'],
    [{ stderr: 'OSError: [Errno 28] No space left on device' }, 'disk-limit', 'tmpBytes'],
    [{ stderr: 'Traceback (most recent call last):\nMemoryError' }, 'memory-limit', 'memoryBytes'],
    [{ stderrTail: 'numpy.core._exceptions._ArrayMemoryError: Unable to allocate 8.00 GiB' }, 'memory-limit', 'memoryBytes'],
    [
      { exitCode: null, signal: 'SIGABRT', stderr: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' },
      'memory-limit',
      'memoryBytes',
    ],
    [{ stderr: 'RangeError: Array buffer allocation failed' }, 'memory-limit', 'memoryBytes'],
    [{ exitCode: null, signal: 'SIGTRAP', stderr: '# Fatal process OOM in Failed to reserve virtual memory for CodeRange' }, 'memory-limit', 'memoryBytes'],
    [{ stderr: 'BlockingIOError: [Errno 11] Resource temporarily unavailable' }, 'process-limit', 'processes'],
    [{ exitCode: 2, stderr: 'sh: 1: Cannot fork' }, 'process-limit', 'processes'],
    [{ exitCode: 1, processLimitNear: true }, 'process-limit', 'processes'],
    [{ exitCode: null, signal: 'SIGKILL' }, 'memory-limit', 'memoryBytes'],
    [{ exitCode: null, signal: 'SIGSEGV' }, 'killed', undefined],
  ] as const)('%j → %s', (overrides, status, limitName) => {
    const classified = classifyOutcome(outcome(overrides as Partial<SandboxedProcessOutcome>), limits);
    expect(classified.status).toBe(status);
    expect(classified.limit?.name).toBe(limitName);
    if (limitName) expect(classified.limit?.value).toBe(limits[limitName]);
  });

  it('reads the tail of stderr too: the head kept for the caller may end before the traceback does', () => {
    const classified = classifyOutcome(outcome({ stderr: 'progress...\n'.repeat(10), stderrTruncated: true, stderrTail: 'MemoryError\n' }), limits);
    expect(classified.status).toBe('memory-limit');
  });
});
