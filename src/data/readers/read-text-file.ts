import { readFile } from 'node:fs/promises';
import { FtdojoError } from '../../core/index.js';
import { corruptDataError } from './corrupt-data-error.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads a data file as UTF-8. Invalid bytes are a corrupt file, not mojibake to parse on: a
 * replacement character in a gold answer would silently change what a model is scored against.
 */
export async function readTextFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new FtdojoError('MISSING_DATA', `${file} does not exist`, {
        hint: 're-pull the dataset with `ftdojo data pull <id>`, or check FTDOJO_DATA_MIRROR',
        fault: 'environment',
        cause,
      });
    }
    throw cause;
  }
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw corruptDataError({ file, reason: 'not valid UTF-8 text', cause });
  }
}
