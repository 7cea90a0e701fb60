import type { Diagnostic } from '../../core/index.js';
import type { SandboxExecResult } from '../../sandbox/index.js';

/** Messages the sandbox's missing network produces, in Python and Node. */
const NETWORK_PATTERN =
  /Network is unreachable|Temporary failure in name resolution|Name or service not known|getaddrinfo|ENOTFOUND|EAI_AGAIN|ENETUNREACH|ECONNREFUSED|urlopen error|Max retries exceeded|ConnectionError/;

/** The last lines of stderr, where a traceback puts the root cause. */
export function rootCauseLines(stderr: string, count = 8): string[] {
  const lines = stderr
    .split('\n')
    .map((line) => line.trimEnd())
    .filter(Boolean);
  return lines.slice(-count);
}

/** Turns a data script's sandboxed run that did not end well into one diagnostic. */
export function scriptDiagnostic(result: SandboxExecResult, run: 'debug' | 'full', scriptName: string): Diagnostic {
  const evidence = rootCauseLines(result.stderr);
  const what = `${scriptName}${run === 'debug' ? ' --debug' : ''}`;
  const base = { tier: 'data' as const, severity: 'error' as const, subject: 'script', evidence };
  const limit = result.limit ? `${result.limit.name} ${result.limit.value}` : '';
  switch (result.status) {
    case 'timeout':
      return {
        ...base,
        code: 'script-timeout',
        message: `${what} was still running after ${result.limit?.value ?? '?'} s and was stopped`,
        hint:
          run === 'debug'
            ? 'the --debug run must handle ~100 rows quickly: look for a loop that never ends or a wait on input (stdin is closed)'
            : 'process fewer rows, or make the processing faster (the full run has the same deadline every time)',
      };
    case 'memory-limit':
      return {
        ...base,
        code: 'script-memory',
        message: `${what} ran out of memory (${limit} bytes)`,
        hint: 'stream the pool line by line instead of loading everything, and keep only the rows you write',
      };
    case 'process-limit':
      return {
        ...base,
        code: 'script-processes',
        message: `${what} started more processes or threads than allowed (${limit})`,
        hint: 'use at most a few worker processes; the sandbox has two cores',
      };
    case 'output-limit':
      return {
        ...base,
        code: 'script-output',
        message: `${what} printed more than ${result.limit?.value ?? '?'} bytes and was stopped`,
        hint: 'print progress every few hundred rows, not every row',
      };
    case 'disk-limit':
      return {
        ...base,
        code: 'script-disk',
        message: `${what} wrote more than allowed (${limit} bytes)`,
        hint: 'write only output/train.json; keep temporary files small',
      };
    case 'killed':
      return { ...base, code: 'script-killed', message: `${what} was stopped before it finished`, hint: 'run the validation again' };
    default: {
      const network = NETWORK_PATTERN.test(result.stderr);
      return network
        ? {
            ...base,
            code: 'script-network',
            message: `${what} tried to reach the network, which the sandbox does not have (exit ${result.exitCode ?? result.signal})`,
            hint: 'read data from /task only; for a language model use the gateway (env FTDOJO_LLM_GATEWAY, python module ftdojo_runtime.llm_gateway) when the run enables it',
          }
        : {
            ...base,
            code: 'script-failed',
            message: `${what} failed (exit ${result.exitCode ?? result.signal})`,
            hint: 'fix the error in the last lines of its output; run it with --debug on your side first',
          };
    }
  }
}
