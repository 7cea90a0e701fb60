import type { JobFailureClass } from '../../core/index.js';
import type { RayJobInfo } from './ray-jobs-client.js';

/**
 * Why a FAILED Ray job died, from what Ray reports (error_type, the exit code, the message) and
 * the tail of its log. Ray's error types: JOB_ENTRYPOINT_COMMAND_ERROR (the command exited non-zero;
 * -9 is SIGKILL), JOB_SUPERVISOR_ACTOR_* (the supervisor died, could not be scheduled or timed out
 * waiting for resources), and the memory monitor's "killed due to ... low on memory".
 */
export function classifyJobFailure(
  info: Pick<RayJobInfo, 'error_type' | 'driver_exit_code' | 'message'>,
  logTail: string,
): { class: JobFailureClass; message: string } {
  const message = firstLine(info.message ?? '') || 'the job failed';
  const text = `${info.message ?? ''}\n${logTail}`;
  const type = info.error_type ?? '';
  if (/out of memory|OutOfMemory|low on memory|MemoryError|CUDA out of memory|oom-kill/i.test(text)) return { class: 'out-of-memory', message };
  if (
    /UNSCHEDULABLE|START_TIMEOUT|waiting for resources/i.test(type) ||
    /has not started .* resources|timed out waiting for resources/i.test(info.message ?? '')
  )
    return { class: 'unschedulable', message };
  if (/SUPERVISOR_ACTOR_DIED|NODE_DIED|node .*(died|was terminated|lost)/i.test(`${type}\n${info.message ?? ''}`)) return { class: 'node-lost', message };
  if (info.driver_exit_code === -9 || info.driver_exit_code === 137)
    return { class: 'killed', message: `${message} (SIGKILL: the OOM killer, a memory monitor or kill -9)` };
  return { class: 'entrypoint-failed', message };
}

/** The last `lines` lines of a log (Ray's logs can be long; a ledger keeps only the end). */
export function logTailOf(logs: string, lines = 20): string {
  return logs.trimEnd().split('\n').slice(-lines).join('\n');
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
