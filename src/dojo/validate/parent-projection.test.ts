import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../core/index.js';
import { VALIDATION_REPORT_VERSION } from '../../core/index.js';
import { resolveRuntimeConfig } from '../../config/index.js';
import { buildTrainingConfig, trainingConfigYaml, trainingTemplateFor } from '../../runtime/index.js';
import { buildFeedback } from '../feedback/index.js';
import { completeFacts } from '../feedback/feedback-test-facts.js';
import type { CurrentFacts, ParentFacts } from './parent-projection.js';
import { parentReuse, readParentFacts, readSubmissionTexts } from './parent-projection.js';
import { runRuntimeTier } from './runtime-tier.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-parent-projection-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SCRIPT = 'import json\nstrategy = json.load(open("strategy.json"))\n';
const config = buildTrainingConfig({
  modelPath: '/models/SmolLM2-135M-Instruct',
  template: trainingTemplateFor('SmolLM2-135M-Instruct'),
  device: 'cpu',
  cpuPrecision: 'bf16',
  settings: { learning_rate: 2e-4, num_train_epochs: 2, seed: 42 },
});
const strategy = (count: number, seed: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ count, seed, response: 'target', balance: 'none', ...extra }, null, 2);

function validation(runtime: Record<string, unknown>, passed = true): ValidationReport {
  return {
    schemaVersion: VALIDATION_REPORT_VERSION,
    kind: 'ftdojo-validation',
    task: 'financeiq',
    profile: 'mini',
    workspace: '/w',
    createdAt: '2026-12-01T00:00:00.000Z',
    passed,
    failedTier: passed ? null : 'runtime',
    seconds: 60,
    tiers: [
      { tier: 'static', status: 'passed', seconds: 1, diagnostics: [], facts: {} },
      { tier: 'data', status: 'passed', seconds: 5, diagnostics: [], facts: { rows: 400, tokensP90: 300 } },
      { tier: 'runtime', status: passed ? 'passed' : 'failed', seconds: 50, diagnostics: [], facts: runtime },
    ],
  };
}

/** The parent as exp-002 left it: it trained (feedback-test-facts' run: 0.8 steps/s over 100 s of a 120 s process). */
function parent(overrides: Partial<ParentFacts> = {}): ParentFacts {
  return {
    experimentId: 'exp-002',
    validation: validation({ secondsPerStep: 2.4, loadSeconds: 12 }),
    trainedConfig: { ...config, dataset: 'ftdojo_train', dataset_dir: '/runs/exp-002/train/data', output_dir: '/runs/exp-002/train/output' },
    files: { 'process_data.py': SCRIPT, 'strategy.json': strategy(400, 1), 'train.yaml': 'seed: 42\n', 'hypothesis.json': '{"rationale": "fewer rows"}' },
    training: buildFeedback(completeFacts()).training,
    ...overrides,
  };
}

function current(overrides: Partial<CurrentFacts> = {}): CurrentFacts {
  return {
    config: { ...config, seed: 7, data_seed: 7 },
    files: {
      'process_data.py': SCRIPT,
      'strategy.json': strategy(1200, 2),
      'train.yaml': 'seed: 7\ndata_seed: 7\n',
      'hypothesis.json': '{"rationale": "more rows"}',
    },
    tokensP90: 320,
    ...overrides,
  };
}

describe('parentReuse', () => {
  it("reuses the parent's training step time when only the row count and seeds changed", () => {
    const decided = parentReuse(current(), parent());
    expect(decided).toEqual({
      reuse: {
        experimentId: 'exp-002',
        secondsPerStep: 1.25,
        loadSeconds: 20,
        basis: 'projection from parent exp-002 (its training: 1.25 s per step over 80 steps)',
      },
    });
    // max_samples is a row count too.
    expect('reuse' in parentReuse(current({ config: { ...config, max_samples: 300 } }), parent())).toBe(true);
  });

  it("falls back to the parent's micro run, or the figure it took over, when it did not train", () => {
    expect(parentReuse(current(), parent({ training: null }))).toMatchObject({
      reuse: { secondsPerStep: 2.4, loadSeconds: 12, basis: 'projection from parent exp-002 (its micro run: 2.4 s per step)' },
    });
    const chained = parent({ training: null, validation: validation({ secondsPerStep: 2.4, loadSeconds: 12, projectionFrom: 'exp-001' }) });
    expect(parentReuse(current(), chained)).toMatchObject({
      reuse: { basis: "projection from parent exp-002 (exp-001's figure it took over: 2.4 s per step)" },
    });
  });

  it('runs the micro run when anything else differs, and says what', () => {
    const reasonOf = (decided: ReturnType<typeof parentReuse>) => ('reason' in decided ? decided.reason : 'reused');
    expect(reasonOf(parentReuse(current({ config: { ...config, learning_rate: 1e-4, bf16: false } }), parent()))).toBe(
      'the config differs from parent exp-002 in bf16, learning_rate',
    );
    expect(reasonOf(parentReuse(current({ files: { ...current().files, 'process_data.py': `${SCRIPT}# changed\n` } }), parent()))).toBe(
      'the data script or its files differ from parent exp-002: process_data.py',
    );
    const longer = { ...current().files, 'strategy.json': strategy(1200, 2, { maxCharacters: 4000 }) };
    expect(reasonOf(parentReuse(current({ files: longer }), parent()))).toBe('the data script or its files differ from parent exp-002: strategy.json');
    expect(reasonOf(parentReuse(current({ files: { ...current().files, 'helpers.py': 'x = 1\n' } }), parent()))).toContain('helpers.py');
    expect(reasonOf(parentReuse(current({ tokensP90: 600 }), parent()))).toBe("the rows are longer than parent exp-002's (p90 600 vs 300 tokens)");
    expect(reasonOf(parentReuse(current(), parent({ validation: validation({}, false) })))).toBe('parent exp-002 did not pass its runtime check');
    expect(reasonOf(parentReuse(current(), parent({ validation: null })))).toBe('parent exp-002 did not pass its runtime check');
    expect(reasonOf(parentReuse(current(), parent({ trainedConfig: null })))).toBe('parent exp-002 left no training config');
    expect(reasonOf(parentReuse(current(), parent({ training: null, validation: validation({}) })))).toBe('parent exp-002 measured no step time');
  });
});

describe('readParentFacts', () => {
  it("reads a finished experiment's folder: validation, trained config, submission (without output/), feedback", async () => {
    const dir = join(root, 'exp-002');
    mkdirSync(join(dir, 'submission', 'output'), { recursive: true });
    mkdirSync(join(dir, 'submission', 'lib', '__pycache__'), { recursive: true });
    mkdirSync(join(dir, 'train'), { recursive: true });
    writeFileSync(join(dir, 'submission', 'process_data.py'), SCRIPT);
    writeFileSync(join(dir, 'submission', 'lib', 'helpers.py'), 'x = 1\n');
    writeFileSync(join(dir, 'submission', 'lib', '__pycache__', 'helpers.pyc'), 'bytes');
    writeFileSync(join(dir, 'submission', 'output', 'train.json'), '[]');
    writeFileSync(join(dir, 'validation.json'), JSON.stringify(validation({ secondsPerStep: 2.4, loadSeconds: 12 })));
    writeFileSync(join(dir, 'train', 'train.yaml'), trainingConfigYaml({ ...config, output_dir: '/x' }));
    writeFileSync(join(dir, 'feedback.json'), JSON.stringify(buildFeedback(completeFacts())));
    const facts = await readParentFacts({
      experimentId: 'exp-002',
      validation: join(dir, 'validation.json'),
      trainedConfig: join(dir, 'train', 'train.yaml'),
      feedback: join(dir, 'feedback.json'),
      submission: join(dir, 'submission'),
    });
    expect(facts.files).toEqual({ 'process_data.py': SCRIPT, 'lib/helpers.py': 'x = 1\n' });
    expect(facts.trainedConfig).toEqual({ ...config, output_dir: '/x' });
    expect(facts.validation?.passed).toBe(true);
    expect(facts.training?.throughput.stepsPerSecond).toBe(0.8);
    const missing = await readParentFacts({ experimentId: 'gone', validation: '/nope', trainedConfig: '/nope', feedback: '/nope', submission: '/nope' });
    expect(missing).toEqual({ experimentId: 'gone', validation: null, trainedConfig: null, files: {}, training: null });
    expect(await readSubmissionTexts(join(root, 'absent'))).toEqual({});
  });
});

describe('the runtime tier with a parent projection', () => {
  const runtime = resolveRuntimeConfig({ FTDOJO_HOME: join(root, 'home'), FTDOJO_PYTHON: '/nonexistent/python' });
  const rows = Array.from({ length: 400 }, (_, index) => ({ instruction: `q${index}`, output: `a${index}` }));
  const tier = (remainingSeconds: number) =>
    runRuntimeTier({
      runtime,
      runDir: join(root, 'micro-run'),
      config: { ...config, per_device_train_batch_size: 4, gradient_accumulation_steps: 2 },
      rows,
      model: null,
      memoryBytes: 8 * 1024 ** 3,
      remainingSeconds,
      evaluationSeconds: 100,
      parent: {
        experimentId: 'exp-002',
        secondsPerStep: 2,
        loadSeconds: 20,
        basis: 'projection from parent exp-002 (its training: 2 s per step over 50 steps)',
      },
    });

  it('projects from the parent without a micro run (no Python runs, no run folder is written)', async () => {
    const output = await tier(3600);
    expect(output.diagnostics).toEqual([]);
    expect(output.outcome).toBeNull();
    // 400 rows / 8 per update x 2 epochs = 100 steps at 2 s, plus 20 s loading and 100 s evaluation.
    expect(output.facts).toMatchObject({
      projectedSteps: 100,
      projectionFrom: 'exp-002',
      secondsPerStep: 2,
      loadSeconds: 20,
      projectedSeconds: 320,
    });
    expect(output.facts).not.toHaveProperty('microSeconds');
  });

  it("refuses a run over the budget left, naming the parent's figure as the evidence", async () => {
    const output = await tier(200);
    expect(output.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['over-budget']);
    expect(output.diagnostics[0]!.evidence).toEqual(['projection from parent exp-002 (its training: 2 s per step over 50 steps)']);
    expect(output.diagnostics[0]!.hint).toContain('about 40 steps');
  });
});
