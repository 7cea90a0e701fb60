import { appendFile } from 'node:fs/promises';
import { constants } from 'node:os';
import type { RuntimeConfig } from '../../config/index.js';
import { readFileTail } from '../files/read-file-tail.js';
import { pythonNotRunnable } from '../python-env/index.js';
import type { RuntimeWorker, WorkerMessage } from '../worker/index.js';
import { classifyGenerationFailure } from './generation-error.js';

/** The part of generate.log a failure is classified from. */
const LOG_TAIL_BYTES = 64 * 1024;

export interface WorkerGenerateInput {
  requestsPath: string;
  outputsPath: string;
  /** generate.py's settings (GenerateSettings). */
  settings: object;
  logPath: string;
}

/**
 * generate.py's work done by the run's warm worker: the same function on the same files, its
 * events handed to `onEvent` as the cold process's stdout lines would be. Failures throw the
 * GenerationError a cold process would have produced: an exception is classified from the
 * traceback in generate.log, a worker that died from the log and its last output, a stop as an
 * interruption; an interpreter that cannot start is PYTHON_ENV.
 */
export async function generateInWorker(
  config: RuntimeConfig,
  worker: RuntimeWorker,
  input: WorkerGenerateInput,
  context: { onEvent: (event: WorkerMessage) => void; signal?: AbortSignal | undefined; model: string },
): Promise<void> {
  const reply = await worker.request(
    { kind: 'generate', requests_path: input.requestsPath, output_path: input.outputsPath, settings: input.settings, log_path: input.logPath },
    { onEvent: context.onEvent, signal: context.signal },
  );
  switch (reply.state) {
    case 'ok':
      return;
    case 'unstartable':
      throw pythonNotRunnable(config, reply.reason);
    case 'error':
      throw classifyGenerationFailure(
        { code: reply.error.exitCode, signal: null, stderr: await readFileTail(input.logPath, LOG_TAIL_BYTES) },
        { aborted: false, model: context.model },
      );
    case 'died': {
      if (!reply.stopped) {
        const how = reply.signal ? `signal ${reply.signal}` : `exit ${reply.exitCode}`;
        const tail = reply.stderrTail.trim() ? `; its last output:\n${reply.stderrTail.trimEnd()}` : '';
        await appendFile(input.logPath, `\nftdojo: the runtime worker (pid ${reply.pid ?? '?'}) died during this generation (${how})${tail}\n`);
      }
      const signalNumber = reply.signal ? (constants.signals[reply.signal as NodeJS.Signals] ?? 0) : 0;
      throw classifyGenerationFailure(
        { code: reply.exitCode ?? 128 + signalNumber, signal: reply.signal, stderr: await readFileTail(input.logPath, LOG_TAIL_BYTES) },
        { aborted: reply.stopped, model: context.model },
      );
    }
  }
}
