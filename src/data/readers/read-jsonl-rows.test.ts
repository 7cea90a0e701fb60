import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FtdojoError } from '../../core/index.js';
import { readJsonlRows } from './read-jsonl-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'ftdojo-jsonl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function failure(path: string): Promise<FtdojoError> {
  const error = await readJsonlRows(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FtdojoError);
  return error as FtdojoError;
}

describe('readJsonlRows', () => {
  it('reads one object per line and skips blank lines and CRLF endings', async () => {
    const path = file('ok.jsonl', '{"q": "a"}\r\n\n{"q": "b", "n": 2}\n');
    expect(await readJsonlRows(path)).toEqual([{ q: 'a' }, { q: 'b', n: 2 }]);
  });

  it('reads an empty file as no rows', async () => {
    expect(await readJsonlRows(file('empty.jsonl', ''))).toEqual([]);
  });

  it('names the line and column of a malformed line', async () => {
    const path = file('bad.jsonl', '{"q": "a"}\n{"q": "b",}\n{"q": "c"}\n');
    const error = await failure(path);
    expect(error.code).toBe('CORRUPT_DATA');
    expect(error.message).toContain(`${path}:line 2:column 11`);
    expect(error.message).toContain('invalid JSON');
  });

  it('names the line of a truncated last record', async () => {
    const error = await failure(file('truncated.jsonl', '{"q": "a"}\n{"q": "b", "answ'));
    expect(error.message).toContain('line 2');
  });

  it('refuses a line that is not an object', async () => {
    const error = await failure(file('array.jsonl', '{"q": 1}\n[1, 2]\n'));
    expect(error.message).toContain('line 2');
    expect(error.message).toContain('found an array');
  });
});
