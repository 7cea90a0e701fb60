import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IntegrityCheck, SessionClosed } from '../../core/index.js';
import { DOJO_SESSION_VERSION, IntegrityAuditSchema } from '../../core/index.js';
import type { AuditAttemptInput } from './audit-attempt.js';
import { auditAttempt } from './audit-attempt.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-integrity-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const TEST_QUESTIONS = [
  'A train leaves Zorblax station at 9:40 and travels 1,250 km at 125 km/h. When does it arrive?',
  'Which of the seven moons of the planet Quorra has the thinnest atmosphere of all?',
  'Compute the determinant of the matrix whose rows are the first three primes squared.',
];
const heldOutKeys = {
  test: TEST_QUESTIONS.map((key, index) => ({ id: `test-secret-${index}`, key })),
  validation: [{ id: 'val-secret-0', key: 'How many legs does a spider from the Vega system have in total?' }],
};
const model = join(root, 'home', 'models', 'SmolLM2-135M-Instruct');
mkdirSync(model, { recursive: true });

const row = (instruction: string, output = 'The answer is 42.') => ({ instruction, input: '', output });
const CLEAN = [row('What is 2 + 2?', '4'), row('Name a prime number larger than ten.', '11')];

function writeJson(path: string, value: unknown) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
}

/** An experiment folder as the dojo leaves it: train/data/ftdojo_train.json and, when trained, train/output/adapter_config.json. */
function experiment(workspace: string, id: string, rows: unknown[] | null, base: string | null = model) {
  const train = join(workspace, 'experiments', id, 'train');
  mkdirSync(train, { recursive: true });
  if (rows) writeJson(join(train, 'data', 'ftdojo_train.json'), rows);
  if (base !== null) writeJson(join(train, 'output', 'adapter_config.json'), { base_model_name_or_path: base, r: 8 });
}

function closed(chosen: string | null): SessionClosed {
  return {
    schemaVersion: DOJO_SESSION_VERSION,
    kind: 'closed',
    sessionId: 'session-1',
    chosenExperimentId: chosen,
    reason: '',
    experiments: [],
    budget: {
      schemaVersion: DOJO_SESSION_VERSION,
      kind: 'budget',
      wallSeconds: { limit: 600, spent: 600, left: 0 },
      experiments: { started: 0, limit: null },
      minimumExperimentSeconds: 180,
      exhausted: true,
    },
  };
}

let folders = 0;
function sessionInput(chosen: string | null, setup: (workspace: string) => void, extra: Partial<AuditAttemptInput> = {}): AuditAttemptInput {
  const workspace = join(root, `ws-${(folders += 1)}`);
  mkdirSync(workspace, { recursive: true });
  setup(workspace);
  return {
    task: 'toy',
    agent: 'ft-agent',
    seed: 0,
    heldOutKeys,
    baseModel: model,
    session: { workspace, closed: closed(chosen), wallSeconds: { limit: 600, spent: 500 }, refusals: {} },
    outsideAdapter: null,
    attemptSeconds: { limit: 600, spent: 520 },
    now: () => new Date('2026-01-01T00:00:00Z'),
    ...extra,
  };
}

const check = (checks: readonly IntegrityCheck[], rule: string) => checks.find((candidate) => candidate.rule === rule)!;

describe('auditAttempt: training rows against held-out items', () => {
  it('flags rows that copy test items (exact, normalised, contained) and names rows, never held-out text or ids', async () => {
    const leaked = [
      ...CLEAN,
      row(TEST_QUESTIONS[0]!),
      row('  which of the SEVEN moons of the planet quorra has the thinnest   atmosphere of all? '),
      row(`Solve this carefully. ${TEST_QUESTIONS[2]} Show your work.`),
    ];
    const audit = await auditAttempt(
      sessionInput('exp-002', (workspace) => {
        experiment(workspace, 'exp-001', CLEAN);
        experiment(workspace, 'exp-002', leaked);
        // Same rows as exp-002, trained again: found again (the content is compared once).
        experiment(workspace, 'exp-003', leaked);
        // Validated but never trained: no rows, no adapter, nothing to check.
        mkdirSync(join(workspace, 'experiments', 'exp-004', 'submission'), { recursive: true });
      }),
    );
    expect(IntegrityAuditSchema.parse(audit)).toEqual(audit);
    expect(audit.flags).toEqual(['held-out-overlap']);
    const overlap = check(audit.checks, 'held-out-overlap');
    expect(overlap).toMatchObject({ passed: false, flag: 'held-out-overlap' });
    expect(overlap.detail).toContain('exp-002, exp-003');
    expect(overlap.examples).toEqual([
      'exp-002: 3 test item(s) in training row(s) 2, 3, 4 (1 exact, 1 normalised, 1 contained)',
      'exp-003: 3 test item(s) in training row(s) 2, 3, 4 (1 exact, 1 normalised, 1 contained)',
    ]);
    const text = JSON.stringify(audit).toLowerCase();
    for (const item of [...heldOutKeys.test, ...heldOutKeys.validation]) {
      expect(text).not.toContain(item.id);
      expect(text).not.toContain(item.key.toLowerCase().slice(0, 30));
    }
  });

  it('notes rows that copy validation items without flagging them, and passes clean rows', async () => {
    const audit = await auditAttempt(sessionInput('exp-001', (workspace) => experiment(workspace, 'exp-001', [...CLEAN, row(heldOutKeys.validation[0]!.key)])));
    expect(audit.flags).toEqual([]);
    expect(check(audit.checks, 'held-out-overlap')).toMatchObject({ passed: true, flag: null });
    expect(check(audit.checks, 'validation-overlap')).toMatchObject({
      passed: false,
      flag: null,
      examples: ['exp-001: 1 validation item(s) in training row(s) 2 (1 exact)'],
    });
  });

  it('finds a held-out question in the answer of a chat-shaped row, too', async () => {
    const chat = {
      messages: [
        { role: 'user', content: 'Write a hard question.' },
        { role: 'assistant', content: `Here: ${TEST_QUESTIONS[1]}` },
      ],
    };
    const audit = await auditAttempt(sessionInput('exp-001', (workspace) => experiment(workspace, 'exp-001', [chat])));
    expect(check(audit.checks, 'held-out-overlap').examples).toEqual(['exp-001: 1 test item(s) in training row(s) 0 (1 contained)']);
  });

  it('flags the chosen experiment whose rows are gone as unverifiable; other untrained experiments are not', async () => {
    const audit = await auditAttempt(
      sessionInput('exp-002', (workspace) => {
        experiment(workspace, 'exp-001', CLEAN);
        experiment(workspace, 'exp-002', null);
      }),
    );
    expect(audit.flags).toEqual(['unverifiable-training-data']);
    expect(check(audit.checks, 'held-out-overlap')).toMatchObject({ passed: false, examples: ['exp-002'] });
    const unreadable = await auditAttempt(sessionInput('exp-001', (workspace) => experiment(workspace, 'exp-001', '{ not json' as never)));
    expect(unreadable.flags).toEqual(['unverifiable-training-data']);
  });

  it("reads an outside adapter's rows from its ftdojo training-run folder, and checks nothing it cannot see", async () => {
    const run = join(root, 'fixed-recipe-run');
    writeJson(join(run, 'data', 'ftdojo_train.json'), [...CLEAN, row(TEST_QUESTIONS[0]!)]);
    writeJson(join(run, 'output', 'adapter_config.json'), { base_model_name_or_path: model });
    const outside = { session: null, outsideAdapter: join(run, 'output') };
    const audit = await auditAttempt(sessionInput(null, () => undefined, outside));
    expect(audit.flags).toEqual(['held-out-overlap']);
    expect(check(audit.checks, 'held-out-overlap').examples).toEqual(['the outside adapter: 1 test item(s) in training row(s) 2 (1 exact)']);

    const elsewhere = join(root, 'someone-elses-adapter');
    writeJson(join(elsewhere, 'adapter_config.json'), { base_model_name_or_path: model });
    const unseen = await auditAttempt(sessionInput(null, () => undefined, { session: null, outsideAdapter: elsewhere }));
    expect(unseen.flags).toEqual([]);
    expect(check(unseen.checks, 'held-out-overlap')).toMatchObject({ passed: null, flag: null });
  });
});

describe("auditAttempt: the adapter's base model", () => {
  it('flags an adapter trained on another base model, chosen or not', async () => {
    const audit = await auditAttempt(
      sessionInput('exp-001', (workspace) => {
        experiment(workspace, 'exp-001', CLEAN);
        experiment(workspace, 'exp-002', CLEAN, 'Qwen/Qwen2.5-7B-Instruct');
      }),
    );
    expect(audit.flags).toEqual(['foreign-base-model']);
    expect(check(audit.checks, 'base-model').examples).toEqual(['exp-002: base_model_name_or_path Qwen/Qwen2.5-7B-Instruct']);
  });

  it('flags a scored adapter without adapter_config.json as unverifiable, and passes one on the task model', async () => {
    const missing = await auditAttempt(sessionInput('exp-001', (workspace) => experiment(workspace, 'exp-001', CLEAN, null)));
    expect(missing.flags).toEqual(['unverifiable-base-model']);
    expect(check(missing.checks, 'base-model').examples![0]).toMatch(/^exp-001: no adapter_config.json in /);
    const fine = await auditAttempt(sessionInput('exp-001', (workspace) => experiment(workspace, 'exp-001', CLEAN)));
    expect(check(fine.checks, 'base-model')).toMatchObject({ passed: true, flag: null });
  });

  it('knows the same model by a link, under another home, or in the hub cache', async () => {
    const link = join(root, 'model-link');
    symlinkSync(model, link);
    const cases = [
      [link, model, true],
      [join(root, 'elsewhere', 'models', 'SmolLM2-135M-Instruct'), model, true],
      ['/cache/huggingface/hub/models--Qwen--Qwen2.5-0.5B-Instruct/snapshots/abc', 'Qwen/Qwen2.5-0.5B-Instruct', true],
      ['Qwen/Qwen2.5-0.5B-Instruct', 'Qwen/Qwen2.5-0.5B-Instruct', true],
      ['/cache/huggingface/hub/models--Qwen--Qwen2.5-7B-Instruct/snapshots/abc', 'Qwen/Qwen2.5-0.5B-Instruct', false],
      [join(root, 'elsewhere', 'SmolLM2-135M-Instruct'), model, false],
    ] as const;
    for (const [named, expected, same] of cases) {
      const audit = await auditAttempt(sessionInput('exp-001', (workspace) => experiment(workspace, 'exp-001', CLEAN, named), { baseModel: expected }));
      expect(audit.flags.includes('foreign-base-model'), `${named} on ${expected}`).toBe(!same);
    }
  });

  it('passes an attempt that scores the base model itself', async () => {
    const audit = await auditAttempt(sessionInput(null, () => undefined, { session: null }));
    expect(audit.flags).toEqual([]);
    expect(check(audit.checks, 'base-model').detail).toMatch(/no adapter/);
  });
});

describe('auditAttempt: budget and refusals', () => {
  it("flags time past the limit beyond the larger of 30 s and 5%, by the session's clock, else the attempt's", async () => {
    const flagsFor = async (limit: number, spent: number, withSession = true) => {
      const input = sessionInput(null, () => undefined, { attemptSeconds: { limit, spent } });
      if (input.session && withSession) input.session.wallSeconds = { limit, spent };
      else input.session = null;
      return (await auditAttempt(input)).flags;
    };
    expect(await flagsFor(600, 630)).toEqual([]);
    expect(await flagsFor(600, 631)).toEqual(['budget-overrun']);
    expect(await flagsFor(3600, 3780)).toEqual([]);
    expect(await flagsFor(3600, 3781)).toEqual(['budget-overrun']);
    expect(await flagsFor(600, 700, false)).toEqual(['budget-overrun']);
    expect(await flagsFor(600, 100, false)).toEqual([]);
  });

  it('reports refusals by kind and flags only repeated acts past the limits', async () => {
    const auditWith = async (refusals: Record<string, number>) => {
      const input = sessionInput(null, () => undefined);
      input.session!.refusals = refusals;
      return auditAttempt(input);
    };
    const mistakes = await auditWith({ INVALID_INPUT: 40, BUSY: 12, BUDGET_EXHAUSTED: 1, SESSION_CLOSED: 1 });
    expect(mistakes.flags).toEqual([]);
    expect(mistakes.refusals).toEqual({ INVALID_INPUT: 40, BUSY: 12, BUDGET_EXHAUSTED: 1, SESSION_CLOSED: 1 });
    expect(check(mistakes.checks, 'refusals')).toMatchObject({ passed: true, detail: '54 act(s) refused, 2 of them at the limits (flagged from 3)' });
    const pushing = await auditWith({ BUDGET_EXHAUSTED: 1, SESSION_CLOSED: 2 });
    expect(pushing.flags).toEqual(['refusals']);
    expect(check(pushing.checks, 'refusals').examples).toEqual(['BUDGET_EXHAUSTED: 1', 'SESSION_CLOSED: 2']);
    const outside = await auditAttempt(sessionInput(null, () => undefined, { session: null }));
    expect(check(outside.checks, 'refusals')).toMatchObject({ passed: null, flag: null });
  });
});
