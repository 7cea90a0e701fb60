import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FtdojoError } from '../../core/index.js';
import { readCsvRows } from './read-csv-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'ftdojo-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function failure(path: string): Promise<FtdojoError> {
  const error = await readCsvRows(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FtdojoError);
  return error as FtdojoError;
}

describe('readCsvRows', () => {
  it('drops the unnamed leading index column (FinanceIQ layout) and keeps values as strings', async () => {
    const path = file('financeiq.csv', ',Question,A,B,C,D,Answer\n0,以下哪一项正确？（ ）,甲,"乙,丙",丁,戊,B\n1,"多行\n题目",007,b,c,d,A\n');
    expect(await readCsvRows(path)).toEqual([
      { Question: '以下哪一项正确？（ ）', A: '甲', B: '乙,丙', C: '丁', D: '戊', Answer: 'B' },
      { Question: '多行\n题目', A: '007', B: 'b', C: 'c', D: 'd', Answer: 'A' },
    ]);
  });

  it('keeps every column when the header names them all', async () => {
    expect(await readCsvRows(file('plain.csv', '\uFEFFid,text\r\n1,hello\r\n'))).toEqual([{ id: '1', text: 'hello' }]);
  });

  it('reads a header-only file as no rows', async () => {
    expect(await readCsvRows(file('header.csv', 'a,b\n'))).toEqual([]);
  });

  it('names the line of a record with the wrong number of fields', async () => {
    const path = file('ragged.csv', 'a,b\n1,2\n3,4,5\n');
    const error = await failure(path);
    expect(error.code).toBe('CORRUPT_DATA');
    expect(error.message).toContain(`${path}:line 3`);
    expect(error.message).toMatch(/expect 2, got 3/);
  });

  it('names the line and field of a broken quote', async () => {
    const error = await failure(file('quote.csv', 'a,b,c\n1,"x"y,2\n'));
    expect(error.message).toContain('line 2:column 2');
    expect(error.message).toMatch(/Invalid Closing Quote/);
  });

  it('names the line of an unclosed quote', async () => {
    const error = await failure(file('open.csv', 'a,b\n1,2\n3,"4\n'));
    expect(error.message).toContain('line 3');
    expect(error.message).toMatch(/Quote Not Closed/);
  });

  it('refuses an empty file and a duplicate column name', async () => {
    expect((await failure(file('empty.csv', ''))).message).toContain('expected a header row');
    expect((await failure(file('dup.csv', 'a,a\n1,2\n'))).message).toContain('duplicate column name "a"');
  });
});
