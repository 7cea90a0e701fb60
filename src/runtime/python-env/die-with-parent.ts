import { existsSync } from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';

/**
 * The command line that runs `command` so the kernel kills it when ftdojo dies, even of
 * `kill -9` (which no handler in this process can catch): util-linux's setpriv sets the
 * parent-death signal and then execs the command in place (same pid, same process group). A
 * training or an evaluation must not go on as an orphan that holds the CPU and writes into a
 * run folder that `ftdojo resume` is about to redo. Without setpriv (not Linux, or util-linux
 * absent) the command is returned unchanged: the process-exit and abort handlers still cover
 * every ending but SIGKILL.
 */
export function dieWithParent(
  command: string,
  args: readonly string[],
  setpriv: string | null = existsSync(SETPRIV) ? SETPRIV : null,
): { command: string; args: string[] } {
  // A path that is not there is left to fail as itself (spawn's ENOENT says "not found"; setpriv
  // would exit 127 with its own message).
  if (process.platform !== 'linux' || !setpriv || (command.includes('/') && !existsSync(command))) return { command, args: [...args] };
  return { command: setpriv, args: ['--pdeathsig', 'KILL', '--', command, ...args] };
}
