import { rename, writeFile } from 'node:fs/promises';

/** A reader never sees half a file: write beside it under a temporary name, then rename over it. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/** A JSON document, two-space indented with a final newline, written atomically. */
export function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  return writeFileAtomically(path, JSON.stringify(value, null, 2) + '\n');
}
