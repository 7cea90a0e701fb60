import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { startFakeHub } from '../../testing/fake-hub-server.js';
import { tinyModelRepo } from '../../testing/tiny-model.js';
import { createLocalBackend } from '../inference/local-backend.js';
import { promptFormatFor } from '../inference/prompt-format.js';
import { ensureBaseModel } from './ensure-base-model.js';

/**
 * A hub model by id, end to end but for training: downloaded from a fake hub into the store, then
 * generated with by the real Python runtime (transformers, offline) from the store's folder, the
 * hub gone. Runs only where the runtime's Python is installed (FTDOJO_PYTHON, or `ftdojo setup`).
 */
const installed = resolveRuntimeConfig(process.env);
const python = existsSync(installed.python) ? installed.python : null;
if (!python) console.warn('hub-model-generate.test.ts skipped: no Python runtime (set FTDOJO_PYTHON or run `ftdojo setup`)');

const root = mkdtempSync(join(tmpdir(), 'ftdojo-hub-generate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const COMMIT = '5eed00000000000000000000000000000000cafe';
const ID = 'ftdojo-test/tiny-smollm2';

describe.skipIf(!python)('a hub model resolved by id for evaluation', () => {
  it('is downloaded once and generated with offline from its folder in the store', async () => {
    const hub = await startFakeHub({ [ID]: tinyModelRepo(COMMIT) });
    const config = resolveRuntimeConfig({ ...process.env, FTDOJO_HOME: join(root, 'home'), FTDOJO_PYTHON: python!, FTDOJO_THREADS: '1', HF_ENDPOINT: hub.url });
    const base = await ensureBaseModel(config, { kind: 'hub', id: ID, revision: 'main' });
    await hub.close();
    expect(base.path).toBe(join(config.modelsDir, 'hub', 'ftdojo-test--tiny-smollm2', COMMIT));
    expect(base.template).toMatchObject({ template: 'smollm2', defaultSystem: '', tokenizerStyle: 'chatml' });

    // The runtime is offline (FTDOJO_ONLINE unset: HF_HUB_OFFLINE=1 for Python) and the hub is gone.
    expect(config.online).toBe(false);
    const backend = createLocalBackend(config, { kind: 'hub', id: ID, revision: 'main' }, { promptFormat: promptFormatFor(base.template) });
    const result = await backend.generate(
      [
        { id: 'a', messages: [{ role: 'user', content: 'What is 2+2?' }] },
        { id: 'b', messages: [{ role: 'user', content: 'Name a colour.' }] },
      ],
      { maxNewTokens: 4, workDir: join(root, 'generate') },
    );
    expect(result.outputs.map((output) => output.id)).toEqual(['a', 'b']);
    expect(result.outputs.every((output) => output.finishReason !== 'error')).toBe(true);
    expect(result.engine.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.engine.chatTemplate?.name).toBe('llamafactory:smollm2');
    expect(result.engine.chatTemplate?.rendered).toBe('<|im_start|>user\n{{content}}<|im_end|>\n<|im_start|>assistant\n');
  }, 300_000);
});
