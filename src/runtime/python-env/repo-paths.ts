import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FtdojoError } from '../../core/index.js';

/**
 * The project's root folder, found from this file's place: src/runtime/python-env/ when run from
 * source (vitest, tsx) and dist/runtime/python-env/ when built, three levels down either way.
 */
export function repoRoot(): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  if (!existsSync(join(root, 'python', 'requirements.lock'))) {
    throw new FtdojoError('INTERNAL', `ftdojo's python/ folder is not at ${join(root, 'python')}: the installation is incomplete`, {
      hint: 'reinstall ftdojo from a full checkout (the python/ folder ships beside src/)',
    });
  }
  return root;
}

/** The repo's python/ folder: goes on PYTHONPATH so `python -m ftdojo_runtime.<script>` works. */
export function repoPythonDir(): string {
  return join(repoRoot(), 'python');
}

/** The exact pins `ftdojo setup` installs (python/requirements.lock, from `pip freeze`). */
export function requirementsLockPath(): string {
  return join(repoRoot(), 'python', 'requirements.lock');
}
