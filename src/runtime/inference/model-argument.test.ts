import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseModelFromArgument, modelRefFromArgument, profileBaseModel } from './model-argument.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-model-argument-'));
const embeddedPath = join(root, 'home', 'models', 'SmolLM2-135M-Instruct');
mkdirSync(embeddedPath, { recursive: true });
writeFileSync(join(embeddedPath, 'config.json'), '{}');

function folder(name: string, files: Record<string, unknown>): string {
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(path, file), typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const options = { embeddedPath, cwd: root };

describe('modelRefFromArgument', () => {
  it('reads "base" and "embedded" as the embedded model', () => {
    expect(modelRefFromArgument('base', options)).toEqual({ kind: 'embedded' });
    expect(modelRefFromArgument(' embedded ', options)).toEqual({ kind: 'embedded' });
  });

  it('reads an adapter folder as an adapter on the base its config names', () => {
    const onEmbedded = folder('run1/adapter', { 'adapter_config.json': { base_model_name_or_path: embeddedPath, r: 8 } });
    expect(modelRefFromArgument('run1/adapter', options)).toEqual({ kind: 'adapter', base: { kind: 'embedded' }, path: onEmbedded });
    // No base named: the embedded model. The embedded folder of another home (a copied run): the embedded model.
    folder('run2', { 'adapter_config.json': { r: 8 } });
    expect(modelRefFromArgument(join(root, 'run2'), options)).toMatchObject({ base: { kind: 'embedded' } });
    folder('run3', { 'adapter_config.json': { base_model_name_or_path: '/elsewhere/.cache/ftdojo/models/SmolLM2-135M-Instruct' } });
    expect(modelRefFromArgument('run3', options)).toMatchObject({ base: { kind: 'embedded' } });
    // Another local base, or a hub id.
    const merged = folder('merged', { 'config.json': {} });
    folder('run4', { 'adapter_config.json': { base_model_name_or_path: merged } });
    expect(modelRefFromArgument('run4', options)).toMatchObject({ base: { kind: 'local', path: merged } });
    folder('run5', { 'adapter_config.json': { base_model_name_or_path: 'Qwen/Qwen2.5-0.5B-Instruct' } });
    expect(modelRefFromArgument('run5', options)).toMatchObject({ base: { kind: 'hub', id: 'Qwen/Qwen2.5-0.5B-Instruct' } });
  });

  it('refuses an adapter whose base is gone, with a fix', () => {
    folder('run6', { 'adapter_config.json': { base_model_name_or_path: '/gone/models/other-model' } });
    expect(() => modelRefFromArgument('run6', options)).toThrow(/was trained on \/gone\/models\/other-model, which is not here/);
    folder('run7', { 'adapter_config.json': '{ not json' });
    expect(() => modelRefFromArgument('run7', options)).toThrow(/not valid JSON/);
  });

  it('reads a model folder as local and anything shaped like org/name as a hub id', () => {
    const merged = join(root, 'merged');
    expect(modelRefFromArgument('merged', options)).toEqual({ kind: 'local', path: merged });
    expect(modelRefFromArgument('Qwen/Qwen2.5-7B-Instruct', options)).toEqual({ kind: 'hub', id: 'Qwen/Qwen2.5-7B-Instruct' });
    expect(modelRefFromArgument('Qwen/Qwen2.5-7B-Instruct@a09a354', options)).toEqual({ kind: 'hub', id: 'Qwen/Qwen2.5-7B-Instruct', revision: 'a09a354' });
  });

  it('explains what it takes when the argument is none of these', () => {
    folder('empty-folder', {});
    expect(() => modelRefFromArgument('empty-folder', options)).toThrow(/holds neither adapter_config.json nor config.json/);
    writeFileSync(join(root, 'weights.bin'), '');
    expect(() => modelRefFromArgument('weights.bin', options)).toThrow(/is a file, not a folder/);
    expect(() => modelRefFromArgument('./no/such/thing/here', options)).toThrow(/neither "base", a folder, nor a Hugging Face id/);
  });
});

describe('baseModelFromArgument', () => {
  it('reads --base-model: a hub id at a revision, a model folder, or the embedded model', () => {
    expect(baseModelFromArgument('Qwen/Qwen2.5-0.5B-Instruct@7ae557604adf67be50417f59c2c2f167def9a775', options)).toEqual({
      kind: 'hub',
      id: 'Qwen/Qwen2.5-0.5B-Instruct',
      revision: '7ae557604adf67be50417f59c2c2f167def9a775',
    });
    expect(baseModelFromArgument('merged', options)).toEqual({ kind: 'local', path: join(root, 'merged') });
    expect(baseModelFromArgument('base', options)).toEqual({ kind: 'embedded' });
    // The embedded model's own id, unpinned, is the converted copy; pinned, the hub's.
    expect(baseModelFromArgument('HuggingFaceTB/SmolLM2-135M-Instruct', options)).toEqual({ kind: 'embedded' });
    expect(baseModelFromArgument('HuggingFaceTB/SmolLM2-135M-Instruct@main', options)).toMatchObject({ kind: 'hub', revision: 'main' });
  });

  it('refuses an adapter and anything that is not a model, naming the flag', () => {
    expect(() => baseModelFromArgument('run4', options)).toThrow(/--base-model run4 is a LoRA adapter, not a base model/);
    expect(() => baseModelFromArgument('./no/such/thing/here', options)).toThrow(/^--base-model \.\/no\/such\/thing\/here is neither/);
  });

  it("gives a profile's base model unless --base-model replaces it", () => {
    expect(profileBaseModel('mini', { baseModel: 'HuggingFaceTB/SmolLM2-135M-Instruct' }, options)).toEqual({ kind: 'embedded' });
    expect(profileBaseModel('paper', { baseModel: 'Qwen/Qwen2.5-7B-Instruct' }, options)).toEqual({ kind: 'hub', id: 'Qwen/Qwen2.5-7B-Instruct' });
    expect(profileBaseModel('paper', { baseModel: 'Qwen/Qwen2.5-7B-Instruct' }, { ...options, override: { kind: 'embedded' } })).toEqual({ kind: 'embedded' });
    expect(() => profileBaseModel('mini', { baseModel: 'not a model' }, options)).toThrow(/the mini profile's baseModel not a model/);
  });

  it("maps an adapter's base in another home's model store back to that hub commit", () => {
    const commit = 'b'.repeat(40);
    folder('run8', { 'adapter_config.json': { base_model_name_or_path: `/elsewhere/.cache/ftdojo/models/hub/Qwen--Qwen2.5-0.5B-Instruct/${commit}` } });
    expect(modelRefFromArgument('run8', options)).toMatchObject({ base: { kind: 'hub', id: 'Qwen/Qwen2.5-0.5B-Instruct', revision: commit } });
  });
});
