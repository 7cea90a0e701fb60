import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig, resolveRuntimeConfig } from '../../config/index.js';
import { createDataRepository } from '../../data/index.js';
import { getTask } from '../../tasks/index.js';
import { fakeDeviceProbe } from '../../testing/device-probes.js';
import { prepareTaskEnvironment } from './task-environment.js';

const home = mkdtempSync(join(tmpdir(), 'ftdojo-task-environment-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('a GPU profile on a machine without a GPU', () => {
  const env = { FTDOJO_HOME: home, FTDOJO_DATA_MIRROR: '', HF_HUB_OFFLINE: '1' };
  const repository = createDataRepository(resolveDataConfig(env));

  it('is refused before any model is downloaded or data built, with the ways out', async () => {
    const attempt = prepareTaskEnvironment({
      task: getTask('financeiq'),
      profile: 'paper',
      repository,
      runtime: resolveRuntimeConfig(env),
      probeDevice: () => Promise.resolve(fakeDeviceProbe([])),
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'NO_GPU',
      message: expect.stringMatching(/^the paper profile trains on a CUDA GPU, and the runtime sees no GPU: .*NVIDIA driver/),
      hint: expect.stringContaining('--device cpu'),
    });
    expect(readdirSync(home)).toEqual([]);
  });

  it('--device cpu (FTDOJO_DEVICE=cpu) asks for no GPU: the run goes on to the model', async () => {
    const attempt = prepareTaskEnvironment({
      task: getTask('financeiq'),
      profile: 'paper',
      repository,
      runtime: resolveRuntimeConfig({ ...env, FTDOJO_DEVICE: 'cpu' }),
      probeDevice: () => Promise.reject(new Error('a CPU run must not probe the GPU')),
    });
    // Offline, the profile's hub model is not in the store: the next step's own error.
    await expect(attempt).rejects.toMatchObject({ code: 'MISSING_MODEL' });
  });
});
