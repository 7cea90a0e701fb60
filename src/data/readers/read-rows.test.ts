import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRows } from './read-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'ftdojo-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readRows', () => {
  it('picks the reader by format', async () => {
    writeFileSync(join(dir, 'a.json'), '[{"x": 1}]');
    writeFileSync(join(dir, 'a.jsonl'), '{"x": 2}\n');
    writeFileSync(join(dir, 'a.csv'), 'x\n3\n');
    expect(await readRows(join(dir, 'a.json'), 'json')).toEqual([{ x: 1 }]);
    expect(await readRows(join(dir, 'a.jsonl'), 'jsonl')).toEqual([{ x: 2 }]);
    expect(await readRows(join(dir, 'a.csv'), 'csv')).toEqual([{ x: '3' }]);
  });
});
