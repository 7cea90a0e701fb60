import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../config/index.js';
import type { Sample } from '../core/index.js';
import { createDataRepository } from '../data/index.js';
import { createLocalBackend } from '../runtime/index.js';
import { getTask } from '../tasks/index.js';
import { testMirror } from '../testing/mirror.js';
import { testRuntime } from '../testing/runtime.js';
import { evaluate, generationRequest } from './evaluate.js';
import { EvaluationRecordSchema } from './evaluation-records.js';

/**
 * A real evaluation, nothing mocked: the embedded SmolLM2 generates greedily for 4 FinanceIQ
 * mini validation questions (8 new tokens, the profile's limit) through generate.py, and the
 * outputs are scored with the catalogue's scorer.
 */
const runtime = testRuntime();
const mirror = testMirror();
const skip = 'skip' in runtime ? runtime.skip : mirror === null ? 'no offline data mirror (set FTDOJO_DATA_MIRROR)' : null;
if (skip) console.warn(`embedded evaluation tests skipped: ${skip}`);

const PROMPT_AROUND = '<|im_start|>user\n{{content}}<|im_end|>\n<|im_start|>assistant\n';

async function financeiqValidation(count: number): Promise<Sample[]> {
  const repository = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
  const splits = await getTask('financeiq').buildSplits(repository, 'mini');
  return splits.validation.slice(0, count);
}

describe('evaluate with the embedded model (real generation)', () => {
  it.skipIf(skip !== null)(
    'writes records and a fingerprint, agrees with one-at-a-time generation, and resumes after a crash',
    async () => {
      if ('skip' in runtime) return;
      const samples = await financeiqValidation(4);
      const outDir = mkdtempSync(join(tmpdir(), 'ftdojo-eval-embedded-'));
      const backend = createLocalBackend(runtime.config, runtime.model, { promptFormat: runtime.promptFormat });
      const task = getTask('financeiq').spec;
      const result = await evaluate({
        task,
        profile: 'mini',
        split: 'validation',
        samples,
        backend,
        outDir,
        batchSize: 4,
        bootstrap: { resamples: 0, seed: 0 },
        // Free generation is what this test compares (constrained choice decoding: choice-decoding-embedded.test.ts).
        decoding: 'free',
      });

      const records = readFileSync(result.recordsPath, 'utf8')
        .trim()
        .split('\n')
        .map((line) => EvaluationRecordSchema.parse(JSON.parse(line)));
      expect(records.map((record) => record.id)).toEqual(samples.map((sample) => sample.id));
      for (const [index, record] of records.entries()) {
        expect(record.prompt).toBe(samples[index]!.prompt);
        expect(record.output.length).toBeGreaterThan(0);
        expect(['stop', 'length']).toContain(record.finishReason);
        expect(record.outputTokens).toBeGreaterThan(0);
        expect(record.outputTokens).toBeLessThanOrEqual(8);
        expect(record.promptTokens).toBeGreaterThan(50);
        expect(record.metrics.accuracy === 0 || record.metrics.accuracy === 1).toBe(true);
        expect(record.category === null).toBe(record.metrics.accuracy === 1);
      }
      expect(result.report.primary).toMatchObject({ metric: 'accuracy', count: 4 });

      const { fingerprint } = result;
      expect(fingerprint.engine).toMatchObject({ name: 'transformers', dtype: 'fp32' });
      expect(Object.keys(fingerprint.engine.versions)).toEqual(expect.arrayContaining(['python', 'torch', 'transformers', 'peft']));
      // The prompt is exactly what LLaMA-Factory's smollm2 template with default_system "" trains on:
      // no system turn (src/runtime/llamafactory/training-prompt-match.test.ts checks it against training itself).
      expect(fingerprint.chatTemplate).toMatchObject({ name: 'llamafactory:smollm2', system: '', rendered: PROMPT_AROUND });
      expect(fingerprint.chatTemplate!.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(fingerprint.model.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(fingerprint.model.adapterSha256).toBeNull();
      expect(fingerprint).toMatchObject({
        batchSize: 4,
        seed: 0,
        decoding: { strategy: 'greedy', maxNewTokens: 8 },
        task: { id: 'financeiq', profile: 'mini', split: 'validation', samples: 4 },
      });

      // Left padding must not change greedy outputs: generate the same prompts one at a time,
      // unpadded, in request order. The answer letter (first token) must agree; in fp32 the whole
      // outputs agree too (measured: 32/32 FinanceIQ and 16/16 TableBench prompts identical). Padding
      // changes matrix shapes and so the order of float sums: on other kernels a near-tie late in
      // an output could flip, which would show here as a full-output mismatch with equal letters.
      const single = await createLocalBackend(runtime.config, runtime.model, { promptFormat: runtime.promptFormat, oneAtATime: true }).generate(
        samples.map(generationRequest),
        { maxNewTokens: 8 },
      );
      expect(single.engine.batchSize).toBe(1);
      expect(single.outputs.map((output) => output.output.slice(0, 1))).toEqual(records.map((record) => record.output.slice(0, 1)));
      expect(single.outputs.map((output) => output.output)).toEqual(records.map((record) => record.output));
      expect(single.outputs.map((output) => output.promptTokens)).toEqual(records.map((record) => record.promptTokens));

      // Resuming: as if the process had died while writing the fourth output, run the same
      // evaluation into the same folder. The torn line is cut, three outputs are kept, one is made.
      const generations = join(outDir, 'generation', 'generations.jsonl');
      const lines = readFileSync(generations, 'utf8').trim().split('\n');
      writeFileSync(generations, `${lines.slice(0, 3).join('\n')}\n${lines[3]!.slice(0, 10)}`);
      const resumed = await evaluate({
        task,
        profile: 'mini',
        split: 'validation',
        samples,
        backend,
        outDir,
        batchSize: 4,
        bootstrap: { resamples: 0, seed: 0 },
        decoding: 'free',
      });
      expect(resumed.stats).toMatchObject({ resumed: 3, samples: 1 });
      expect(resumed.records.map((record) => record.output)).toEqual(records.map((record) => record.output));
      expect(readFileSync(generations, 'utf8').trim().split('\n')).toHaveLength(4);
      // Another token limit is another evaluation: the folder refuses it instead of mixing the two.
      await expect(
        evaluate({ task, profile: 'mini', split: 'validation', samples, backend, outDir, batchSize: 4, maxNewTokens: 4, decoding: 'free' }),
      ).rejects.toThrow(/holds generations made with other settings/);
    },
    300_000,
  );
});
