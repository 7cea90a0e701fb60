import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { embeddedModelDir } from '../model-store/index.js';
import type { TrainingExample } from '../llamafactory/index.js';
import { buildTrainingConfig, trainingTemplateFor, writeTrainingRun } from '../llamafactory/index.js';
import { runTraining } from './run-training.js';
import type { RunStatusDocument } from './run-status.js';
import { parseTrainerLog } from './trainer-log.js';
import type { TrainingProgress } from './training-outcome.js';

/**
 * Real `llamafactory-cli train` runs on the embedded model: one tiny training that must succeed,
 * and failures provoked cheaply (a broken data file, an interpreter without its site-packages, a
 * memory limit, a 5 s deadline, an abort). Skipped, with the reason, where no runtime is set up.
 */
const config = resolveRuntimeConfig(process.env);
const modelPath = embeddedModelDir(config);
const ready = existsSync(config.python) && existsSync(join(modelPath, 'config.json'));
if (!ready)
  console.warn(
    `run-training: real LLaMA-Factory runs skipped: needs the runtime Python (${config.python}) and the embedded model (${modelPath}); run \`ftdojo setup\` or set FTDOJO_PYTHON and FTDOJO_HOME`,
  );

const root = mkdtempSync(join(tmpdir(), 'ftdojo-train-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const examples: TrainingExample[] = Array.from({ length: 8 }, (_, index) => ({
  instruction: `What is ${index} + ${index}? Answer with the number.`,
  output: String(index * 2),
}));

async function prepare(name: string, settings: Record<string, unknown> = {}) {
  const trainingConfig = buildTrainingConfig({
    modelPath,
    template: trainingTemplateFor('SmolLM2-135M-Instruct'),
    device: 'cpu',
    settings: {
      lora_rank: 4,
      lora_target: 'all',
      cutoff_len: 128,
      per_device_train_batch_size: 2,
      max_steps: 3,
      logging_steps: 1,
      learning_rate: 1e-4,
      ...settings,
    },
  });
  return writeTrainingRun({ runDir: join(root, name), config: trainingConfig, examples });
}

function wrapper(name: string, body: string): string {
  const path = join(root, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

function statusOf(runDir: string): RunStatusDocument {
  return JSON.parse(readFileSync(join(runDir, 'status.json'), 'utf8')) as RunStatusDocument;
}

/** Processes whose command line names this file (Linux /proc): what is left of a stopped run. */
function processesNaming(path: string): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('runTraining', () => {
  it('refuses an invalid config before starting anything', async () => {
    const written = await prepare('invalid', { lora_rnak: 4 });
    const outcome = await runTraining(config, written.layout.runDir);
    expect(outcome).toMatchObject({ state: 'failed', category: 'CONFIG', exitCode: null });
    expect(outcome.rootCause[0]).toContain('did you mean "lora_rank"');
    expect(readFileSync(written.layout.logPath, 'utf8')).toContain('ftdojo refused the config');
    expect(statusOf(written.layout.runDir)).toMatchObject({ state: 'failed', finishedStages: [] });
  });

  it.skipIf(!ready)(
    'trains a LoRA adapter for a few steps: finite losses, adapter, loss curve, status',
    async () => {
      const written = await prepare('tiny');
      const progress: TrainingProgress[] = [];
      const outcome = await runTraining(config, written.layout.runDir, { onProgress: (event) => progress.push(event), pollMs: 250 });
      expect(outcome.state, outcome.rootCause.join('\n')).toBe('succeeded');
      const log = parseTrainerLog(readFileSync(join(written.layout.outputDir, 'trainer_log.jsonl'), 'utf8'));
      const losses = log.filter((entry) => entry.loss !== undefined).map((entry) => entry.loss!);
      expect(losses).toHaveLength(3);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(outcome.lossCurve.map((point) => point.step)).toEqual([1, 2, 3]);
      expect(outcome.adapterPath).toBe(written.layout.outputDir);
      expect(existsSync(join(written.layout.outputDir, 'adapter_model.safetensors'))).toBe(true);
      expect(outcome.lossCurveImage).toBe(join(written.layout.outputDir, 'training_loss.png'));
      expect(outcome.metrics?.num_input_tokens_seen).toBeGreaterThan(0);
      expect(progress[0]).toMatchObject({ phase: 'starting', step: 0 });
      expect(progress.some((event) => event.phase === 'training' && event.totalSteps === 3)).toBe(true);
      expect(statusOf(written.layout.runDir)).toMatchObject({ state: 'succeeded', finishedStages: ['train'] });
      expect(JSON.parse(readFileSync(join(written.layout.runDir, 'outcome.json'), 'utf8'))).toMatchObject({ schemaVersion: 1, state: 'succeeded' });
    },
    300_000,
  );

  it.skipIf(!ready)(
    'classifies a broken data file as DATA',
    async () => {
      const written = await prepare('bad-data');
      writeFileSync(written.layout.datasetPath, '[{"instruction": "x", ');
      const outcome = await runTraining(config, written.layout.runDir);
      expect(outcome).toMatchObject({ state: 'failed', category: 'DATA' });
      expect(outcome.rootCause.join('\n')).toMatch(/ArrowInvalid|JSON/);
      expect(outcome.adapterPath).toBeUndefined();
    },
    300_000,
  );

  it.skipIf(!ready)(
    'classifies an interpreter that cannot import LLaMA-Factory as ENV',
    async () => {
      // -S leaves site-packages out: the same interpreter, with no LLaMA-Factory.
      const noSite = resolveRuntimeConfig({ ...process.env, FTDOJO_PYTHON: wrapper('python-no-site', `exec "${config.python}" -S "$@"`) });
      const written = await prepare('no-site');
      const outcome = await runTraining(noSite, written.layout.runDir);
      expect(outcome).toMatchObject({ state: 'failed', category: 'ENV' });
      expect(outcome.rootCause.join('\n')).toContain("No module named 'llamafactory'");
    },
    120_000,
  );

  it.skipIf(!ready)(
    'classifies running out of memory as OOM (a 6 GB address-space limit)',
    async () => {
      const limited = resolveRuntimeConfig({ ...process.env, FTDOJO_PYTHON: wrapper('python-6g', `ulimit -v 6000000\nexec "${config.python}" "$@"`) });
      const written = await prepare('oom');
      const outcome = await runTraining(limited, written.layout.runDir);
      expect(outcome).toMatchObject({ state: 'failed', category: 'OOM' });
      expect(outcome.rootCause.join('\n')).toMatch(/MemoryError|Cannot allocate memory|can't allocate memory/);
    },
    300_000,
  );

  it.skipIf(!ready)(
    'stops at the deadline: TIMEOUT, the process group gone, status.json consistent',
    async () => {
      const written = await prepare('deadline', { max_steps: 500 });
      const outcome = await runTraining(config, written.layout.runDir, { deadlineSeconds: 5 });
      expect(outcome).toMatchObject({ state: 'timeout', category: 'TIMEOUT' });
      expect(outcome.rootCause[0]).toContain('5 s deadline');
      expect(outcome.seconds).toBeLessThan(20);
      const status = statusOf(written.layout.runDir);
      expect(status).toMatchObject({ state: 'timeout', finishedStages: [] });
      expect(status.stages[0]).toMatchObject({ name: 'train', state: 'timeout' });
      expect(status.finishedAt).toBeDefined();
      expect(processesNaming(written.layout.configPath)).toEqual([]);
    },
    120_000,
  );

  it.skipIf(!ready)(
    'stops on abort: interrupted, and says so in status.json',
    async () => {
      const written = await prepare('abort', { max_steps: 500 });
      const controller = new AbortController();
      let pidSeen = false;
      setTimeout(() => controller.abort(), 3000);
      const outcome = await runTraining(config, written.layout.runDir, {
        signal: controller.signal,
        onProgress: () => {
          pidSeen = true;
        },
      });
      expect(pidSeen).toBe(true);
      expect(outcome.state).toBe('interrupted');
      expect(outcome.category).toBeUndefined();
      expect(outcome.rootCause[0]).toContain('stopped by the user');
      expect(statusOf(written.layout.runDir)).toMatchObject({ state: 'interrupted', stages: [{ name: 'train', state: 'interrupted' }] });
      expect(processesNaming(written.layout.configPath)).toEqual([]);
    },
    120_000,
  );
});
