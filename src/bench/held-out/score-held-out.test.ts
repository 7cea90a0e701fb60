import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig, resolveRuntimeConfig } from '../../config/index.js';
import { createDataRepository } from '../../data/index.js';
import { prepareTaskEnvironment } from '../../dojo/index.js';
import { getTask } from '../../tasks/index.js';
import { startFakeHub } from '../../testing/fake-hub-server.js';
import { testMirror } from '../../testing/mirror.js';
import { tinyModelRepo } from '../../testing/tiny-model.js';
import { baseTestDir, scoreHeldOut } from './score-held-out.js';

const mirror = testMirror();
const installedPython = resolveRuntimeConfig(process.env).python;
const python = existsSync(installedPython) ? installedPython : null;
const root = mkdtempSync(join(tmpdir(), 'ftdojo-held-out-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('baseTestDir', () => {
  it("keeps the profile's base model where it always was, and another base model apart", () => {
    expect(baseTestDir('/h', 'financeiq', 'mini', 5)).toBe('/h/cache/dojo-base-test/financeiq-mini-limit5');
    const other = baseTestDir('/h', 'financeiq', 'mini', 5, { kind: 'hub', id: 'org/model', revision: 'abc1234' });
    expect(other).toMatch(/^\/h\/cache\/dojo-base-test\/financeiq-mini-limit5-[0-9a-f]{12}$/);
    expect(baseTestDir('/h', 'financeiq', 'mini', 5, { kind: 'hub', id: 'org/model' })).not.toBe(other);
  });
});

describe.skipIf(!mirror || !python)('held-out scoring of a --base-model given by Hugging Face id (tiny model, fake hub, real Python)', () => {
  it('prepares the environment on the stored folder with its family template, and scores that model by id', async () => {
    const commit = '4e1d0000000000000000000000000000000000aa';
    const hub = await startFakeHub({ 'ftdojo-test/tiny-smollm2': tinyModelRepo(commit) });
    const runtime = resolveRuntimeConfig({
      ...process.env,
      FTDOJO_HOME: join(root, 'home'),
      FTDOJO_PYTHON: python!,
      FTDOJO_THREADS: '1',
      HF_ENDPOINT: hub.url,
    });
    const repository = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror!, FTDOJO_HOME: runtime.home }));
    const baseModel = { kind: 'hub' as const, id: 'ftdojo-test/tiny-smollm2', revision: commit.slice(0, 7) };
    const environment = await prepareTaskEnvironment({ task: getTask('financeiq'), profile: 'mini', repository, runtime, baseModel });
    await hub.close();
    expect(environment.baseModel).toEqual(baseModel);
    expect(environment.modelPath).toBe(join(runtime.modelsDir, 'hub', 'ftdojo-test--tiny-smollm2', commit));
    expect(environment.template).toEqual({ template: 'smollm2', defaultSystem: '' });
    expect(environment.tokenizer.name).toBe(`hf:${commit}`);

    const report = await scoreHeldOut({ environment, adapterPath: null, outDir: join(root, 'test'), limit: 2 });
    expect(report.fingerprint.model.ref).toEqual(baseModel);
    expect(report.fingerprint.chatTemplate?.name).toBe('llamafactory:smollm2');
    expect(report.report.primary.count).toBe(2);
  }, 300_000);
});
