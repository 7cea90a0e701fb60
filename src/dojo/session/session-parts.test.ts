import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FtdojoError } from '../../core/index.js';
import { rejectionOf } from '../../testing/refusal.js';
import { createPoolReader } from './pool-reader.js';
import { budgetStatus, createSessionClock, precisionCheckSpeed, projectRun, speedBeforeTraining } from './session-budget.js';
import { budgetRefusal } from './session-refusals.js';
import { MAX_SUBMISSION_BYTES, writeSubmissionFiles } from './submission-files.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-session-parts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const GOOD = { 'process_data.py': 'print(1)\n', 'train.yaml': 'learning_rate: 1.0e-4\n' };

describe('speedBeforeTraining', () => {
  const variant = (secondsPerStep: number | null) => ({ secondsPerStep, stepSeconds: [], loss: 2, lossFinite: true, error: null });
  const decision = (precision: 'fp32' | 'bf16') => ({
    schemaVersion: 1 as const,
    precision,
    source: 'measured' as const,
    reason: 'measured',
    speedup: 1.49,
    measurement: {
      schemaVersion: 1 as const,
      torch: '2.5',
      threads: 2,
      modelDtype: 'float32',
      batchSize: 2,
      sequenceLength: 128,
      steps: 3,
      loadSeconds: 2,
      variants: { fp32: variant(1.93), bf16: variant(1.29) },
    },
    cpuModel: 'AMD EPYC',
    decidedAt: '2026-12-03T00:00:00Z',
  });

  it("plans a CPU session's first experiment at the precision check's speed, scaled to a real training", () => {
    // bf16: 256 tokens in 1.29 s = 198 tokens/s, three quarters of it.
    expect(speedBeforeTraining('cpu', precisionCheckSpeed(decision('bf16')))).toEqual({
      tokensPerSecond: 148.8,
      basis: 'measured by the CPU precision check (bf16 198 tokens/s, x0.75 for a real training)',
    });
    expect(speedBeforeTraining('cpu', precisionCheckSpeed(decision('fp32'))).tokensPerSecond).toBe(99.5);
  });

  it('assumes a speed when nothing measured one, and on a GPU', () => {
    expect(speedBeforeTraining('cpu', null)).toEqual({ tokensPerSecond: 60, basis: 'assumed for the cpu' });
    expect(speedBeforeTraining('cpu', precisionCheckSpeed({ ...decision('bf16'), measurement: null }))).toMatchObject({ tokensPerSecond: 60 });
    expect(speedBeforeTraining('gpu', precisionCheckSpeed(decision('bf16')))).toEqual({ tokensPerSecond: 2400, basis: 'assumed for the gpu' });
  });
});

describe('writeSubmissionFiles', () => {
  it('writes the files, nested folders included, into a new folder', async () => {
    await writeSubmissionFiles(join(root, 'a'), { ...GOOD, 'lib/helpers.py': 'x = 1\n' });
    expect(readFileSync(join(root, 'a', 'lib', 'helpers.py'), 'utf8')).toBe('x = 1\n');
  });

  it.each([
    [{ ...GOOD, '../escape.py': '' }, /not a relative path inside the workspace/],
    [{ ...GOOD, '/etc/passwd': '' }, /not a relative path inside the workspace/],
    [{ ...GOOD, 'a/./b': '' }, /not a relative path inside the workspace/],
    [{ 'train.yaml': '' }, /no data script \(got train.yaml\)/],
    [{ 'process_data.py': '' }, /no train.yaml/],
    [
      {
        ...GOOD,
        'big.txt': 'x'.repeat(900_000),
        'big2.txt': 'x'.repeat(900_000),
        'big3.txt': 'x'.repeat(900_000),
        'big4.txt': 'x'.repeat(900_000),
        'big5.txt': 'x'.repeat(900_000),
      },
      new RegExp(`more than ${MAX_SUBMISSION_BYTES}`),
    ],
  ])('refuses %#: a clear error, nothing written', async (files, message) => {
    const folder = join(root, `bad-${Math.random().toString(36).slice(2)}`);
    const error = await rejectionOf(writeSubmissionFiles(folder, files), FtdojoError);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(message);
    expect(existsSync(folder)).toBe(false);
  });

  it('never overwrites a folder that exists (what was recorded stays)', async () => {
    mkdirSync(join(root, 'taken'));
    writeFileSync(join(root, 'taken', 'train.yaml'), 'kept\n');
    const error = await rejectionOf(writeSubmissionFiles(join(root, 'taken'), GOOD), FtdojoError);
    expect(error.message).toMatch(/exists already/);
    expect(readFileSync(join(root, 'taken', 'train.yaml'), 'utf8')).toBe('kept\n');
  });
});

describe('the session clock and projections', () => {
  it('counts what a resumed attempt spent before, and never goes below zero', () => {
    let now = 0;
    const clock = createSessionClock({ budgetSeconds: 600, spentSeconds: 100, now: () => now });
    now = 50_000;
    expect([clock.spent(), clock.left()]).toEqual([150, 450]);
    now = 10_000_000;
    expect(clock.left()).toBe(0);
    expect(budgetStatus(clock, { started: 2, limit: null }, 180)).toMatchObject({ wallSeconds: { limit: 600, spent: 600, left: 0 }, exhausted: true });
  });

  it('projects tokens at the measured speed plus the fixed overhead, and says whether it fits', () => {
    const projection = projectRun({
      rows: 100,
      epochs: 2,
      meanRowTokens: 150,
      tokensPerSecond: 100,
      basis: 'measured by exp-001',
      evaluationItems: 50,
      secondsPerEvaluationItem: 0.8,
      leftSeconds: 400,
    });
    expect(projection).toMatchObject({
      tokens: 30_000,
      trainingSeconds: 300,
      overheadSeconds: 100,
      totalSeconds: 400,
      fits: true,
      basis: 'measured by exp-001',
    });
    expect(
      projectRun({ ...projection, meanRowTokens: 151, tokensPerSecond: 100, evaluationItems: 50, secondsPerEvaluationItem: 0.8, leftSeconds: 400 }).fits,
    ).toBe(false);
  });

  it('refuses an act the budget cannot hold, with what even an empty run costs', () => {
    const clock = createSessionClock({ budgetSeconds: 1000, spentSeconds: 900, now: () => 0 });
    const empty = () =>
      projectRun({
        rows: 0,
        epochs: 1,
        meanRowTokens: 100,
        tokensPerSecond: 60,
        basis: 'assumed',
        evaluationItems: 50,
        secondsPerEvaluationItem: 0.8,
        leftSeconds: 100,
      });
    expect(budgetRefusal(budgetStatus(clock, { started: 0, limit: null }, 180), 'run an experiment', 180, empty)?.message).toBe(
      "100 s of the session's 1000 s are left: too little to run an experiment (it needs at least 180 s; even an empty training is projected at 100 s)",
    );
    expect(budgetRefusal(budgetStatus(clock, { started: 0, limit: null }, 180), 'validate a submission', 1, empty)).toBeNull();
    expect(budgetRefusal(budgetStatus(clock, { started: 3, limit: 3 }, 180), 'run an experiment', 1, empty)?.message).toMatch(
      /the session's 3 experiments are spent/,
    );
  });
});

describe('createPoolReader', () => {
  const agentDir = join(root, 'agent');
  mkdirSync(agentDir, { recursive: true });
  writeFileSync(
    join(agentDir, 'pool.jsonl'),
    Array.from({ length: 30 }, (_, index) => JSON.stringify({ id: `r${index}`, prompt: `p${index}` })).join('\n') + '\n',
  );
  const pool = createPoolReader(agentDir);

  it('pages from an offset, stopping at the end', () => {
    expect(pool.read({ mode: 'page', offset: 28, limit: 5 })).toMatchObject({ total: 30, indices: [28, 29], rows: [{ id: 'r28' }, { id: 'r29' }] });
  });

  it('samples the same rows for the same seed, other rows for another', () => {
    const first = pool.read({ mode: 'sample', size: 8, seed: 3 });
    expect(pool.read({ mode: 'sample', size: 8, seed: 3 })).toEqual(first);
    expect(new Set(first.indices).size).toBe(8);
    expect(pool.read({ mode: 'sample', size: 8, seed: 4 }).indices).not.toEqual(first.indices);
  });

  it('refuses a read of more than 200 rows with the shape to ask', () => {
    let error: unknown;
    try {
      pool.read({ mode: 'page', offset: 0, limit: 500 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FtdojoError);
    expect((error as FtdojoError).message).toMatch(/^pool read: limit: /);
    expect((error as FtdojoError).hint).toMatch(/at most 200 rows/);
  });
});
