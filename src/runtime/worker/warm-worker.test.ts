import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import type { ModelRef } from '../../core/index.js';
import { testRuntime } from '../../testing/runtime.js';
import type { GenerationRequest, GenerationResult } from '../inference/index.js';
import { createLocalBackend, GenerationError } from '../inference/index.js';
import type { TrainingExample } from '../llamafactory/index.js';
import { buildTrainingConfig, trainingTemplateFor, writeTrainingRun } from '../llamafactory/index.js';
import type { TrainingOutcome } from '../train/index.js';
import { runTraining } from '../train/index.js';
import { openRunWorker } from './open-run-worker.js';
import type { RuntimeWorker } from './runtime-worker.js';

/**
 * The run's warm worker against the cold path, on real LLaMA-Factory runs of the embedded model
 * (2 steps on 16 rows) and real generation (4 samples, greedy): the same loss curves and adapter
 * bytes, the same outputs and fingerprint facts, and every way a request can end (an exception,
 * a deadline, a worker killed mid-request) leaves the next request working. Skipped, with the
 * reason, where no runtime is set up.
 */
const found = testRuntime();
const skip = 'skip' in found ? found.skip : null;
if (skip) console.warn(`warm worker: real runs skipped: ${skip}`);
// CPU-only and one thread: trainings then need exactly the worker's environment.
const config = resolveRuntimeConfig({ ...process.env, FTDOJO_DEVICE: 'cpu', FTDOJO_THREADS: '1', FTDOJO_WARM_WORKER: '1' });
const modelPath = 'skip' in found ? '' : found.modelPath;
const root = mkdtempSync(join(tmpdir(), 'ftdojo-warm-'));
let worker: RuntimeWorker | null = null;
afterAll(async () => {
  await worker?.close();
  rmSync(root, { recursive: true, force: true });
});

const examples: TrainingExample[] = Array.from({ length: 16 }, (_, index) => ({
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
      max_steps: 2,
      logging_steps: 1,
      learning_rate: 1e-4,
      ...settings,
    },
  });
  return (await writeTrainingRun({ runDir: join(root, name), config: trainingConfig, examples })).layout;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const adapterHash = (outcome: TrainingOutcome) => sha256(join(outcome.adapterPath!, 'adapter_model.safetensors'));
const timings: string[] = [];
const timed = async <T>(label: string, body: () => Promise<T>): Promise<T> => {
  const started = Date.now();
  const value = await body();
  timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return value;
};
afterAll(() => console.log(`warm worker timings (this machine, now): ${timings.join(' · ')}`));

const requests: GenerationRequest[] = [0, 1, 2, 3].map((index) => ({
  id: `q${index}`,
  messages: [{ role: 'user', content: `What is ${index + 3} + ${index}? Answer with the number.` }],
}));
const promptFormat = { kind: 'llamafactory' as const, template: 'smollm2', system: '' };
const generate = (model: ModelRef, name: string, withWorker: boolean): Promise<GenerationResult> =>
  createLocalBackend(config, model, { promptFormat, backend: 'hf', ...(withWorker && worker ? { worker } : {}) }).generate(requests, {
    maxNewTokens: 16,
    workDir: join(root, 'generate', name),
  });

describe.skipIf(skip !== null)('the warm runtime worker, against the cold path', () => {
  let adapter: string | null = null;

  it('trains twice in one worker with the loss curves and adapters two cold runs give', async () => {
    const coldA = await timed('cold train A', async () => runTraining(config, (await prepare('cold-a')).runDir));
    const coldB = await timed('cold train B', async () => runTraining(config, (await prepare('cold-b', { learning_rate: 5e-4 })).runDir));
    worker = openRunWorker(config);
    const warmA = await timed('warm train A (imports)', async () => runTraining(config, (await prepare('warm-a')).runDir, { worker: worker! }));
    const warmB = await timed('warm train B', async () => runTraining(config, (await prepare('warm-b', { learning_rate: 5e-4 })).runDir, { worker: worker! }));
    for (const outcome of [coldA, coldB, warmA, warmB]) expect(outcome.state, outcome.rootCause.join('\n')).toBe('succeeded');
    expect(warmA.lossCurve).toEqual(coldA.lossCurve);
    expect(warmB.lossCurve).toEqual(coldB.lossCurve);
    expect(warmB.lossCurve).not.toEqual(warmA.lossCurve);
    expect(adapterHash(warmA)).toBe(adapterHash(coldA));
    expect(adapterHash(warmB)).toBe(adapterHash(coldB));
    expect(worker!.stats()).toMatchObject({ starts: 1, served: 2 });
    const log = readFileSync(warmB.logPath, 'utf8');
    expect(log).toContain("training in the run's warm worker");
    expect(log).toContain('Running training');
    expect(warmB.lossCurveImage).toBeDefined();
    adapter = warmA.adapterPath!;
  }, 900_000);

  it('generates exactly what the cold path generates (greedy, 4 samples), for the base model and an adapter', async () => {
    const tuned: ModelRef = { kind: 'adapter', base: { kind: 'local', path: modelPath }, path: adapter! };
    const base: ModelRef = { kind: 'local', path: modelPath };
    const coldTuned = await timed('cold generate adapter', () => generate(tuned, 'cold-tuned', false));
    const warmTuned = await timed('warm generate adapter', () => generate(tuned, 'warm-tuned', true));
    const coldBase = await timed('cold generate base', () => generate(base, 'cold-base', false));
    const warmBase = await timed('warm generate base', () => generate(base, 'warm-base', true));
    const warmBaseAgain = await timed('warm generate base (kept model)', () => generate(base, 'warm-base-again', true));
    expect(warmTuned.outputs).toEqual(coldTuned.outputs);
    expect(warmBase.outputs).toEqual(coldBase.outputs);
    expect(warmBaseAgain.outputs).toEqual(coldBase.outputs);
    expect(warmTuned.outputs).not.toEqual(warmBase.outputs);
    for (const [warm, cold] of [
      [warmTuned, coldTuned],
      [warmBase, coldBase],
    ] as const)
      expect(warm.engine).toEqual(cold.engine);
    expect(warmBaseAgain.stats.loadSeconds!).toBeLessThan(coldBase.stats.loadSeconds!);
    expect(worker!.stats()).toMatchObject({ starts: 1, served: 5 });
  }, 900_000);

  it('turns a Python exception into a typed failed outcome, and serves the next request in a fresh worker', async () => {
    const layout = await prepare('bad-data');
    writeFileSync(layout.datasetPath, '[{"instruction": "x", ');
    const outcome = await runTraining(config, layout.runDir, { worker: worker! });
    expect(outcome).toMatchObject({ state: 'failed', category: 'DATA', exitCode: 1 });
    expect(readFileSync(outcome.logPath, 'utf8')).toContain('Traceback');
    expect(worker!.stats().retired.at(-1)).toContain('raised');
    expect((await worker!.request({ kind: 'ping' })).state).toBe('ok');
    expect(worker!.stats().starts).toBe(2);
  }, 600_000);

  it('stops a training at its deadline by killing the worker, and the next request works in a fresh one', async () => {
    const outcome = await runTraining(config, (await prepare('deadline')).runDir, { worker: worker!, deadlineSeconds: 1, killGraceSeconds: 1 });
    expect(outcome).toMatchObject({ state: 'timeout', category: 'TIMEOUT' });
    const starts = worker!.stats().starts;
    expect((await worker!.request({ kind: 'ping' })).state).toBe('ok');
    expect(worker!.stats().starts).toBe(starts + 1);
  }, 600_000);

  it('reports a worker that dies mid-request with its log tail, and restarts it for the next request', async () => {
    const layout = await prepare('killed');
    const running = runTraining(config, layout.runDir, { worker: worker! });
    // Killed from outside (as the kernel's OOM killer would) once the request is under way.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    process.kill(worker!.stats().pid!, 'SIGKILL');
    const outcome = await running;
    expect(outcome).toMatchObject({ state: 'failed', signal: 'SIGKILL' });
    expect(readFileSync(layout.logPath, 'utf8')).toMatch(/the runtime worker \(pid \d+\) died during this training \(signal SIGKILL\)/);
    const tuned: ModelRef = { kind: 'adapter', base: { kind: 'local', path: modelPath }, path: adapter! };
    const again = await generate(tuned, 'after-kill', true);
    expect(again.outputs).toHaveLength(4);
    // And a generation killed the same way is the GenerationError a killed cold process gives.
    const killedGeneration = generate(tuned, 'killed-generation', true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(worker!.stats().pid!, 'SIGKILL');
    const error = await killedGeneration.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as GenerationError).category).toBe('out-of-memory');
    expect((error as GenerationError).stderrTail).toContain('died during this generation');
  }, 600_000);
});
