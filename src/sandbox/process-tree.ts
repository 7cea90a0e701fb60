import { readdir, readFile } from 'node:fs/promises';

interface ProcessStat {
  pid: number;
  parent: number;
  threads: number;
  name: string;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function parseStat(pid: number, text: string): ProcessStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is the state, [1] the parent pid, [17] the number of threads (stat fields 3, 4, 20).
  const parent = Number(fields[1]);
  const threads = Number(fields[17]);
  if (!Number.isFinite(parent) || !Number.isFinite(threads)) return null;
  return { pid, parent, threads, name: text.slice(open + 1, close) };
}

/**
 * Counts the tasks (processes and threads: what RLIMIT_NPROC counts) below `rootPid`, leaving out
 * bubblewrap's own processes (its monitor and the sandbox's pid 1). Walks /proc on the host: the
 * sandbox's processes are there under their host pids. Returns null when /proc cannot be read
 * (not Linux). Cheap enough to poll a few times a second: one small read per process on the host.
 */
export async function countSandboxTasks(rootPid: number, processName = 'bwrap'): Promise<number | null> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  const stats = await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        const pid = Number(entry);
        try {
          return parseStat(pid, await readFile(`/proc/${entry}/stat`, 'utf8'));
        } catch {
          return null; // gone meanwhile
        }
      }),
  );
  const children = new Map<number, ProcessStat[]>();
  for (const stat of stats) {
    if (!stat) continue;
    const siblings = children.get(stat.parent) ?? [];
    siblings.push(stat);
    children.set(stat.parent, siblings);
  }
  let count = 0;
  const pending = [rootPid];
  const seen = new Set<number>();
  while (pending.length > 0) {
    const pid = pending.pop()!;
    for (const child of children.get(pid) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      pending.push(child.pid);
      // bubblewrap's pid 1 keeps the name bwrap; the command itself has exec'd something else.
      if (child.name !== processName) count += child.threads;
    }
  }
  return count;
}
