import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute } from 'node:path';
import { FtdojoError } from '../core/index.js';

/** Host directories that appear read-only at the same path inside the sandbox, and PATH entries. */
export interface InterpreterMounts {
  dirs: string[];
  path: string[];
}

/** The host's system directories the sandbox always has (read-only): anything under them needs no mount. */
export const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib64', '/lib32', '/libx32'] as const;

export function isWithin(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** Directories that hold far more than an interpreter: never mounted whole. */
const BROAD_DIRS = new Set(['/', '/root', '/home', '/tmp', '/var', '/opt', '/srv', '/mnt', '/media', '/etc', '/run', '/work']);

function underSystemDir(path: string): boolean {
  return SYSTEM_DIRS.some((dir) => isWithin(path, dir));
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Adds `dir` (and its real path, when a symlink leads there) unless the system directories or a
 * wider directory already in the list cover it. Symlinks inside the environment are absolute host
 * paths (a venv's bin/python points at the base interpreter), so each is mounted where it lives.
 */
function addDir(dirs: string[], dir: string): void {
  for (const candidate of new Set([dir, realOrSelf(dir)])) {
    if (underSystemDir(candidate) || dirs.some((existing) => isWithin(candidate, existing))) continue;
    if (BROAD_DIRS.has(candidate) || candidate === homedir()) {
      throw new FtdojoError('INVALID_INPUT', `the interpreter lives directly in ${candidate}; mounting it would show the sandbox the whole of ${candidate}`, {
        hint: 'use an interpreter inside its own directory (a venv, e.g. `npx ftdojo setup`)',
      });
    }
    for (let index = dirs.length - 1; index >= 0; index--) if (isWithin(dirs[index]!, candidate)) dirs.splice(index, 1);
    dirs.push(candidate);
  }
}

const PYTHON_PROBE =
  'import json, os, sys; print(json.dumps([sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, os.path.realpath(sys.executable)]))';

/**
 * What the project's Python needs inside the sandbox: its environment (a venv) and the base
 * interpreter that environment was made from (sys.base_prefix: a venv holds only symlinks to it).
 * Asks the interpreter itself, once, on the host.
 */
export async function pythonMounts(python: string): Promise<InterpreterMounts> {
  if (!isAbsolute(python)) {
    throw new FtdojoError('INVALID_INPUT', `the sandbox's Python must be an absolute path, got ${JSON.stringify(python)}`, {
      hint: "pass the runtime config's python (FTDOJO_PYTHON or <FTDOJO_HOME>/python/venv/bin/python)",
    });
  }
  const stdout = await new Promise<string>((resolvePromise, reject) => {
    execFile(python, ['-I', '-c', PYTHON_PROBE], { env: {}, timeout: 30_000 }, (error, out) => (error ? reject(error) : resolvePromise(out)));
  }).catch((error: unknown) => {
    throw new FtdojoError('PYTHON_ENV', `cannot run ${python} to find what the sandbox must mount: ${(error as Error).message}`, {
      hint: 'run `npx ftdojo setup` to create the Python environment, or set FTDOJO_PYTHON to a working interpreter',
      fault: 'environment',
      cause: error,
    });
  });
  const paths = JSON.parse(stdout) as string[];
  const executable = paths.pop()!;
  const dirs: string[] = [];
  for (const prefix of paths) addDir(dirs, prefix);
  // Only directories, never a guess at an install root: a python at /root/bin/python must not
  // bring the host's /root along.
  addDir(dirs, dirname(executable));
  addDir(dirs, dirname(python));
  return { dirs, path: [dirname(python)] };
}

/**
 * NODE_OPTIONS for a Node under RLIMIT_AS: WebAssembly's trap handler reserves about 10 GB of
 * address space per instance (fetch() alone instantiates one), which no sane memory limit allows;
 * without it V8 checks bounds explicitly. Null when this Node does not know the option (before 20.15).
 */
export async function nodeOptionsFor(nodeBinary: string): Promise<string | null> {
  const option = '--disable-wasm-trap-handler';
  return new Promise((resolvePromise) => {
    execFile(nodeBinary, ['-e', '0'], { env: { NODE_OPTIONS: option }, timeout: 30_000 }, (error) => resolvePromise(error ? null : option));
  });
}

/** The Node binary (for JS scripts, a self-contained executable): nothing when it is the system's, else its directory. */
export function nodeMounts(nodeBinary: string): InterpreterMounts {
  if (!isAbsolute(nodeBinary)) {
    throw new FtdojoError('INVALID_INPUT', `the sandbox's Node must be an absolute path, got ${JSON.stringify(nodeBinary)}`, { hint: 'pass process.execPath' });
  }
  const dirs: string[] = [];
  addDir(dirs, dirname(realOrSelf(nodeBinary)));
  addDir(dirs, dirname(nodeBinary));
  return { dirs, path: [dirname(nodeBinary)] };
}
