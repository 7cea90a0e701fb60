import { lstat, readFile, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { SubmissionFiles } from '../core/index.js';
import { FtdojoError, isWorkspacePath } from '../core/index.js';

/** One file of a submission read from the agent's workspace at most (the session caps the whole). */
export const MAX_AGENT_FILE_BYTES = 1_000_000;

/**
 * A submission named by paths in the agent's own workspace (a coding CLI writes files, then
 * submits them): each path must stay inside the workspace, with no symbolic link on the way, and
 * be a regular file of at most 1 MB. Anything else is refused before a byte is read, with the
 * path as the agent gave it (never where it points).
 */
export async function readAgentFiles(workspace: string | null, paths: readonly string[]): Promise<SubmissionFiles> {
  if (workspace === null)
    throw new FtdojoError('INVALID_INPUT', 'this session has no agent workspace to read files from', {
      hint: 'send the files inline: files: { "process_data.py": "...", "train.yaml": "..." }',
    });
  const root = await realpath(workspace);
  const files: SubmissionFiles = {};
  for (const path of paths) {
    if (!isWorkspacePath(path))
      throw new FtdojoError('INVALID_INPUT', `"${path}" is not a path inside the workspace`, {
        hint: 'name files relative to the workspace, without "..", a leading "/" or "\\", e.g. "process_data.py"',
      });
    const parts = path.split('/');
    for (let depth = 1; depth <= parts.length; depth += 1) {
      const here = join(root, ...parts.slice(0, depth));
      const stat = await lstat(here).catch(() => null);
      if (!stat) throw new FtdojoError('INVALID_INPUT', `"${path}" does not exist in the workspace`, { hint: 'write the file first, then submit it' });
      if (stat.isSymbolicLink())
        throw new FtdojoError('INVALID_INPUT', `"${path}" goes through a symbolic link`, {
          hint: 'submit regular files: copy the content instead of linking it',
        });
      if (depth === parts.length) {
        if (!stat.isFile()) throw new FtdojoError('INVALID_INPUT', `"${path}" is not a regular file`, { hint: 'submit files, not folders' });
        if (stat.size > MAX_AGENT_FILE_BYTES)
          throw new FtdojoError('INVALID_INPUT', `"${path}" has ${stat.size} bytes; a submission file holds at most ${MAX_AGENT_FILE_BYTES}`, {
            hint: 'write data in the data script, not in the submission',
          });
      }
    }
    const full = join(root, ...parts);
    // lstat above refused links; this guards a race where one appears between the check and the read.
    if (relative(root, await realpath(full)).split(sep)[0] === '..')
      throw new FtdojoError('INVALID_INPUT', `"${path}" resolves outside the workspace`, { hint: 'submit files inside the workspace' });
    files[path] = await readFile(full, 'utf8');
  }
  return files;
}
