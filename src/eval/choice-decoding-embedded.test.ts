import { mkdtempSync, readFileSync } from 'node:fs';
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
import { generationRequest } from './evaluate.js';
import { EvaluationRecordSchema } from './evaluation-records.js';
import { evaluateReusing } from './reuse-evaluation.js';

/**
 * Constrained choice decoding for real: the embedded SmolLM2 on 3 FinanceIQ mini validation
 * questions through generate.py (choice_decoding.py), and the kept evaluation checked against
 * describe_engine.py's facts before it is reused.
 */
const runtime = testRuntime();
const mirror = testMirror();
const skip = 'skip' in runtime ? runtime.skip : mirror === null ? 'no offline data mirror (set FTDOJO_DATA_MIRROR)' : null;
if (skip) console.warn(`constrained decoding tests skipped: ${skip}`);
const LETTERS = ['A', 'B', 'C', 'D'];

async function financeiqValidation(count: number): Promise<Sample[]> {
  const repository = createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror! }));
  const splits = await getTask('financeiq').buildSplits(repository, 'mini');
  return splits.validation.slice(0, count);
}

const readRecords = (outDir: string) =>
  readFileSync(join(outDir, 'records.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => EvaluationRecordSchema.parse(JSON.parse(line)));

describe('constrained choice decoding with the embedded model (real generation)', () => {
  it.skipIf(skip !== null)(
    "answers with the option the model ranks first, agrees with free generation's first token and with unpadded prompts, and a kept evaluation is reused by fingerprint",
    async () => {
      if ('skip' in runtime) return;
      const samples = await financeiqValidation(3);
      const task = getTask('financeiq').spec;
      const backend = createLocalBackend(runtime.config, runtime.model, { promptFormat: runtime.promptFormat });
      const outDir = mkdtempSync(join(tmpdir(), 'ftdojo-choice-embedded-'));
      const lines: string[] = [];
      const input = {
        task,
        profile: 'mini' as const,
        split: 'validation',
        samples,
        backend,
        outDir,
        batchSize: 3,
        bootstrap: { resamples: 0, seed: 0 },
        log: (line: string) => void lines.push(line),
      };

      const first = await evaluateReusing(input);
      expect(first.outcome).toEqual({ kind: 'evaluated', reason: 'nothing kept' });
      expect(first.file.fingerprint.decoding).toEqual({ strategy: 'choice', choices: LETTERS, temperature: 0, maxNewTokens: 1 });
      expect(first.file.decoding).toEqual({ requested: null, reason: 'constrained to the options A, B, C, D (one forward pass per sample)' });
      const records = readRecords(outDir);
      expect(records.map((record) => record.id)).toEqual(samples.map((sample) => sample.id));
      for (const record of records) {
        expect(LETTERS).toContain(record.output);
        expect(record).toMatchObject({ extracted: record.output, finishReason: 'stop', outputTokens: 1, formatError: false });
      }

      const requests = samples.map(generationRequest);

      // Left padding must not move the choice: the same prompts one at a time, unpadded.
      const single = await createLocalBackend(runtime.config, runtime.model, { promptFormat: runtime.promptFormat, oneAtATime: true }).generate(requests, {
        maxNewTokens: 8,
        choices: LETTERS,
      });
      expect(single.decoding).toEqual({ mode: 'choice', choices: LETTERS });
      expect(single.outputs.map((output) => output.output)).toEqual(records.map((record) => record.output));

      // describe_engine.py's facts are the ones generation recorded: the kept evaluation is reused.
      const again = await evaluateReusing(input);
      expect(again.outcome).toEqual({ kind: 'reused' });
      expect(again.file).toEqual(first.file);
      // Asked for free generation (its first token), the kept constrained evaluation is not reused, and the log says why.
      const freely = await evaluateReusing({ ...input, decoding: 'free', maxNewTokens: 1 });
      expect(freely.outcome.kind === 'evaluated' && freely.outcome.reason).toMatch(/^the kept fingerprint differs: decoding \{"strategy":"choice"/);
      expect(lines.at(-1)).toMatch(/^evaluating: the kept fingerprint differs: decoding/);
      expect(freely.file.fingerprint.decoding).toEqual({ strategy: 'greedy', temperature: 0, maxNewTokens: 1, stop: 'eos' });

      // Free greedy generation's first token is the argmax over the whole vocabulary: where it is
      // an option (with or without its leading space), the argmax over the options is the same.
      const freeFirst = readRecords(outDir).map((record) => record.output.trim());
      const startsWithOption = freeFirst.flatMap((letter, index) => (LETTERS.includes(letter) ? [[letter, records[index]!.output]] : []));
      // SmolLM2 starts its answer with the letter on these questions ("C. 相同"): the comparison is not empty.
      expect(startsWithOption.length).toBeGreaterThan(0);
      for (const [freeLetter, constrained] of startsWithOption) expect(constrained).toBe(freeLetter);
    },
    600_000,
  );
});
