import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunStatus } from './run-status.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-status-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createRunStatus', () => {
  it('records stages as they start and finish, and what finished when the run ends early', async () => {
    let tick = 0;
    const path = join(root, 'run', 'status.json');
    const status = createRunStatus(path, 'baseline', () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)));
    await status.startStage('train');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      schemaVersion: 1,
      kind: 'baseline',
      state: 'running',
      stages: [{ name: 'train', state: 'running' }],
      finishedStages: [],
    });
    await status.finishStage('train', 'succeeded');
    await status.startStage('eval-base-validation');
    await status.finish('interrupted', 'Ctrl-C');
    const document = JSON.parse(readFileSync(path, 'utf8'));
    expect(document).toMatchObject({
      state: 'interrupted',
      finishedStages: ['train'],
      stages: [
        { name: 'train', state: 'succeeded' },
        { name: 'eval-base-validation', state: 'interrupted', detail: 'Ctrl-C' },
      ],
    });
    expect(document.finishedAt).toMatch(/^2026-01-01T00:00:0\d.000Z$/);
    expect(document.finishedAt > document.stages[1].startedAt).toBe(true);
    expect(status.document()).toEqual(document);
  });
});
