import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FtdojoError } from '../../core/index.js';
import { readJsonRows } from './read-json-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'ftdojo-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function failure(path: string): Promise<FtdojoError> {
  const error = await readJsonRows(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FtdojoError);
  return error as FtdojoError;
}

describe('readJsonRows', () => {
  it('reads an array of objects', async () => {
    const path = file(
      'ok.json',
      JSON.stringify(
        [
          { problem: '1+1', answer: '2' },
          { problem: '2+2', answer: 4 },
        ],
        null,
        2,
      ),
    );
    expect(await readJsonRows(path)).toEqual([
      { problem: '1+1', answer: '2' },
      { problem: '2+2', answer: 4 },
    ]);
  });

  it('reads a one-record file as one row', async () => {
    expect(await readJsonRows(file('one.json', '{"id": 1}'))).toEqual([{ id: 1 }]);
  });

  it('strips a byte-order mark', async () => {
    expect(await readJsonRows(file('bom.json', '\uFEFF[{"a": "é"}]'))).toEqual([{ a: 'é' }]);
  });

  it('names the file, line and column of a syntax error', async () => {
    const path = file('bad.json', '[\n  {"a": 1},\n  {"b" 2}\n]');
    const error = await failure(path);
    expect(error.code).toBe('CORRUPT_DATA');
    expect(error.message).toContain(path);
    expect(error.message).toContain('line 3');
    expect(error.message).toContain('column 8');
    expect(error.message).toContain('invalid JSON');
    expect(error.hint).toMatch(/re-pull/);
  });

  it('reports a truncated file at its last line', async () => {
    const error = await failure(file('truncated.json', '[\n  {"a": 1},\n  {"b": '));
    expect(error.message).toContain('line 3');
  });

  it('refuses a document that is not an array of objects', async () => {
    expect((await failure(file('scalar.json', '42'))).message).toContain('found a number');
    expect((await failure(file('mixed.json', '[{"a": 1}, "x"]'))).message).toContain('row 2 of the array is a string');
  });

  it('refuses bytes that are not UTF-8', async () => {
    const error = await failure(file('latin1.json', Buffer.from([0x5b, 0x22, 0xe9, 0x22, 0x5d])));
    expect(error.code).toBe('CORRUPT_DATA');
    expect(error.message).toContain('not valid UTF-8');
  });

  it('says MISSING_DATA for a file that is not there', async () => {
    expect((await failure(join(dir, 'absent.json'))).code).toBe('MISSING_DATA');
  });
});
