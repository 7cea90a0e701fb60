import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from './find-executable.js';

/**
 * For this folder's tests: the Python a sandbox should run, as the runtime would pick it
 * (FTDOJO_PYTHON, else <FTDOJO_HOME>/python/venv/bin/python), falling back to the system's
 * python3 on machines where the runtime is not set up. A shim (pyenv) is resolved to the real
 * interpreter, since the shim itself needs things the sandbox does not mount.
 */
export function testPython(env: Readonly<Record<string, string | undefined>>): string {
  const home = env.FTDOJO_HOME?.trim() || join(homedir(), '.cache', 'ftdojo');
  const candidates = [env.FTDOJO_PYTHON?.trim(), join(home, 'python', 'venv', 'bin', 'python'), '/usr/bin/python3', findExecutable('python3', env.PATH)];
  for (const candidate of candidates) {
    if (!candidate || !existsSync(candidate)) continue;
    try {
      execFileSync(candidate, ['-c', 'import sys'], { stdio: 'ignore' });
    } catch {
      continue;
    }
    // A venv's python stays as it is (its prefix matters); a shim becomes the interpreter it runs.
    if (existsSync(join(candidate, '..', '..', 'pyvenv.cfg'))) return candidate;
    return execFileSync(candidate, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  }
  throw new Error('no python3 on this machine for the sandbox tests');
}

/** A fresh folder with a task pool, a held-out split beside it (never mounted) and a workspace. */
export function sandboxDirs(prefix: string): { root: string; taskDir: string; heldOutFile: string; workspaceDir: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const taskDir = join(root, 'task', 'pool');
  const heldOutDir = join(root, 'task', 'heldout');
  const workspaceDir = join(root, 'workspace');
  for (const dir of [taskDir, heldOutDir, workspaceDir]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(taskDir, 'train.jsonl'), '{"question": "2+2", "answer": "4"}\n');
  const heldOutFile = join(heldOutDir, 'test.jsonl');
  writeFileSync(heldOutFile, '{"question": "held-out", "answer": "HELDOUT-ANSWER-7f3a"}\n');
  return { root, taskDir, heldOutFile, workspaceDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
