import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineFacts } from '../runtime/index.js';
import {
  buildEvaluationFingerprint,
  compareFingerprints,
  EvaluationFingerprintSchema,
  fingerprintDigest,
  type FingerprintInput,
} from './evaluation-fingerprint.js';

const engine: EngineFacts = {
  engine: 'transformers',
  versions: { python: '3.11.7', torch: '2.8.0', transformers: '4.57.1' },
  device: 'cpu',
  dtype: 'fp32',
  threads: 2,
  chatTemplate: {
    name: 'llamafactory:smollm2',
    sha256: 'a'.repeat(64),
    system: '',
    rendered: '<|im_start|>user\n{{content}}<|im_end|>\n<|im_start|>assistant\n',
  },
  modelSha256: 'm'.repeat(64),
  adapterSha256: null,
  batchSize: 8,
};
const input: FingerprintInput = {
  task: { id: 'financeiq', profile: 'mini', split: 'validation', limit: null },
  sampleIds: ['a', 'b', 'c'],
  model: { ref: { kind: 'embedded' }, description: 'embedded SmolLM2-135M-Instruct' },
  engine,
  maxNewTokens: 8,
  seed: 0,
  scoring: 'corrected',
};

describe('buildEvaluationFingerprint', () => {
  it('records the model, engine, template, decoding, seed and batch size, and validates against its schema', () => {
    const fingerprint = buildEvaluationFingerprint(input);
    expect(EvaluationFingerprintSchema.parse(fingerprint)).toEqual(fingerprint);
    expect(fingerprint).toMatchObject({
      schemaVersion: 3,
      scoring: 'corrected',
      task: { id: 'financeiq', samples: 3, limit: null },
      model: { ref: { kind: 'embedded' }, sha256: 'm'.repeat(64), adapterSha256: null, servedModel: null },
      engine: { name: 'transformers', device: 'cpu', dtype: 'fp32', threads: 2 },
      chatTemplate: { name: 'llamafactory:smollm2', sha256: 'a'.repeat(64), system: '', sourceSha256: null },
      decoding: { strategy: 'greedy', temperature: 0, maxNewTokens: 8, stop: 'eos' },
      seed: 0,
      batchSize: 8,
    });
    expect(fingerprint.task.sampleIdsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the digest when only batch size, threads or device change, and changes it for anything that changes outputs by design', () => {
    const digest = buildEvaluationFingerprint(input).digest;
    expect(buildEvaluationFingerprint({ ...input, engine: { ...engine, batchSize: 1, threads: 16, device: 'cuda' } }).digest).toBe(digest);
    expect(buildEvaluationFingerprint({ ...input, engine: { ...engine, versions: { transformers: '4.57.1', torch: '2.8.0', python: '3.11.7' } } }).digest).toBe(
      digest,
    );
    for (const changed of [
      { ...input, sampleIds: ['a', 'c', 'b'] },
      { ...input, maxNewTokens: 16 },
      { ...input, engine: { ...engine, adapterSha256: 'b'.repeat(64) } },
      { ...input, engine: { ...engine, modelSha256: 'n'.repeat(64) } },
      { ...input, engine: { ...engine, chatTemplate: { ...engine.chatTemplate!, sha256: 'c'.repeat(64) } } },
      { ...input, engine: { ...engine, dtype: 'bf16' } },
      { ...input, scoring: 'official' as const },
    ]) {
      expect(buildEvaluationFingerprint(changed).digest).not.toBe(digest);
    }
  });
});

describe('compareFingerprints', () => {
  const left = buildEvaluationFingerprint(input);
  it('finds nothing between an evaluation and itself', () => {
    expect(compareFingerprints(left, buildEvaluationFingerprint(input))).toEqual([]);
  });
  it('marks batch size and threads as computed differently, and another adapter or template as another evaluation', () => {
    const batched = buildEvaluationFingerprint({ ...input, engine: { ...engine, batchSize: 1, threads: 1 } });
    expect(compareFingerprints(left, batched)).toEqual([
      { field: 'batchSize', left: 8, right: 1, kind: 'computed' },
      { field: 'engine.threads', left: 2, right: 1, kind: 'computed' },
    ]);
    const other = buildEvaluationFingerprint({
      ...input,
      maxNewTokens: 32,
      engine: { ...engine, adapterSha256: 'b'.repeat(64), chatTemplate: null, engine: 'openai-compatible' },
    });
    expect(compareFingerprints(left, other).map((difference) => [difference.field, difference.kind])).toEqual([
      ['model.adapter', 'evaluated'],
      ['chatTemplate', 'evaluated'],
      ['decoding', 'evaluated'],
      ['engine.name', 'computed'],
      ['engine.backend', 'computed'],
    ]);
  });

  it('marks another scoring mode as another evaluation: the scores measure different things', () => {
    const official = buildEvaluationFingerprint({ ...input, scoring: 'official' });
    expect(compareFingerprints(left, official)).toEqual([{ field: 'scoring', left: 'corrected', right: 'official', kind: 'evaluated' }]);
  });

  it('records which backend generated: hf for transformers here, vllm, or endpoint', () => {
    expect(buildEvaluationFingerprint(input).engine.backend).toBe('hf');
    expect(buildEvaluationFingerprint({ ...input, engine: { ...engine, backend: 'hf' } }).engine.backend).toBe('hf');
    const vllm = buildEvaluationFingerprint({ ...input, engine: { ...engine, engine: 'vllm', backend: 'vllm', device: 'cuda' } });
    expect(vllm.engine).toMatchObject({ name: 'vllm', backend: 'vllm' });
    expect(compareFingerprints(left, vllm).map((difference) => difference.field)).toEqual(['engine.name', 'engine.backend', 'engine.device']);
    // A fingerprint written before the backend was recorded reads as the backend its engine implies.
    const { backend: _backend, ...oldEngine } = left.engine;
    const old = EvaluationFingerprintSchema.parse({ ...left, engine: oldEngine });
    expect(compareFingerprints(old, left)).toEqual([]);
  });
});

describe('constrained choice decoding in the fingerprint (version 3)', () => {
  const free = buildEvaluationFingerprint(input);
  const constrained = buildEvaluationFingerprint({ ...input, decoding: { mode: 'choice', choices: ['A', 'B', 'C', 'D'] } });

  it('records the options and one token read, and validates against its schema', () => {
    expect(constrained.decoding).toEqual({ strategy: 'choice', choices: ['A', 'B', 'C', 'D'], temperature: 0, maxNewTokens: 1 });
    expect(EvaluationFingerprintSchema.parse(constrained)).toEqual(constrained);
    // Free generation is written as before: absent and explicit 'free' are the same fingerprint.
    expect(buildEvaluationFingerprint({ ...input, decoding: { mode: 'free' } })).toEqual(free);
    expect(free.decoding).toEqual({ strategy: 'greedy', temperature: 0, maxNewTokens: 8, stop: 'eos' });
  });

  it('never compares silently with free generation: another digest, and decoding marked as another evaluation', () => {
    expect(constrained.digest).not.toBe(free.digest);
    expect(compareFingerprints(free, constrained)).toEqual([{ field: 'decoding', left: free.decoding, right: constrained.decoding, kind: 'evaluated' }]);
    const fiveOptions = buildEvaluationFingerprint({ ...input, decoding: { mode: 'choice', choices: ['A', 'B', 'C', 'D', 'E'] } });
    expect(fiveOptions.digest).not.toBe(constrained.digest);
    // The profile's token limit does not change what a constrained evaluation reads.
    expect(buildEvaluationFingerprint({ ...input, maxNewTokens: 1024, decoding: { mode: 'choice', choices: ['A', 'B', 'C', 'D'] } }).digest).toBe(
      constrained.digest,
    );
  });

  it('reads a version-2 fingerprint (free decoding only) as version 3 with the digest it had', () => {
    const v2 = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'evaluation-fingerprint-v2.example.json'), 'utf8')) as {
      schemaVersion: number;
      digest: string;
    };
    expect(v2.schemaVersion).toBe(2);
    const read = EvaluationFingerprintSchema.parse(v2);
    expect(read).toMatchObject({ schemaVersion: 3, scoring: 'official', decoding: { strategy: 'greedy', maxNewTokens: 1024 }, digest: v2.digest });
    expect(fingerprintDigest(read)).toBe(v2.digest);
  });

  it('refuses a choice decoding that reads more than one token or has fewer than two options', () => {
    expect(EvaluationFingerprintSchema.safeParse({ ...constrained, decoding: { ...constrained.decoding, maxNewTokens: 8 } }).success).toBe(false);
    expect(EvaluationFingerprintSchema.safeParse({ ...constrained, decoding: { ...constrained.decoding, choices: ['A'] } }).success).toBe(false);
  });
});
