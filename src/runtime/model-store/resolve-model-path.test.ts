import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { modelMetadataFixture, writeModelFolderFixture } from '../../testing/model-fixtures.js';
import { resolveModelPath } from './resolve-model-path.js';
import { refusal } from '../../testing/refusal.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-resolve-model-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folderWith(name: string, file: string): string {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, file), '{}');
  return folder;
}

describe('resolveModelPath', () => {
  const config = resolveRuntimeConfig({ FTDOJO_HOME: join(root, 'home') });

  it('says to run `ftdojo setup` when the embedded model is not converted', () => {
    const error = refusal(() => resolveModelPath(config, { kind: 'embedded' }));
    expect(error.code).toBe('MISSING_MODEL');
    expect(error.hint).toContain('ftdojo setup');
  });

  it('gives the converted folder for the embedded model', () => {
    const folder = join(config.modelsDir, 'SmolLM2-135M-Instruct');
    writeModelFolderFixture(folder, modelMetadataFixture('e'.repeat(64)));
    expect(resolveModelPath(config, { kind: 'embedded' })).toBe(folder);
  });

  it('resolves a local folder against cwd and refuses one without config.json', () => {
    const folder = folderWith('local-model', 'config.json');
    expect(resolveModelPath(config, { kind: 'local', path: 'local-model' }, root)).toBe(folder);
    expect(refusal(() => resolveModelPath(config, { kind: 'local', path: join(root, 'nope') })).message).toContain('does not exist');
    expect(refusal(() => resolveModelPath(config, { kind: 'local', path: root })).message).toContain('has no config.json');
  });

  it('gives a hub model its folder in the model store, and says how to download one that is not there', () => {
    const missing = refusal(() => resolveModelPath(config, { kind: 'hub', id: 'Qwen/Qwen2.5-7B-Instruct', revision: 'main' }));
    expect(missing.code).toBe('MISSING_MODEL');
    expect(missing.message).toContain('Qwen/Qwen2.5-7B-Instruct@main is not in the model store');
    expect(missing.hint).toContain('--base-model Qwen/Qwen2.5-7B-Instruct@main');
    // A finished download: the commit's folder with its record, and the ref that named it.
    const commit = 'a'.repeat(40);
    const folder = join(config.modelsDir, 'hub', 'Qwen--Qwen2.5-7B-Instruct', commit);
    mkdirSync(join(folder, '..', 'refs'), { recursive: true });
    writeFileSync(join(folder, '..', 'refs', 'main'), `${commit}\n`);
    mkdirSync(folder, { recursive: true });
    const record = { schemaVersion: 1, kind: 'ftdojo-hub-model', id: 'Qwen/Qwen2.5-7B-Instruct', commit, revision: 'main', endpoint: 'https://huggingface.co' };
    writeFileSync(join(folder, 'ftdojo-hub-model.json'), JSON.stringify({ ...record, files: [], bytes: 0, downloadedAt: '2026-01-01T00:00:00Z', seconds: 1 }));
    expect(resolveModelPath(config, { kind: 'hub', id: 'Qwen/Qwen2.5-7B-Instruct', revision: 'main' })).toBe(folder);
    expect(resolveModelPath(config, { kind: 'hub', id: 'Qwen/Qwen2.5-7B-Instruct', revision: commit })).toBe(folder);
  });

  it('gives an adapter with its base, and refuses an adapter on an adapter', () => {
    const adapter = folderWith('run-1/adapter', 'adapter_config.json');
    expect(resolveModelPath(config, { kind: 'adapter', base: { kind: 'embedded' }, path: adapter })).toEqual({
      base: join(config.modelsDir, 'SmolLM2-135M-Instruct'),
      adapter,
    });
    expect(refusal(() => resolveModelPath(config, { kind: 'adapter', base: { kind: 'embedded' }, path: root })).message).toContain('no adapter_config.json');
    const nested = refusal(() =>
      resolveModelPath(config, { kind: 'adapter', base: { kind: 'adapter', base: { kind: 'embedded' }, path: adapter }, path: adapter }),
    );
    expect(nested.code).toBe('UNSUPPORTED');
  });
});
