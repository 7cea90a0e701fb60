import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProfileSpec, Sample, TaskSpec } from '../core/index.js';
import { TaskSpecSchema } from '../core/index.js';
import { createScriptedBackend } from '../testing/scripted-backend.js';
import { evaluate } from './evaluate.js';
import { EvaluationRecordSchema } from './evaluation-records.js';
import { readEvaluationReport } from './evaluation-report.js';

const profile = (maxNewTokens: number): ProfileSpec => ({
  baseModel: 'test',
  budget: { wallClockSeconds: 60, sampleCap: 10 },
  validationSize: 6,
  testSize: 0,
  maxNewTokens,
  dataFrom: 'mirror',
  splitRule: 'fixed',
  deviations: [],
});

const task: TaskSpec = TaskSpecSchema.parse({
  schemaVersion: 1,
  id: 'letters',
  title: 'Letters',
  domain: 'finance',
  paperTask: false,
  description: 'Pick a letter.',
  outputFormat: { description: 'one letter', example: 'B' },
  sources: [],
  heldOutFrom: [],
  metrics: [
    { name: 'accuracy', scorer: 'choice-letter', params: { letters: ['A', 'B', 'C', 'D'] }, direction: 'higher', primary: true },
    { name: 'exact', scorer: 'exact-match', direction: 'higher', subtasks: ['second'] },
  ],
  profiles: { paper: profile(64), mini: profile(8) },
});

const sample = (id: string, reference: string, subtask = 'first'): Sample => ({
  id,
  subtask,
  prompt: `question ${id}`,
  reference,
  target: reference,
  meta: {},
});
const samples = [
  sample('right', 'B'),
  sample('wrong', 'C'),
  sample('cut-wrong', 'A'),
  sample('cut-unreadable', 'D', 'second'),
  sample('rambling', 'A', 'second'),
  sample('silent', 'B'),
  sample('beyond-limit', 'A'),
];

const script: Record<string, { output: string; finishReason?: 'stop' | 'length' }> = {
  right: { output: 'B' },
  wrong: { output: 'A' },
  'cut-wrong': { output: 'B. because the', finishReason: 'length' },
  'cut-unreadable': { output: 'Let me think about', finishReason: 'length' },
  rambling: { output: 'It could be A or B' },
  silent: { output: '  ' },
};

describe('evaluate (scripted backend)', () => {
  it("generates with the profile's token limit, scores, and writes one categorised record per sample and a report", async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'ftdojo-evaluate-'));
    const backend = createScriptedBackend((request) => script[request.id]!);
    const progress: number[] = [];
    const result = await evaluate({
      task,
      profile: 'mini',
      split: 'validation',
      samples,
      backend,
      outDir,
      limit: 6,
      batchSize: 4,
      bootstrap: { resamples: 50, seed: 0 },
      onProgress: (update) => progress.push(update.done),
    });

    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0]).toMatchObject({ maxNewTokens: 8, batchSize: 4 });
    expect(backend.calls[0]!.requests.map((request) => request.id)).toEqual(['right', 'wrong', 'cut-wrong', 'cut-unreadable', 'rambling', 'silent']);
    expect(backend.calls[0]!.requests[0]!.messages).toEqual([{ role: 'user', content: 'question right' }]);
    expect(progress.at(-1)).toBe(6);

    expect(result.report.primary).toMatchObject({ metric: 'accuracy', value: 1 / 6, count: 6 });
    const records = readFileSync(result.recordsPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => EvaluationRecordSchema.parse(JSON.parse(line)));
    expect(records).toEqual(result.records);
    expect(records.map((record) => [record.id, record.category, record.extracted, record.finishReason])).toEqual([
      ['right', null, 'B', 'stop'],
      ['wrong', 'wrong-answer', 'A', 'stop'],
      ['cut-wrong', 'wrong-answer', 'B', 'length'],
      ['cut-unreadable', 'truncated', null, 'length'],
      ['rambling', 'format-error', null, 'stop'],
      ['silent', 'empty', null, 'stop'],
    ]);
    // Metrics restricted to subtasks appear only on their samples.
    expect(records[0]!.metrics).toEqual({ accuracy: 1 });
    expect(records[3]!.metrics).toEqual({ accuracy: 0, exact: 0 });
    expect(records[3]).toMatchObject({ subtask: 'second', decidedBy: 'accuracy', prompt: 'question cut-unreadable', output: 'Let me think about' });

    const file = await readEvaluationReport(result.reportPath);
    expect(file.report).toEqual(result.report);
    expect(file.fingerprint).toEqual(result.fingerprint);
    expect(file.categories).toEqual({ correct: 1, 'wrong-answer': 2, truncated: 1, 'format-error': 1, empty: 1, undecided: 0 });
    expect(file.fingerprint.task).toMatchObject({ id: 'letters', profile: 'mini', split: 'validation', samples: 6, limit: 6 });
    expect(file.fingerprint.decoding).toEqual({ strategy: 'greedy', temperature: 0, maxNewTokens: 8, stop: 'eos' });
    expect(file.fingerprint.batchSize).toBe(4);
    expect(file.backend).toBe('scripted');
  });

  it('takes an explicit token limit and refuses an empty selection or a bad limit', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'ftdojo-evaluate-'));
    const backend = createScriptedBackend(() => 'B');
    const result = await evaluate({
      task,
      profile: 'paper',
      split: 'validation',
      samples: samples.slice(0, 2),
      backend,
      outDir,
      maxNewTokens: 3,
      bootstrap: { resamples: 0, seed: 0 },
    });
    expect(backend.calls[0]!.maxNewTokens).toBe(3);
    expect(result.fingerprint.decoding.maxNewTokens).toBe(3);
    await expect(evaluate({ task, profile: 'mini', split: 'test', samples: [], backend, outDir })).rejects.toThrow(/has no samples/);
    await expect(evaluate({ task, profile: 'mini', split: 'test', samples, backend, outDir, limit: 0 })).rejects.toThrow(/positive whole number/);
  });
});

describe('evaluate with constrained choice decoding (scripted backend)', () => {
  const quiz: TaskSpec = { ...task, id: 'quiz', metrics: [task.metrics[0]!] };
  const quizSamples = [sample('q1', 'B'), sample('q2', 'C'), sample('q3', 'A')];
  // Free answers a scorer reads as B, C-then-rambling and nothing; constrained picks are letters.
  const free: Record<string, string> = { q1: 'B', q2: 'It could be C or D', q3: 'Hmm' };
  const picks: Record<string, string> = { q1: 'B', q2: 'D', q3: 'A' };

  it('constrains a multiple-choice task by default: the options go to the backend, its letters are scored as text is, and the fingerprint says so', async () => {
    const backend = createScriptedBackend((request) => free[request.id]!, { choose: (request) => picks[request.id]! });
    const result = await evaluate({
      task: quiz,
      profile: 'mini',
      split: 'validation',
      samples: quizSamples,
      backend,
      outDir: mkdtempSync(join(tmpdir(), 'ftdojo-evaluate-')),
    });
    expect(backend.calls[0]!.choices).toEqual(['A', 'B', 'C', 'D']);
    expect(result.records.map((record) => [record.output, record.extracted, record.metrics.accuracy])).toEqual([
      ['B', 'B', 1],
      ['D', 'D', 0],
      ['A', 'A', 1],
    ]);
    expect(result.fingerprint.decoding).toEqual({ strategy: 'choice', choices: ['A', 'B', 'C', 'D'], temperature: 0, maxNewTokens: 1 });
    const file = await readEvaluationReport(result.reportPath);
    expect(file.fingerprint).toEqual(result.fingerprint);
    expect(file.decoding).toEqual({ requested: null, reason: 'constrained to the options A, B, C, D (one forward pass per sample)' });

    // The same model asked for free generation: other outputs, another digest.
    const freely = await evaluate({
      task: quiz,
      profile: 'mini',
      split: 'validation',
      samples: quizSamples,
      backend,
      outDir: mkdtempSync(join(tmpdir(), 'ftdojo-evaluate-')),
      decoding: 'free',
    });
    expect(backend.calls[1]!.choices).toBeUndefined();
    expect(freely.records.map((record) => record.output)).toEqual(['B', 'It could be C or D', 'Hmm']);
    expect(freely.fingerprint.decoding.strategy).toBe('greedy');
    expect(freely.fingerprint.digest).not.toBe(result.fingerprint.digest);
  });

  it('generates freely on a backend that cannot constrain and records why; one that was asked and did not is recorded as free', async () => {
    const endpointLike = createScriptedBackend((request) => free[request.id]!);
    const result = await evaluate({
      task: quiz,
      profile: 'mini',
      split: 'validation',
      samples: quizSamples,
      backend: endpointLike,
      outDir: mkdtempSync(join(tmpdir(), 'ftdojo-evaluate-')),
    });
    expect(endpointLike.calls[0]!.choices).toBeUndefined();
    expect(result.fingerprint.decoding.strategy).toBe('greedy');
    expect((await readEvaluationReport(result.reportPath)).decoding?.reason).toBe('free generation: scripted cannot constrain its decoding to options');
    await expect(
      evaluate({
        task: quiz,
        profile: 'mini',
        split: 'validation',
        samples: quizSamples,
        backend: endpointLike,
        outDir: mkdtempSync(join(tmpdir(), 'ftdojo-e-')),
        decoding: 'constrained',
      }),
    ).rejects.toThrow(/cannot constrain/);

    // Claims to constrain, then generates freely: the fingerprint records what it did.
    const claims = { ...createScriptedBackend((request) => free[request.id]!), constrainsChoices: true };
    const claimed = await evaluate({
      task: quiz,
      profile: 'mini',
      split: 'validation',
      samples: quizSamples,
      backend: claims,
      outDir: mkdtempSync(join(tmpdir(), 'ftdojo-evaluate-')),
    });
    expect(claims.calls[0]!.choices).toEqual(['A', 'B', 'C', 'D']);
    expect(claimed.fingerprint.decoding.strategy).toBe('greedy');
    expect(claimed.decoding).toMatchObject({ mode: 'free', reason: 'free generation: scripted did not constrain its decoding' });
  });
});
