import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FtdojoError } from '../../core/index.js';

/** python/requirements.lock, read: its hash decides whether an installed environment is current. */
export interface RequirementsLock {
  path: string;
  sha256: string;
  /** Distribution name (as written) → exact version. */
  pins: Record<string, string>;
}

/** PEP 503 normalised name: `PyYAML`, `pyyaml` and `py_yaml` are one distribution to pip. */
export function normalizeDistributionName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Parses `name==version` lines (what `pip freeze` writes); comments and blank lines are skipped. */
export function parseRequirementsLock(text: string, path = 'requirements.lock'): Record<string, string> {
  const pins: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)$/.exec(line);
    if (!match) {
      throw new FtdojoError('INTERNAL', `${path}:${index + 1} is not an exact pin (name==version): ${JSON.stringify(raw)}`, {
        hint: 'regenerate the lock with `pip freeze` from an environment installed from python/requirements.in',
      });
    }
    pins[match[1]!] = match[2]!;
  });
  return pins;
}

export function readRequirementsLock(path: string): RequirementsLock {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new FtdojoError('INTERNAL', `cannot read the requirements lock ${path}`, {
      hint: 'reinstall ftdojo from a full checkout (python/requirements.lock ships with it)',
      cause,
    });
  }
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), pins: parseRequirementsLock(bytes.toString('utf8'), path) };
}
