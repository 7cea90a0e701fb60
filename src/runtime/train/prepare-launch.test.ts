import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { fakeDeviceProbe, H100, MODEL_CONFIGS } from '../../testing/device-probes.js';
import { modelShape } from '../device/index.js';
import { buildTrainingConfig, parseTrainingConfigYaml, trainingTemplateFor, validateTrainingConfig, writeTrainingRun } from '../llamafactory/index.js';
import { cudaOutOfMemoryFacts } from './classify-training-failure.js';
import { gpuOutOfMemoryAdvice, prepareTrainingLaunch } from './prepare-launch.js';
import { deepspeedConfigPath, planTrainingLaunch } from './training-launch.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-launch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const runtime = resolveRuntimeConfig({ FTDOJO_HOME: root, FTDOJO_PYTHON: '/nonexistent/python' });
const template = trainingTemplateFor('Qwen/Qwen2.5-7B-Instruct');
const modelDir = join(root, 'qwen');
mkdirSync(modelDir);
writeFileSync(join(modelDir, 'config.json'), JSON.stringify(MODEL_CONFIGS.qwen25_7b));
const config = (settings: Record<string, unknown>) =>
  buildTrainingConfig({ modelPath: modelDir, template, device: 'gpu', settings: { cutoff_len: 2048, per_device_train_batch_size: 1, ...settings } });

describe('prepareTrainingLaunch', () => {
  it('adds the ZeRO config to train.yaml and records the launch beside it', async () => {
    const written = await writeTrainingRun({
      runDir: join(root, 'run-zero'),
      config: config({ finetuning_type: 'full' }),
      examples: [{ instruction: 'q', output: 'a' }],
    });
    const probe = fakeDeviceProbe([H100, H100], { deepspeed: true });
    const prepared = await prepareTrainingLaunch(runtime, written.layout, written.config, { device: probe });
    expect(prepared.launch).toMatchObject({ gpus: 2, zeroStage: 2, torchrun: true });
    const yaml = parseTrainingConfigYaml(readFileSync(written.layout.configPath, 'utf8')) as Record<string, unknown>;
    expect(yaml.deepspeed).toBe(deepspeedConfigPath(2));
    expect(validateTrainingConfig(yaml)).toEqual([]);
    expect(JSON.parse(readFileSync(join(written.layout.runDir, 'launch.json'), 'utf8'))).toMatchObject({ env: { FORCE_TORCHRUN: '1', NPROC_PER_NODE: '2' } });
  });

  it('leaves a CPU run as written, without probing', async () => {
    const cpu = buildTrainingConfig({ modelPath: modelDir, template, device: 'cpu' });
    const written = await writeTrainingRun({ runDir: join(root, 'run-cpu'), config: cpu, examples: [{ instruction: 'q', output: 'a' }] });
    const before = readFileSync(written.layout.configPath, 'utf8');
    const prepared = await prepareTrainingLaunch(runtime, written.layout, written.config, {});
    expect(prepared).toMatchObject({ probe: null, launch: { device: 'cpu' } });
    expect(readFileSync(written.layout.configPath, 'utf8')).toBe(before);
  });
});

describe('gpuOutOfMemoryAdvice', () => {
  const shape = modelShape(MODEL_CONFIGS.qwen25_7b)!;
  const prepare = (settings: Record<string, unknown>, probe = fakeDeviceProbe([H100])) => {
    const trainingConfig = config(settings);
    return { config: trainingConfig, probe, shape, launch: planTrainingLaunch({ config: trainingConfig, probe, shape, maxGpus: null }) };
  };

  it('turns the OOM into changes that fit, scaled by how far the projection fell short', () => {
    // Full fine-tuning of the 7B model on one 80 GB GPU, as torch reports running out.
    const oom = cudaOutOfMemoryFacts([
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.02 GiB. GPU 0 has a total capacity of 79.10 GiB of which 512.00 MiB is free. Including non-PyTorch memory, this process has 78.58 GiB memory in use.',
    ]);
    const advice = gpuOutOfMemoryAdvice(prepare({ finetuning_type: 'full' }), oom, null);
    expect(advice).toMatch(
      /^the GPU ran out of memory on GPU 0 \(79\.1 GiB\) holding 78\.6 GiB, asking 1\.0 GiB more; what fits: use lora \(finetuning_type: lora\)/,
    );
  });

  it('names a smaller batch when the batch is what overflowed', () => {
    const oom = cudaOutOfMemoryFacts([
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 9.28 GiB. GPU 0 has a total capacity of 79.10 GiB of which 3.10 GiB is free. Including non-PyTorch memory, this process has 75.99 GiB memory in use.',
    ]);
    const advice = gpuOutOfMemoryAdvice(prepare({ per_device_train_batch_size: 16, gradient_accumulation_steps: 1 }), oom, null)!;
    // The logits of a 152k vocabulary dominate a batch of 16: a smaller batch or cutoff_len helps, QLoRA would not.
    expect(advice).toMatch(/what fits: lower per_device_train_batch_size to 8 and raise gradient_accumulation_steps to 2 \(the same effective batch of 16\)/);
    expect(advice).not.toContain('use qlora');
  });

  it('says nothing concrete without the model shape or for a CPU OOM', () => {
    const oom = cudaOutOfMemoryFacts([
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.10 GiB of which 1.00 GiB is free.',
    ]);
    expect(gpuOutOfMemoryAdvice({ ...prepare({}), shape: null }, oom, null)).toBeNull();
    expect(gpuOutOfMemoryAdvice(prepare({}), { ...oom, device: 'cpu' }, null)).toBeNull();
  });
});
