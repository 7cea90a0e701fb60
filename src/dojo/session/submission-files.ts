import { lstat, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SubmissionFiles } from '../../core/index.js';
import { FtdojoError, isWorkspacePath, SubmissionFilesSchema } from '../../core/index.js';

/** All files of one submission together: a data script and a config are small. */
export const MAX_SUBMISSION_BYTES = 4_000_000;
const SCRIPTS = ['process_data.py', 'process_data.mjs', 'process_data.js'];

/**
 * Checks a submission's files (paths inside the workspace, sizes, a data script and train.yaml)
 * and writes them into a folder that must not exist yet, so nothing recorded is overwritten.
 */
export async function writeSubmissionFiles(folder: string, files: SubmissionFiles): Promise<void> {
  for (const name of Object.keys(files)) {
    if (!isWorkspacePath(name)) {
      throw new FtdojoError('INVALID_INPUT', `submission file ${JSON.stringify(name)}: not a relative path inside the workspace`, {
        hint: 'name files like "process_data.py" or "lib/helpers.py": no "..", no leading "/", no "." parts',
      });
    }
  }
  const parsed = SubmissionFilesSchema.safeParse(files);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FtdojoError('INVALID_INPUT', `submission file ${JSON.stringify(issue?.path.join('/') ?? '')}: ${issue?.message ?? 'invalid'}`, {
      hint: 'send relative paths such as "process_data.py" and "train.yaml", text only',
    });
  }
  const names = Object.keys(files);
  if (!names.some((name) => SCRIPTS.includes(name))) {
    throw new FtdojoError('INVALID_INPUT', `the submission has no data script (got ${names.length ? names.join(', ') : 'no files'})`, {
      hint: `add one of ${SCRIPTS.join(', ')}: it reads /task/pool.jsonl and writes output/train.json`,
    });
  }
  if (!('train.yaml' in files))
    throw new FtdojoError('INVALID_INPUT', 'the submission has no train.yaml', {
      hint: 'add train.yaml with the LLaMA-Factory settings you choose (e.g. "learning_rate: 1.0e-4")',
    });
  const bytes = Object.values(files).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  if (bytes > MAX_SUBMISSION_BYTES)
    throw new FtdojoError('INVALID_INPUT', `the submission holds ${bytes} bytes, more than ${MAX_SUBMISSION_BYTES}`, {
      hint: 'send code and settings only: the script reads the pool itself',
    });
  const exists = await lstat(folder).then(
    () => true,
    () => false,
  );
  if (exists) throw new FtdojoError('INVALID_INPUT', `${folder} exists already`, { hint: 'choose another experiment id, or let the session pick one' });
  await mkdir(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const path = join(folder, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, { flag: 'wx' });
  }
}
