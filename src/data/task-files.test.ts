import { describe, expect, it } from 'vitest';
import type { ProfileSpec } from '../core/index.js';
import { HUB_SOURCE, SPLIT_SOURCE } from './split-sources-fixture.js';
import { taskDataFiles, taskPullCommand, type TaskDataSpec } from './task-files.js';

const profile = (dataFrom: 'hub' | 'mirror'): ProfileSpec => ({
  baseModel: 'toy',
  budget: { wallClockSeconds: 60, sampleCap: 10 },
  validationSize: 1,
  testSize: 1,
  maxNewTokens: 8,
  dataFrom,
  splitRule: 'toy',
  deviations: [],
});
const spec = (sources: string[], heldOutFrom: string[]): TaskDataSpec => ({
  id: 'toy',
  sources,
  heldOutFrom,
  profiles: { paper: profile('hub'), mini: profile('mirror') },
});

describe('taskDataFiles', () => {
  it('lists every file of the sources and held-out sources for a hub profile, each source once', () => {
    const files = taskDataFiles(spec(['toy-split', 'toy-extra'], ['toy-split']), 'paper', [SPLIT_SOURCE, HUB_SOURCE]);
    expect(files.map((file) => `${file.sourceId}/${file.fileName}`)).toEqual([
      'toy-split/bench',
      'toy-split/train',
      'toy-split/shared',
      'toy-split/stale',
      'toy-extra/extra',
    ]);
  });

  it('lists only the files the mirror carries for a mirror profile', () => {
    const files = taskDataFiles(spec(['toy-split'], ['toy-extra']), 'mini', [SPLIT_SOURCE, HUB_SOURCE]);
    expect(files.map((file) => file.fileName)).toEqual(['bench', 'shared', 'stale']);
  });

  it('names an unknown source', () => {
    expect(() => taskDataFiles(spec(['nope'], []), 'paper', [SPLIT_SOURCE])).toThrow('no dataset source "nope"');
  });

  it('spells the pull command', () => {
    expect(taskPullCommand('aime25', 'paper')).toBe('ftdojo data pull --task aime25 --profile paper');
  });
});
