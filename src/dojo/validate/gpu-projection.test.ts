import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { buildTrainingConfig, modelShape, trainingTemplateFor } from '../../runtime/index.js';
import { fakeDeviceProbe, H100, MODEL_CONFIGS } from '../../testing/device-probes.js';
import { gpuMemoryDiagnostic } from './gpu-projection.js';
import { runRuntimeTier } from './runtime-tier.js';

const shape = modelShape(MODEL_CONFIGS.qwen25_7b)!;
const config = (settings: Record<string, unknown>) =>
  buildTrainingConfig({
    modelPath: '/models/Qwen2.5-7B-Instruct',
    template: trainingTemplateFor('Qwen/Qwen2.5-7B-Instruct'),
    device: 'gpu',
    settings: { cutoff_len: 2048, per_device_train_batch_size: 1, ...settings },
  });

describe('gpuMemoryDiagnostic', () => {
  it('lets LoRA of the 7B model through on one H100, with the projection as facts', () => {
    const projection = gpuMemoryDiagnostic({ config: config({}), shape, probe: fakeDeviceProbe([H100]), maxGpus: null });
    expect(projection.diagnostic).toBeNull();
    expect(projection.facts).toMatchObject({ gpus: 1, zeroStage: 0, method: 'lora' });
    expect(projection.facts.projectedGpuBytes).toBeLessThan(Number(projection.facts.gpuUsableBytes));
  });

  it('refuses full fine-tuning on one H100 with what it holds and the changes that fit', () => {
    const { diagnostic } = gpuMemoryDiagnostic({
      config: config({ finetuning_type: 'full' }),
      shape,
      probe: fakeDeviceProbe([H100], { bitsandbytes: true }),
      maxGpus: null,
    });
    expect(diagnostic).toMatchObject({ tier: 'runtime', code: 'gpu-memory-projection', severity: 'error' });
    expect(diagnostic!.message).toMatch(
      /^full needs about 1\d\d\.\d GiB per GPU at its peak on one GPU \(batch 1 x 2048 tokens; weights 28\.\d GiB, gradients 28\.\d GiB, optimizer 56\.\d GiB, .*\), more than the 75\.1 GiB it may use on NVIDIA H100 80GB HBM3$/,
    );
    expect(diagnostic!.hint).toMatch(
      /^use lora \(finetuning_type: lora\): about 19\.\d GiB; use qlora \(finetuning_type: lora, quantization_bit: 4\): about 10\.\d GiB; ZeRO-2 across 2 GPUs/,
    );
    expect(diagnostic!.evidence.every((line) => line.startsWith('fits: '))).toBe(true);
  });

  it('refuses a GPU run where no GPU is visible', () => {
    expect(gpuMemoryDiagnostic({ config: config({}), shape, probe: fakeDeviceProbe([]), maxGpus: null }).diagnostic?.code).toBe('no-gpu');
  });
});

describe('the runtime tier on a GPU', () => {
  it('stops at the projection, before any process starts', async () => {
    const runtime = resolveRuntimeConfig({ FTDOJO_HOME: mkdtempSync(join(tmpdir(), 'ftdojo-gpu-tier-')), FTDOJO_PYTHON: '/nonexistent/python' });
    const output = await runRuntimeTier({
      runtime,
      runDir: join(runtime.home, 'micro'),
      config: config({ finetuning_type: 'full' }),
      rows: [{ instruction: 'q', output: 'a' }],
      model: shape,
      memoryBytes: 1,
      device: fakeDeviceProbe([H100, H100]),
      remainingSeconds: 3600,
      evaluationSeconds: 60,
    });
    expect(output.outcome).toBeNull();
    expect(output.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['gpu-memory-projection']);
    // Two GPUs without deepspeed train data parallel: installing it is the change that fits.
    expect(output.diagnostics[0]!.hint).toMatch(/^install deepspeed in the runtime's Python \(pip install deepspeed\): ZeRO-2 across 2 GPUs/);
    expect(output.facts).toMatchObject({ gpus: 2, zeroStage: 0, method: 'full' });
    expect(output.facts.projectedMemoryBytes).toBeUndefined();
  });
});
