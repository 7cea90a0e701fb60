import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where system tools live when the caller gives no PATH. */
export const DEFAULT_HOST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The first executable file named `name` on `searchPath` (a PATH value), or null; a path with a slash is checked as it is. */
export function findExecutable(name: string, searchPath: string = DEFAULT_HOST_PATH): string | null {
  const candidates = name.includes('/')
    ? [name]
    : searchPath
        .split(':')
        .filter((dir) => dir !== '')
        .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}
