import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Runs `work` while holding `<folder>.lock`, a lock folder (mkdir is atomic, on NFS too) that
 * names its holder. Processes sharing one home (the jobs of a suite on a cluster node, two runs
 * side by side) wait for each other before writing a folder they share, such as the base model's
 * kept evaluation, instead of interleaving their files. A lock whose holder was a process of this
 * machine that no longer runs is taken over; one held from another machine is waited for.
 */
export async function withFolderLock<T>(folder: string, work: () => Promise<T>, options: { pollMs?: number } = {}): Promise<T> {
  const lock = `${folder}.lock`;
  await mkdir(dirname(lock), { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await holderIsGone(lock)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500));
    }
  }
  try {
    await writeFile(join(lock, 'holder.json'), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function holderIsGone(lock: string): Promise<boolean> {
  let holder: { pid?: unknown; host?: unknown };
  try {
    holder = JSON.parse(await readFile(join(lock, 'holder.json'), 'utf8')) as { pid?: unknown; host?: unknown };
  } catch {
    // Just made, its holder not written yet (or written by a process that died at once): wait.
    return false;
  }
  if (holder.host !== hostname() || typeof holder.pid !== 'number') return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
