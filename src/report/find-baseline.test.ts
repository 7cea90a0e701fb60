import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baselineHint, findLatestBaseline } from './find-baseline.js';
import { writeBaselineRun } from './run-report-fixture.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'ftdojo-find-baseline-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('findLatestBaseline', () => {
  it('is null without a runs folder or a baseline of the task and profile', () => {
    const warnings: string[] = [];
    expect(findLatestBaseline(home, 'aime25', 'mini', warnings)).toBeNull();
    writeBaselineRun(home, 'baseline-aime25-paper-20260301-090000', { createdAt: '2026-03-01T09:00:00.000Z', profile: 'paper' });
    expect(findLatestBaseline(home, 'aime25', 'mini', warnings)).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('takes the latest completed one by creation time, with its fine-tuned test and validation scores', () => {
    writeBaselineRun(home, 'baseline-aime25-mini-20260301-090000-2', { createdAt: '2026-03-01T09:00:05.000Z', test: 0.5 });
    writeBaselineRun(home, 'baseline-aime25-mini-20260301-090000', { createdAt: '2026-03-01T09:00:00.000Z', test: 0.4 });
    writeBaselineRun(home, 'baseline-aime25-mini-20260301-100000', { createdAt: '2026-03-01T10:00:00.000Z', state: 'interrupted' });
    expect(findLatestBaseline(home, 'aime25', 'mini', [])).toEqual({
      runId: 'baseline-aime25-mini-20260301-090000-2',
      createdAt: '2026-03-01T09:00:05.000Z',
      test: { metric: 'accuracy', value: 0.5, interval: { low: 0.4, high: 0.6, level: 0.95 } },
      validation: { metric: 'accuracy', value: 0.4, interval: { low: expect.closeTo(0.3, 9), high: 0.5, level: 0.95 } },
      limit: null,
    });
  });

  it('keeps a completed baseline without a test score, and warns about an unreadable scores.json', () => {
    writeBaselineRun(home, 'baseline-aime25-mini-20260301-090000', { createdAt: '2026-03-01T09:00:00.000Z', test: null });
    writeBaselineRun(home, 'baseline-aime25-mini-20260301-100000', { createdAt: '2026-03-01T10:00:00.000Z' });
    writeFileSync(join(home, 'runs', 'baseline-aime25-mini-20260301-100000', 'scores.json'), '{"schemaVersion": 1, "kind": "ftdojo-baseline-scores"}');
    const warnings: string[] = [];
    expect(findLatestBaseline(home, 'aime25', 'mini', warnings)).toMatchObject({ runId: 'baseline-aime25-mini-20260301-090000', test: null });
    expect(warnings).toEqual(['baseline-aime25-mini-20260301-100000/scores.json: cannot be read (task: Invalid input: expected string, received undefined)']);
  });
});

describe('baselineHint', () => {
  it('names the command, with the profile when it is not the default', () => {
    expect(baselineHint('aime25', 'mini')).toBe('no completed fixed-recipe baseline for aime25 (mini) yet: run `ftdojo baseline --task aime25`');
    expect(baselineHint('aime25', 'paper')).toContain('`ftdojo baseline --task aime25 --profile paper`');
  });
});
