import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelMetadataFixture, writeModelFolderFixture } from '../../testing/model-fixtures.js';
import { CONVERTER_VERSION, embeddedModelStaleReason, readModelMetadata } from './model-metadata.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-model-metadata-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sha = 'c'.repeat(64);

describe('the converted model metadata', () => {
  it('takes the fast path only for a whole folder converted from this GGUF by this converter', () => {
    const folder = join(root, 'ok');
    writeModelFolderFixture(folder, modelMetadataFixture(sha));
    const metadata = readModelMetadata(folder);
    expect(embeddedModelStaleReason(folder, metadata, sha)).toBeNull();
    expect(embeddedModelStaleReason(folder, metadata, 'd'.repeat(64))).toMatch(/GGUF file differs/);
    expect(embeddedModelStaleReason(folder, { ...metadata!, converterVersion: CONVERTER_VERSION - 1 }, sha)).toMatch(/converter version/);
    expect(embeddedModelStaleReason(folder, { ...metadata!, checks: { generation: { ok: false } } }, sha)).toMatch(/checks failed: generation/);
    rmSync(join(folder, 'model.safetensors'));
    expect(embeddedModelStaleReason(folder, metadata, sha)).toMatch(/missing .*model\.safetensors/);
  });

  it('treats a missing or broken metadata file as "convert"', () => {
    expect(embeddedModelStaleReason(join(root, 'absent'), readModelMetadata(join(root, 'absent')), sha)).toBe('the embedded model is not converted yet');
    const folder = join(root, 'broken');
    writeModelFolderFixture(folder, modelMetadataFixture(sha));
    writeFileSync(join(folder, 'ftdojo-model.json'), '{"schemaVersion": 1}');
    expect(embeddedModelStaleReason(folder, readModelMetadata(folder), sha)).toMatch(/no valid ftdojo-model\.json/);
  });

  it('uses the converter version of python/ftdojo_runtime/convert_model.py', () => {
    const source = readFileSync(new URL('../../../python/ftdojo_runtime/convert_model.py', import.meta.url), 'utf8');
    expect(source).toContain(`\nCONVERTER_VERSION = ${CONVERTER_VERSION}\n`);
  });
});
