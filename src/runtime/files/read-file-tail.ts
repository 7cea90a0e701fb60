import { open } from 'node:fs/promises';

/** The last `bytes` of a file as text ('' when it cannot be read): where a log's errors are. */
export async function readFileTail(path: string, bytes: number): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, bytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}
