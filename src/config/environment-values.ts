import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The process environment as the config layer reads it. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * An empty variable means "unset" for every setting: `FTDOJO_DATA_MIRROR= ftdojo ...` is how a
 * user turns the mirror off. Surrounding whitespace is dropped.
 */
export function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** `~` and `~/...` expand to the home folder; relative paths resolve against `cwd`. */
export function expandPath(path: string, cwd: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return isAbsolute(path) ? path : resolve(cwd, path);
}
