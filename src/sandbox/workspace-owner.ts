import { lchown, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Hands the workspace to the sandbox user (root mode only: the command runs as a uid of its own and
 * must be able to write what the caller put there). Does not follow symlinks, and leaves alone
 * files with several hard links: one of them could be a host file linked in from outside.
 */
export async function claimWorkspace(root: string, uid: number, gid: number): Promise<void> {
  const pending = [root];
  while (pending.length > 0) {
    const path = pending.pop()!;
    let stat;
    try {
      stat = await lstat(path);
    } catch {
      continue;
    }
    if (stat.isFile() && stat.nlink > 1) continue;
    if (stat.uid !== uid || stat.gid !== gid) await lchown(path, uid, gid);
    if (stat.isDirectory()) for (const name of await readdir(path)) pending.push(join(path, name));
  }
}
