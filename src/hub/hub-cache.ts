import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FtdojoError } from '../core/index.js';

export type RepoType = 'dataset' | 'model';

export interface HubRepoRef {
  repo: string;
  repoType: RepoType;
}

const FULL_SHA = /^[0-9a-f]{40}$/;

export function isFullSha(revision: string): boolean {
  return FULL_SHA.test(revision);
}

/** Refuses names that could climb out of the cache ("..", absolute paths, empty segments). */
export function checkRelativePath(path: string, what: string): string {
  const segments = path.split('/');
  if (path === '' || path.startsWith('/') || segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('\\'))) {
    throw new FtdojoError('INVALID_INPUT', `${what} ${JSON.stringify(path)} is not a plain relative path`, {
      hint: 'hub repositories and file paths are "owner/name" and "dir/file.ext": no "..", no leading "/"',
      fault: 'internal',
    });
  }
  return path;
}

/**
 * Where hub downloads live: `<cacheDir>/hub/<type>s/<owner>/<name>/<commit>/<path>`, so files of
 * two revisions never mix, plus `refs/<pin>` recording which full commit a pinned prefix resolved
 * to (what lets a later run find its files without asking the hub).
 */
export function createHubCache(cacheDir: string) {
  const repoDir = (ref: HubRepoRef): string => join(cacheDir, 'hub', `${ref.repoType}s`, checkRelativePath(ref.repo, 'hub repository'));
  const refFile = (ref: HubRepoRef, pin: string): string => join(repoDir(ref), 'refs', checkRelativePath(pin, 'revision'));

  return {
    root: join(cacheDir, 'hub'),
    filePath(ref: HubRepoRef, commit: string, path: string): string {
      if (!isFullSha(commit)) throw new FtdojoError('INTERNAL', `cache paths need a full commit, got ${commit}`);
      return join(repoDir(ref), commit, checkRelativePath(path, 'hub file path'));
    },
    /** The full commit a pin resolved to earlier, or null when it has not been resolved here. */
    readRef(ref: HubRepoRef, pin: string): string | null {
      if (isFullSha(pin)) return pin;
      const file = refFile(ref, pin);
      if (!existsSync(file)) return null;
      const commit = readFileSync(file, 'utf8').trim();
      return isFullSha(commit) && commit.startsWith(pin) ? commit : null;
    },
    async writeRef(ref: HubRepoRef, pin: string, commit: string): Promise<void> {
      if (isFullSha(pin)) return;
      const file = refFile(ref, pin);
      await mkdir(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, `${commit}\n`);
      await rename(temporary, file);
    },
  };
}

export type HubCache = ReturnType<typeof createHubCache>;
