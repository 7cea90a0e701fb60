import { appendFile, writeFile } from 'node:fs/promises';
import { readFileTail } from '../files/read-file-tail.js';
import type { RuntimeWorker } from '../worker/index.js';
import type { TrainerEnd, TrainerRun } from './trainer-process.js';
import { LOG_TAIL_BYTES } from './trainer-process.js';

export interface WorkerTrainerInput {
  configPath: string;
  runDir: string;
  logPath: string;
}

/**
 * The training in the run's warm worker: LLaMA-Factory's run_exp on the same config, from the run
 * folder, its output written to train.log by the worker itself, so the log reads and classifies
 * as a cold run's. An exception becomes the exit a cold process would have made (its traceback is
 * in the log); a worker that died is reported with its last output, and the next request gets a
 * fresh one; stopping kills the worker's process group, as it would a cold trainer's.
 */
export function startWorkerTrainer(worker: RuntimeWorker, input: WorkerTrainerInput): TrainerRun {
  const controller = new AbortController();
  const done = (async (): Promise<TrainerEnd> => {
    await writeFile(input.logPath, "ftdojo: training in the run's warm worker (LLaMA-Factory's run_exp, in-process)\n");
    const reply = await worker.request(
      { kind: 'train', config_path: input.configPath, run_dir: input.runDir, log_path: input.logPath },
      { signal: controller.signal },
    );
    let end: Omit<TrainerEnd, 'logTail'>;
    switch (reply.state) {
      case 'ok':
        end = { exitCode: 0, signal: null };
        break;
      case 'error':
        end = { exitCode: reply.error.exitCode, signal: null };
        break;
      case 'unstartable':
        end = { exitCode: null, signal: null, spawnError: reply.reason };
        break;
      case 'died':
        end = { exitCode: reply.exitCode, signal: reply.signal };
        if (!reply.stopped) {
          const how = reply.signal ? `signal ${reply.signal}` : `exit ${reply.exitCode}`;
          const tail = reply.stderrTail.trim() ? `; its last output:\n${reply.stderrTail.trimEnd()}` : '';
          await appendFile(input.logPath, `\nftdojo: the runtime worker (pid ${reply.pid ?? '?'}) died during this training (${how})${tail}\n`);
        }
        break;
    }
    return { ...end, logTail: await readFileTail(input.logPath, LOG_TAIL_BYTES) };
  })();
  return { done, stop: () => controller.abort() };
}
