import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RuntimeConfig } from '../../config/index.js';

/** The embedded base model's folder name under config.modelsDir. */
export const EMBEDDED_MODEL_NAME = 'SmolLM2-135M-Instruct';
/** Must equal CONVERTER_VERSION in python/ftdojo_runtime/convert_model.py: a new converter converts again. */
export const CONVERTER_VERSION = 1;
export const MODEL_METADATA_FILE = 'ftdojo-model.json';
/** What a usable converted folder holds besides the metadata. */
export const MODEL_FILES = ['config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json'] as const;

/** ftdojo-model.json, written by convert_model.py into the folder it converted and checked. */
export const ModelMetadataSchema = z.object({
  schemaVersion: z.literal(1),
  converterVersion: z.number().int(),
  model: z.string(),
  source: z.object({ package: z.string(), version: z.string(), file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Check name → { ok, ...details } (what model_checks.py measured). */
  checks: z.record(z.string(), z.looseObject({ ok: z.boolean() })),
  createdAt: z.string(),
  seconds: z.number().optional(),
  transformersVersion: z.string(),
  torchVersion: z.string().optional(),
});
export type ModelMetadata = z.infer<typeof ModelMetadataSchema>;

export function embeddedModelDir(config: RuntimeConfig): string {
  return join(config.modelsDir, EMBEDDED_MODEL_NAME);
}

/** The metadata, or null when missing, unreadable or of another schema (all mean "convert"). */
export function readModelMetadata(folder: string): ModelMetadata | null {
  try {
    const parsed = ModelMetadataSchema.safeParse(JSON.parse(readFileSync(join(folder, MODEL_METADATA_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Why the converted folder cannot be used as it is, or null when it can (the fast path). */
export function embeddedModelStaleReason(folder: string, metadata: ModelMetadata | null, ggufSha256: string): string | null {
  if (metadata === null) return existsSync(folder) ? `${folder} has no valid ${MODEL_METADATA_FILE}` : 'the embedded model is not converted yet';
  if (metadata.converterVersion !== CONVERTER_VERSION)
    return `it was converted by converter version ${metadata.converterVersion}; this ftdojo uses ${CONVERTER_VERSION}`;
  if (metadata.source.sha256 !== ggufSha256) return 'the installed GGUF file differs from the one it was converted from';
  const failed = Object.entries(metadata.checks).filter(([, check]) => !check.ok);
  if (failed.length > 0) return `its recorded checks failed: ${failed.map(([name]) => name).join(', ')}`;
  const missing = MODEL_FILES.filter((file) => !existsSync(join(folder, file)));
  if (missing.length > 0) return `files are missing from ${folder}: ${missing.join(', ')}`;
  return null;
}
