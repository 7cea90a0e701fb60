import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import type { SuiteRow } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import { getTask } from '../../tasks/index.js';
import { refusal } from '../../testing/refusal.js';
import type { AttemptOutcome } from './run-attempt.js';
import { resolvedTask } from './run-attempt.js';
import { appendSuiteRow, readSuiteRows, runSuite } from './run-suite.js';
import { assertSuiteBaseModel, taskBaseModel } from './suite-base-model.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-suite-model-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const runtime = resolveRuntimeConfig({}, { home: join(root, 'home') });
const repository = {} as DataRepository;
const task = getTask('financeiq');
const LLAMA = { kind: 'hub', id: 'meta-llama/Llama-3.2-1B-Instruct', revision: 'main' } as const;
const resolved = (baseModel?: typeof LLAMA) => resolvedTask(task, null, { profile: 'paper', repository, runtime, baseModel });
const PROFILE_MODEL = task.spec.profiles.paper.baseModel;

const row = (baseModel?: string): SuiteRow => ({
  task: 'financeiq',
  agent: 'base',
  seed: 0,
  state: 'completed',
  metric: 'accuracy',
  direction: 'higher',
  test: 0.5,
  iterations: 0,
  failuresCaughtEarly: 0,
  succeeded: 0,
  seconds: 1,
  runRef: null,
  note: '',
  ...(baseModel ? { baseModel } : {}),
});

describe("a suite's base model", () => {
  it("names --base-model's model, else the profile's", () => {
    expect(taskBaseModel(resolved(), 'paper', runtime)).toEqual({ task: 'financeiq', baseModel: PROFILE_MODEL, profileModel: PROFILE_MODEL });
    expect(taskBaseModel(resolved(LLAMA), 'paper', runtime).baseModel).toBe('meta-llama/Llama-3.2-1B-Instruct@main');
  });

  it('is recorded in each row', async () => {
    const dir = join(root, 'rows');
    const attempt = {
      result: { state: 'completed', iterations: 0, failuresCaughtEarly: 0, succeeded: 0, runRef: null, note: '', adapterPath: null },
      test: null,
      audit: null,
      note: '',
      seconds: 1,
    } as unknown as AttemptOutcome;
    await appendSuiteRow(dir, { task, agent: 'base', seed: 0, attempt, baseModel: 'meta-llama/Llama-3.2-1B-Instruct@main' });
    expect(readSuiteRows(dir)[0]!.baseModel).toBe('meta-llama/Llama-3.2-1B-Instruct@main');
  });

  it('lets a folder resume on the same model (older rows without the field are on the profile model)', () => {
    const wanted = [taskBaseModel(resolved(), 'paper', runtime)];
    expect(() => assertSuiteBaseModel('/out', [row(), row(PROFILE_MODEL)], wanted)).not.toThrow();
    expect(() =>
      assertSuiteBaseModel('/out', [row('meta-llama/Llama-3.2-1B-Instruct@main')], [taskBaseModel(resolved(LLAMA), 'paper', runtime)]),
    ).not.toThrow();
    // Another task's rows do not matter.
    expect(() => assertSuiteBaseModel('/out', [{ ...row('other/model'), task: 'gsm8k' }], wanted)).not.toThrow();
  });

  it('refuses a resumed folder on another base model, saying what it used and how to go on', () => {
    const onLlama = refusal(() => assertSuiteBaseModel('/out', [row()], [taskBaseModel(resolved(LLAMA), 'paper', runtime)]));
    expect(onLlama.code).toBe('INVALID_INPUT');
    expect(onLlama.message).toBe(
      `the suite in /out ran financeiq on ${PROFILE_MODEL}, not meta-llama/Llama-3.2-1B-Instruct@main: its rows would mix two base models`,
    );
    expect(onLlama.hint).toBe('pass another --out for a suite on meta-llama/Llama-3.2-1B-Instruct@main, or resume this one without --base-model');
    const back = refusal(() => assertSuiteBaseModel('/out', [row('meta-llama/Llama-3.2-1B-Instruct@main')], [taskBaseModel(resolved(), 'paper', runtime)]));
    expect(back.hint).toContain('or resume this one with --base-model meta-llama/Llama-3.2-1B-Instruct@main');
  });

  it('runSuite refuses before any attempt runs', async () => {
    const outDir = join(root, 'suite');
    mkdirSync(outDir);
    writeFileSync(join(outDir, 'rows.jsonl'), `${JSON.stringify(row())}\n`);
    const options = {
      profile: 'paper',
      agents: [],
      seeds: 1,
      budgetSeconds: 60,
      evalLimit: null,
      repository,
      runtime,
      sandboxFor: () => () => null!,
      outDir,
    } as const;
    await expect(runSuite({ ...options, tasks: [resolved(LLAMA)] })).rejects.toThrow(/would mix two base models/);
    await expect(runSuite({ ...options, tasks: [resolved()] })).resolves.toMatchObject({ rows: [row()] });
  });
});
