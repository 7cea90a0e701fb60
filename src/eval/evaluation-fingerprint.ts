import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ModelRef, ScoringMode } from '../core/index.js';
import { DEFAULT_SCORING_MODE, ModelRefSchema, ScoringModeSchema } from '../core/index.js';
import type { EngineFacts, GenerationDecoding } from '../runtime/index.js';

/**
 * 2: `scoring` (the scoring mode); a version-1 fingerprint reads as scored `corrected`.
 * 3: `decoding` may be constrained choice decoding (strategy 'choice'); a version-2 fingerprint
 * decoded freely and reads as version 3 unchanged, digest included.
 */
export const EVALUATION_FINGERPRINT_VERSION = 3;

/** Free greedy generation up to a token limit, stopping at the end-of-sequence token. */
const GreedyDecodingSchema = z.object({ strategy: z.literal('greedy'), temperature: z.literal(0), maxNewTokens: z.number().int(), stop: z.literal('eos') });

/**
 * Constrained choice decoding: one forward pass, the option whose token ranks highest is the
 * output. One token is read (maxNewTokens 1), whatever the profile's limit.
 */
const ChoiceDecodingSchema = z.object({
  strategy: z.literal('choice'),
  choices: z.array(z.string()).min(2),
  temperature: z.literal(0),
  maxNewTokens: z.literal(1),
});
const DecodingSchema = z.discriminatedUnion('strategy', [GreedyDecodingSchema, ChoiceDecodingSchema]);

/**
 * Everything that decides what a model wrote in an evaluation, so two scores can be compared
 * honestly: the exact samples, the model and adapter weights (sha256), the engine and its
 * versions, the prompt format around each sample (rendered template, hashed), the decoding, the
 * token limit (or the options of constrained choice decoding), the seed and the batch size.
 */
const EvaluationFingerprintV3Schema = z.object({
  schemaVersion: z.literal(EVALUATION_FINGERPRINT_VERSION),
  task: z.object({
    id: z.string(),
    profile: z.string(),
    split: z.string(),
    samples: z.number().int(),
    limit: z.number().int().nullable(),
    /** sha256 over the evaluated sample ids, in order: the same number of samples is not the same samples. */
    sampleIdsSha256: z.string(),
  }),
  model: z.object({
    ref: ModelRefSchema.nullable(),
    description: z.string(),
    /** sha256 of the weights file(s); null where they cannot be seen (an endpoint, an undownloaded hub id). */
    sha256: z.string().nullable(),
    adapterSha256: z.string().nullable(),
    servedModel: z.string().nullable(),
  }),
  engine: z.object({
    name: z.enum(['transformers', 'vllm', 'openai-compatible']),
    /** Where generation ran: 'hf' (transformers here), 'vllm' (vLLM here) or 'endpoint' (a server); absent before it was recorded. */
    backend: z.enum(['hf', 'vllm', 'endpoint']).optional(),
    versions: z.record(z.string(), z.string()),
    device: z.string(),
    dtype: z.string().nullable(),
    threads: z.number().nullable(),
  }),
  /** Null when a server applies its own template, which we cannot see. */
  chatTemplate: z
    .object({
      name: z.string(),
      sha256: z.string(),
      system: z.string().nullable(),
      rendered: z.string(),
      sourceSha256: z.string().nullable(),
    })
    .nullable(),
  decoding: DecodingSchema,
  seed: z.number().int(),
  batchSize: z.number().int(),
  /** How the outputs were scored: `official` (the benchmark's own code) or `corrected` (ours). */
  scoring: ScoringModeSchema,
  /**
   * sha256 over the fields that change outputs by design (samples, model, adapter, template,
   * decoding, engine and versions, dtype) and over the scoring mode when it is `official`.
   * Batch size, threads and device are left out: they should change nothing but float rounding;
   * compareFingerprints lists them apart.
   */
  digest: z.string(),
});

/**
 * Earlier versions, brought up to the current one before the schema checks them. Version 1 had no
 * scoring mode: its scorers behaved as `corrected` does now, so it reads as `corrected`, and its
 * digest stays right (a `corrected` digest leaves the mode out). Versions 1 and 2 had only free
 * greedy decoding, which version 3 writes the same way, so their digests stay right too.
 */
export function upgradeEvaluationFingerprint(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version === 1) return { ...value, schemaVersion: EVALUATION_FINGERPRINT_VERSION, scoring: DEFAULT_SCORING_MODE };
  if (version === 2) return { ...value, schemaVersion: EVALUATION_FINGERPRINT_VERSION };
  return value;
}

/** A fingerprint of any version, read as the current one. */
export const EvaluationFingerprintSchema = z.preprocess(upgradeEvaluationFingerprint, EvaluationFingerprintV3Schema);
export type EvaluationFingerprint = z.infer<typeof EvaluationFingerprintV3Schema>;

export interface FingerprintInput {
  task: { id: string; profile: string; split: string; limit: number | null };
  sampleIds: string[];
  model: { ref: ModelRef | null; description: string };
  engine: EngineFacts;
  maxNewTokens: number;
  seed: number;
  scoring: ScoringMode;
  /** What the backend did (GenerationResult.decoding); absent: free greedy generation. */
  decoding?: GenerationDecoding | undefined;
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with sorted keys, so the digest does not depend on property order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
      .map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The backend an engine implies, for facts and fingerprints written before the backend was recorded. */
export function backendOfEngine(engine: EngineFacts['engine']): 'hf' | 'vllm' | 'endpoint' {
  return engine === 'openai-compatible' ? 'endpoint' : engine === 'vllm' ? 'vllm' : 'hf';
}

export function buildEvaluationFingerprint(input: FingerprintInput): EvaluationFingerprint {
  const { engine } = input;
  const body: Omit<EvaluationFingerprint, 'digest'> = {
    schemaVersion: EVALUATION_FINGERPRINT_VERSION,
    task: { ...input.task, samples: input.sampleIds.length, sampleIdsSha256: sha256Text(input.sampleIds.join('\n')) },
    model: {
      ref: input.model.ref,
      description: input.model.description,
      sha256: engine.modelSha256,
      adapterSha256: engine.adapterSha256,
      servedModel: engine.servedModel ?? null,
    },
    engine: {
      name: engine.engine,
      backend: engine.backend ?? backendOfEngine(engine.engine),
      versions: engine.versions,
      device: engine.device,
      dtype: engine.dtype,
      threads: engine.threads,
    },
    chatTemplate: engine.chatTemplate
      ? {
          name: engine.chatTemplate.name,
          sha256: engine.chatTemplate.sha256,
          system: engine.chatTemplate.system,
          rendered: engine.chatTemplate.rendered,
          sourceSha256: engine.chatTemplate.sourceSha256 ?? null,
        }
      : null,
    decoding:
      input.decoding?.mode === 'choice'
        ? { strategy: 'choice', choices: [...input.decoding.choices], temperature: 0, maxNewTokens: 1 }
        : { strategy: 'greedy', temperature: 0, maxNewTokens: input.maxNewTokens, stop: 'eos' },
    seed: input.seed,
    batchSize: engine.batchSize,
    scoring: input.scoring,
  };
  return { ...body, digest: fingerprintDigest(body) };
}

export function fingerprintDigest(fingerprint: Omit<EvaluationFingerprint, 'digest'>): string {
  return sha256Text(
    canonicalJson({
      task: { id: fingerprint.task.id, profile: fingerprint.task.profile, split: fingerprint.task.split, sampleIdsSha256: fingerprint.task.sampleIdsSha256 },
      // Weights by hash when known; otherwise the model as named (an endpoint's served model).
      model: fingerprint.model.sha256 ?? { description: fingerprint.model.description, servedModel: fingerprint.model.servedModel },
      adapter: fingerprint.model.adapterSha256,
      engine: { name: fingerprint.engine.name, versions: fingerprint.engine.versions, dtype: fingerprint.engine.dtype },
      template: fingerprint.chatTemplate?.sha256 ?? null,
      decoding: fingerprint.decoding,
      // Left out when `corrected`, so a version-1 fingerprint (read as corrected) keeps its digest.
      scoring: fingerprint.scoring === 'corrected' ? undefined : fingerprint.scoring,
    }),
  );
}

export interface FingerprintDifference {
  field: string;
  left: unknown;
  right: unknown;
  /**
   * 'evaluated': the two runs did not evaluate the same thing (samples, model, adapter, prompt
   * format, decoding) or did not score it the same way (the scoring mode); 'computed': the same thing, computed another way (engine, versions, dtype,
   * device, threads, batch size), so outputs may differ by rounding.
   */
  kind: 'evaluated' | 'computed';
}

/**
 * What differs between two evaluations. Empty: the scores are directly comparable. Only
 * 'computed' differences: the same evaluation, whose outputs may differ by rounding. Any
 * 'evaluated' difference: the scores measure different things.
 */
export function compareFingerprints(left: EvaluationFingerprint, right: EvaluationFingerprint): FingerprintDifference[] {
  const differences: FingerprintDifference[] = [];
  const check = (field: string, a: unknown, b: unknown, kind: FingerprintDifference['kind']) => {
    if (canonicalJson(a) !== canonicalJson(b)) differences.push({ field, left: a, right: b, kind });
  };
  check('task.id', left.task.id, right.task.id, 'evaluated');
  check('task.profile', left.task.profile, right.task.profile, 'evaluated');
  check('task.split', left.task.split, right.task.split, 'evaluated');
  check('task.samples', left.task.sampleIdsSha256, right.task.sampleIdsSha256, 'evaluated');
  check('model', left.model.sha256 ?? left.model.description, right.model.sha256 ?? right.model.description, 'evaluated');
  check('model.adapter', left.model.adapterSha256, right.model.adapterSha256, 'evaluated');
  check('chatTemplate', left.chatTemplate?.sha256 ?? null, right.chatTemplate?.sha256 ?? null, 'evaluated');
  check('decoding', left.decoding, right.decoding, 'evaluated');
  check('scoring', left.scoring, right.scoring, 'evaluated');
  check('engine.name', left.engine.name, right.engine.name, 'computed');
  check('engine.backend', left.engine.backend ?? backendOfEngine(left.engine.name), right.engine.backend ?? backendOfEngine(right.engine.name), 'computed');
  check('engine.versions', left.engine.versions, right.engine.versions, 'computed');
  check('engine.dtype', left.engine.dtype, right.engine.dtype, 'computed');
  check('batchSize', left.batchSize, right.batchSize, 'computed');
  check('engine.threads', left.engine.threads, right.engine.threads, 'computed');
  check('engine.device', left.engine.device, right.engine.device, 'computed');
  return differences;
}
