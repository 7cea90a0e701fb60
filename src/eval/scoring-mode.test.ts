import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ProfileSpec, Sample, TaskSpec } from '../core/index.js';
import { FtdojoError, profileScoringMode, TaskSpecSchema } from '../core/index.js';
import { createScriptedBackend } from '../testing/scripted-backend.js';
import { evaluate } from './evaluate.js';
import { EvaluationFingerprintSchema, fingerprintDigest } from './evaluation-fingerprint.js';
import { readEvaluationReport } from './evaluation-report.js';
import { rescoreEvaluation } from './rescore-evaluation.js';
import { scorePredictions } from './score-predictions.js';
import type { ScorerEntry } from './scorer.js';
import { createScorerLibrary, scorerTakesScoringMode } from './scorer-library.js';
import { defineScorer } from './scorers/define-scorer.js';
import { ScoringParamSchema } from './scoring-mode.js';

const fixtures = join(import.meta.dirname, 'fixtures');

/** A scorer that says which mode it was created in: right is 1 in `corrected`, anything non-empty is 1 in `official`. */
const modal: ScorerEntry = {
  id: 'modal',
  description: 'test',
  direction: 'higher',
  params: z.strictObject({ scoring: ScoringParamSchema }),
  async create(params: { scoring: 'official' | 'corrected' }) {
    return defineScorer({
      id: 'modal',
      direction: 'higher',
      best: 1,
      score: (output, sample) => ({
        id: sample.id,
        value: params.scoring === 'official' ? (output ? 1 : 0) : output === sample.reference ? 1 : 0,
        formatError: false,
        extracted: params.scoring,
      }),
    });
  },
};
/** A scorer with one behaviour: it takes no params at all. */
const plain: ScorerEntry = {
  id: 'plain',
  description: 'test',
  direction: 'higher',
  params: z.strictObject({}),
  async create() {
    return defineScorer({
      id: 'plain',
      direction: 'higher',
      best: 1,
      score: (output, sample) => ({ id: sample.id, value: output === sample.reference ? 1 : 0, formatError: false }),
    });
  },
};
const library = createScorerLibrary([modal, plain]);

const profile: ProfileSpec = {
  baseModel: 'test',
  budget: { wallClockSeconds: 60, sampleCap: 10 },
  validationSize: 3,
  testSize: 0,
  maxNewTokens: 8,
  dataFrom: 'mirror',
  splitRule: 'fixed',
  deviations: [],
};
const task: TaskSpec = TaskSpecSchema.parse({
  schemaVersion: 1,
  id: 'modes',
  title: 'Modes',
  domain: 'finance',
  paperTask: false,
  description: 'x',
  outputFormat: { description: 'x', example: 'x' },
  sources: [],
  heldOutFrom: [],
  metrics: [
    { name: 'modal', scorer: 'modal', direction: 'higher', primary: true },
    { name: 'plain', scorer: 'plain', direction: 'higher' },
  ],
  profiles: { paper: profile, mini: profile },
});
const sample = (id: string, reference: string): Sample => ({ id, prompt: `q ${id}`, reference, target: reference, meta: {} });
const samples = [sample('a', 'A'), sample('b', 'B'), sample('c', 'C')];
const predictions = [
  { id: 'a', output: 'A' },
  { id: 'b', output: 'x' },
  { id: 'c', output: '' },
];

describe('scoring modes', () => {
  it('default by profile: paper reports official, mini corrected, and a profile may name its own', () => {
    expect(profileScoringMode(task, 'paper')).toBe('official');
    expect(profileScoringMode(task, 'mini')).toBe('corrected');
    expect(profileScoringMode({ profiles: { paper: { scoring: 'corrected' }, mini: {} } }, 'paper')).toBe('corrected');
  });

  it('reach each scorer as params.scoring, and are left out for a scorer that scores alike in both', async () => {
    expect(scorerTakesScoringMode(modal)).toBe(true);
    expect(scorerTakesScoringMode(plain)).toBe(false);
    const official = await scorePredictions({
      task,
      profile: 'paper',
      split: 'validation',
      samples,
      predictions,
      library,
      bootstrap: { resamples: 0, seed: 0 },
    });
    expect(official.scoring).toBe('official');
    expect(official.metrics.map((metric) => [metric.metric, metric.value])).toEqual([
      ['modal', 2 / 3],
      ['plain', 1 / 3],
    ]);
    expect(official.outcomes.modal![0]!.extracted).toBe('official');
    const corrected = await scorePredictions({ task, profile: 'paper', split: 'validation', samples, predictions, library, scoring: 'corrected' });
    expect(corrected.scoring).toBe('corrected');
    expect(corrected.primary.value).toBeCloseTo(1 / 3);
    expect((await scorePredictions({ task, profile: 'mini', split: 'validation', samples, predictions, library })).scoring).toBe('corrected');
  });

  it('refuse a mode that is neither, with the fix', async () => {
    const error = await library.create('plain', { scoring: 'paper' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FtdojoError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', hint: expect.stringContaining('"official"') });
  });
});

describe('the mode in evaluation artefacts', () => {
  it('is in the report and the fingerprint, and rescoring kept outputs in the other mode changes only the mode and its digest', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'ftdojo-modes-'));
    const backend = createScriptedBackend((request) => predictions.find((prediction) => `q ${prediction.id}` === request.messages[0]!.content)!.output);
    const result = await evaluate({ task, profile: 'mini', split: 'validation', samples, backend, outDir, library });
    expect(result.report.scoring).toBe('corrected');
    expect(result.fingerprint.scoring).toBe('corrected');
    const reportPath = result.reportPath;
    const corrected = await readEvaluationReport(reportPath);

    const official = await rescoreEvaluation({ reportPath, task, samples, scoring: 'official', library });
    expect(backend.calls).toHaveLength(1); // no generation again
    expect(official.report.scoring).toBe('official');
    expect(official.report.primary.value).toBeCloseTo(2 / 3);
    const { scoring: _a, digest: officialDigest, ...officialRest } = official.fingerprint;
    const { scoring: _b, digest: correctedDigest, ...correctedRest } = corrected.fingerprint;
    expect(officialRest).toEqual(correctedRest);
    expect(officialDigest).not.toBe(correctedDigest);
    expect(await readEvaluationReport(reportPath)).toEqual(official);
    expect(readFileSync(join(outDir, 'records.jsonl'), 'utf8')).toContain('"modal":1');

    const back = await rescoreEvaluation({ reportPath, task, samples, scoring: 'corrected', library });
    expect(back.fingerprint.digest).toBe(correctedDigest);
    expect(back.report.primary.value).toBeCloseTo(1 / 3);
  });

  it('reads a version-1 fingerprint (written before modes) as corrected, with the digest it had', () => {
    const v1 = JSON.parse(readFileSync(join(fixtures, 'evaluation-fingerprint-v1.example.json'), 'utf8')) as { schemaVersion: number; digest: string };
    expect(v1.schemaVersion).toBe(1);
    const read = EvaluationFingerprintSchema.parse(v1);
    expect(read).toMatchObject({ schemaVersion: 3, scoring: 'corrected', digest: v1.digest });
    expect(fingerprintDigest(read)).toBe(v1.digest);
    expect(fingerprintDigest({ ...read, scoring: 'official' })).not.toBe(v1.digest);
  });

  it('reads a real version-1 report.json (a base model held-out test of 2026-12-03) as corrected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftdojo-v1-report-'));
    cpSync(join(fixtures, 'evaluation-report-v1.financeiq-base-test-2026-12-03.json'), join(dir, 'report.json'));
    const file = await readEvaluationReport(join(dir, 'report.json'));
    expect(file).toMatchObject({
      schemaVersion: 2,
      report: { scoring: 'corrected', task: 'financeiq' },
      fingerprint: { schemaVersion: 3, scoring: 'corrected' },
    });
  });
});
