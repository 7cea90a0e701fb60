import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ErrorCode } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes a lock file so two `ftdojo setup` runs do not install into the same place at once. A lock
 * left by a process that no longer runs is taken over. Returns the release function.
 */
export function acquireSetupLock(path: string, what: string, code: ErrorCode = 'PYTHON_ENV'): () => void {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
        throw new FtdojoError(code, `another ftdojo process (pid ${holder}) is setting up ${what}`, {
          hint: `wait for it to finish, then run \`ftdojo setup\` again (if no such process runs, delete ${path})`,
          retryable: true,
          fault: 'environment',
        });
      }
      rmSync(path, { force: true });
    }
  }
  throw new FtdojoError(code, `cannot take the setup lock ${path}`, { hint: `delete ${path} and run \`ftdojo setup\` again`, fault: 'environment' });
}
