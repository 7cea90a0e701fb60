import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FtdojoError } from '../../core/index.js';
import type { GatewayLogLine } from './gateway-records.js';

export interface GatewayLog {
  write(line: GatewayLogLine): void;
  /** Waits for every line written so far; throws if any could not be written. */
  flush(): Promise<void>;
}

/** An append-only JSONL file, written in order; a failed write never takes the gateway down. */
export async function createGatewayLog(path: string): Promise<GatewayLog> {
  await mkdir(dirname(path), { recursive: true });
  let queue: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  return {
    write(line) {
      const text = `${JSON.stringify(line)}\n`;
      queue = queue
        .then(() => appendFile(path, text))
        .catch((error: unknown) => {
          failure ??= error;
        });
    },
    async flush() {
      await queue;
      if (failure !== null) {
        throw new FtdojoError('INTERNAL', `the LLM gateway could not write its log ${path}`, {
          fault: 'environment',
          hint: 'check that the folder exists and is writable, and that the disk is not full',
          cause: failure,
        });
      }
    },
  };
}
