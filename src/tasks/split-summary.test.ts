import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../config/index.js';
import { createDataRepository } from '../data/index.js';
import { testMirror } from '../testing/mirror.js';
import { getTask } from './registry.js';
import { renderSplitTable, summarizeSplits } from './split-summary.js';

const mirror = testMirror();
const home = mkdtempSync(join(tmpdir(), 'ftdojo-split-summary-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.skipIf(!mirror)('split summaries on the offline mirror, hub switched off', () => {
  const repo = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror ?? '', FTDOJO_HOME: home, FTDOJO_DATA_OFFLINE: '1' }));

  it('counts a profile that builds here', async () => {
    const summary = await summarizeSplits(getTask('financeiq'), 'mini', repo);
    expect(summary).toMatchObject({ built: true, validation: 50, test: 50, notHere: [], reason: null });
    expect(summary.poolWithTargets).toBe(summary.pool);
  });

  it('names exactly the hub files a profile reads that are not here', async () => {
    const aime = await summarizeSplits(getTask('aime25'), 'paper', repo);
    expect(aime).toMatchObject({ built: false, pool: null, notHere: ['deepscaler/train/deepscaler'] });
    expect(aime.reason).toContain('deepscaler/train/deepscaler');
    const understanding = await summarizeSplits(getTask('chemcot-mol-und'), 'paper', repo);
    expect(understanding.notHere).toEqual([
      'chemcot-dataset/mol_und/Murcko_scaffold',
      'chemcot-dataset/mol_und/fg_count',
      'chemcot-dataset/mol_und/ring_count',
      'chemcot-dataset/mol_und/ring_system_scaffold',
    ]);
  });

  it('says why a profile is refused before it reads anything, and renders the table', async () => {
    const task = getTask('panorama-par4pc');
    const mini = await summarizeSplits(task, 'mini', repo);
    expect(mini).toMatchObject({ built: false, notHere: [] });
    expect(mini.reason).toMatch(/10 official PANORAMA samples/);
    const financeiq = getTask('financeiq');
    const table = renderSplitTable([
      { task, summaries: [mini] },
      { task: financeiq, summaries: [await summarizeSplits(financeiq, 'mini', repo)] },
    ]);
    expect(table.split('\n')[0]).toBe('| task | mini pool (with target / all) | mini val / test | mini builds here |');
    expect(table).toMatch(/\| panorama-par4pc \| - \| \(0 \/ 0\) \| no: task panorama-par4pc cannot build its mini profile here/);
    expect(table).toMatch(/\| financeiq \| (\d+) \/ \1 \| 50 \/ 50 \| yes \|/);
  });
});
