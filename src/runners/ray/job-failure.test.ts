import { describe, expect, it } from 'vitest';
import { classifyJobFailure, logTailOf } from './job-failure.js';

// The messages are Ray 2.60's, as its head answered them on this machine.
const killed = {
  error_type: 'JOB_ENTRYPOINT_COMMAND_ERROR',
  driver_exit_code: -9,
  message: 'Job entrypoint command failed with exit code -9, last available logs (truncated to 20,000 chars):\nRunning entrypoint for job t2: sleep 100\n',
};

describe('classifyJobFailure', () => {
  it('tells a SIGKILL from an error of the command itself', () => {
    expect(classifyJobFailure(killed, 'Running entrypoint for job t2: sleep 100')).toEqual({
      class: 'killed',
      message:
        'Job entrypoint command failed with exit code -9, last available logs (truncated to 20,000 chars): (SIGKILL: the OOM killer, a memory monitor or kill -9)',
    });
    expect(classifyJobFailure({ ...killed, driver_exit_code: 2, message: 'Job entrypoint command failed with exit code 2' }, 'error: unknown task').class).toBe(
      'entrypoint-failed',
    );
  });

  it('names memory, lost nodes and jobs that could not be placed', () => {
    expect(classifyJobFailure(killed, 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB').class).toBe('out-of-memory');
    expect(classifyJobFailure({ error_type: 'JOB_SUPERVISOR_ACTOR_DIED', driver_exit_code: null, message: 'The actor died unexpectedly' }, '').class).toBe(
      'node-lost',
    );
    expect(
      classifyJobFailure(
        { error_type: 'JOB_SUPERVISOR_ACTOR_START_TIMEOUT', driver_exit_code: null, message: 'Job supervisor actor failed to start within 900 seconds' },
        '',
      ).class,
    ).toBe('unschedulable');
  });

  it('keeps the end of a long log', () => {
    const log = Array.from({ length: 50 }, (_, line) => `line ${line}`).join('\n');
    expect(logTailOf(log, 3)).toBe('line 47\nline 48\nline 49');
  });
});
