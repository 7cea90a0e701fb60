import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../config/index.js';
import type { FileLocation } from '../data/index.js';
import { createDataRepository, DATASET_SOURCES } from '../data/index.js';
import { testMirror } from '../testing/mirror.js';
import type { MachineData } from './availability.js';
import { dataReadiness, profileAvailability } from './availability.js';
import { getTask } from './registry.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-availability-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mirror = testMirror();
const financeiq = getTask('financeiq').spec;
const aime25 = getTask('aime25').spec;

/** Every file served from one side, local or not. */
function data(from: FileLocation['from'], local: boolean, offline: string | null = null): MachineData {
  return {
    sources: () => [...DATASET_SOURCES],
    offline,
    locate: (sourceId, name) => ({ sourceId, name, from, local, ...(from === null ? { reason: `${sourceId}/${name} is nowhere` } : {}) }),
  };
}
const mini = (facts: Parameters<typeof profileAvailability>[1]) => profileAvailability(financeiq, facts).find((entry) => entry.profile === 'mini')!;
const paper = (facts: Parameters<typeof profileAvailability>[1]) => profileAvailability(aime25, facts).find((entry) => entry.profile === 'paper')!;

describe('which profiles run here, decided per data file', () => {
  it('mini runs when its files are in the mirror, or come from the hub when it is not switched off', () => {
    expect(mini({ data: data('mirror', true), gpu: false })).toMatchObject({
      runnable: true,
      reason: expect.stringMatching(/^its data are in the offline mirror; sized/),
    });
    expect(mini({ data: data('hub', true), gpu: false }).reason).toMatch(/^its data are here \(the offline mirror and the download cache\)/);
    expect(mini({ data: data('hub', false), gpu: false })).toMatchObject({
      runnable: true,
      reason: expect.stringContaining('come from the Hugging Face hub on first use (`ftdojo data pull --task financeiq --profile mini` fetches them ahead)'),
    });
  });

  it('mini does not run when a file is nowhere, or not here with the hub switched off, and says why', () => {
    expect(mini({ data: data(null, false), gpu: false })).toMatchObject({ runnable: false, reason: expect.stringMatching(/is nowhere$/) });
    expect(mini({ data: data('hub', false, 'HF_HUB_OFFLINE=1'), gpu: false })).toMatchObject({
      runnable: false,
      reason: expect.stringMatching(/not here and the hub is switched off \(HF_HUB_OFFLINE=1\): run `ftdojo data pull --task financeiq --profile mini`/),
    });
    expect(mini({ data: { unusable: 'the data mirror /x is not a folder' }, gpu: false })).toEqual({
      profile: 'mini',
      runnable: false,
      reason: 'the data settings cannot be used: the data mirror /x is not a folder',
    });
  });

  it('paper needs a GPU, then its data', () => {
    expect(paper({ data: data('hub', false), gpu: false })).toMatchObject({ runnable: false, reason: expect.stringMatching(/^needs a GPU for Qwen/) });
    expect(paper({ data: data('hub', false), gpu: true })).toMatchObject({
      runnable: true,
      reason: expect.stringMatching(/^a GPU is visible for Qwen.*first use/),
    });
    expect(paper({ data: data('hub', false, '--offline'), gpu: true }).runnable).toBe(false);
  });

  it("reads a real repository: without a mirror and offline, mini's mirror-only files are named with the fix", () => {
    const repository = createDataRepository(resolveDataConfig({}, { cacheDir: join(root, 'home'), offline: true }));
    const verdict = dataReadiness(financeiq, 'mini', repository);
    expect(verdict.ready).toBe(false);
    expect(verdict.reason).toMatch(/FTDOJO_DATA_MIRROR|switched off \(--offline\)/);
  });

  it.skipIf(!mirror)('reads a real repository: with the mirror, mini reads it', () => {
    const repository = createDataRepository(resolveDataConfig({}, { mirror: mirror!, cacheDir: join(root, 'home'), offline: true }));
    expect(dataReadiness(financeiq, 'mini', repository)).toEqual({ ready: true, reason: 'its data are in the offline mirror' });
  });
});
