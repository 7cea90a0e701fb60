import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Lesson } from '../../core/index.js';
import { openLessonStore } from '../../store/index.js';
import { main } from '../main.js';

const home = mkdtempSync(join(tmpdir(), 'ftdojo-lessons-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function ftdojo(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'ftdojo', ...args],
    { out: (text) => void out.push(text), err: (text) => void err.push(text) },
    { FTDOJO_HOME: home, NO_COLOR: '1' },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const LESSON: Lesson = {
  schemaVersion: 1,
  id: 'financeiq-mini-20261203-120000-ab12/exp-002',
  task: 'financeiq',
  domain: 'finance',
  metric: 'accuracy',
  idea: 'balance-labels',
  change: 'data.balance "none" → "label"',
  reference: 'exp-001',
  effect: 0.12,
  interval: { low: 0.04, high: 0.2, level: 0.95, resamples: 1000 },
  verdict: 'improved',
  runId: 'financeiq-mini-20261203-120000-ab12',
  experimentId: 'exp-002',
  createdAt: '2026-12-03T12:00:00.000Z',
};

describe('ftdojo lessons', () => {
  it('lists what earlier runs learned, as a table or JSON, and forgets one for good', async () => {
    expect((await ftdojo('lessons')).out).toContain('no lessons yet');
    const store = openLessonStore(home);
    store.add([LESSON]);
    store.close();
    const listed = await ftdojo('lessons', '--task', 'financeiq');
    expect(listed.out).toContain('data.balance "none" → "label"');
    expect(listed.out).toContain('+0.120 accuracy vs exp-001');
    expect(JSON.parse((await ftdojo('lessons', '--json')).out)).toEqual([LESSON]);
    expect((await ftdojo('lessons', '--task', 'aime25')).out).toContain('no lessons for aime25 yet');

    expect(await ftdojo('lessons', 'forget', LESSON.id)).toMatchObject({ code: 0, out: expect.stringContaining(`forgot ${LESSON.id}`) });
    const again = await ftdojo('lessons', 'forget', LESSON.id);
    expect(again.code).toBe(2);
    expect(again.err).toContain('list them with `ftdojo lessons`');
  });
});
