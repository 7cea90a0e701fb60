import { describe, expect, it } from 'vitest';
import { fakeDeviceProbe, H100, L4, MODEL_CONFIGS, T4 } from '../../testing/device-probes.js';
import type { GpuFitInput } from './gpu-memory.js';
import { chooseGpuLaunch, loraParameterCount, planGpuFit, projectGpuMemory, usableBytes, workloadOf } from './gpu-memory.js';
import { modelShape, parameterCount } from './model-shape.js';

const GIB = 1024 ** 3;
const qwen = modelShape(MODEL_CONFIGS.qwen25_7b)!;
const P = parameterCount(qwen);
const base = { bf16: true, cutoff_len: 2048, per_device_train_batch_size: 1 };
const A100_40: { name: string; totalBytes: number; freeBytes: number } = { name: 'NVIDIA A100-SXM4-40GB', totalBytes: 39.4 * GIB, freeBytes: 39.4 * GIB };

function fit(
  config: Record<string, unknown>,
  gpus: Parameters<typeof fakeDeviceProbe>[0],
  packages: Parameters<typeof fakeDeviceProbe>[1] = {},
  extra: Partial<GpuFitInput> = {},
) {
  const probe = fakeDeviceProbe(gpus, packages);
  return planGpuFit({
    shape: qwen,
    config,
    gpus: probe.gpus,
    deepspeed: probe.packages.deepspeed.importable,
    bitsandbytes: probe.packages.bitsandbytes.importable,
    ...extra,
  });
}

describe('workloadOf', () => {
  it('reads the method and the sizes, with the trainer defaults where keys are absent', () => {
    expect(workloadOf({})).toEqual({
      method: 'lora',
      loraRank: 8,
      batch: 8,
      sequence: 2048,
      gradientCheckpointing: true,
      efficientAttention: true,
      halfPrecision: false,
    });
    expect(workloadOf({ finetuning_type: 'lora', quantization_bit: 4 }).method).toBe('qlora');
    expect(workloadOf({ finetuning_type: 'full' }).method).toBe('full');
    expect(workloadOf({ cutoff_len: 4096, disable_gradient_checkpointing: true, flash_attn: 'disabled', fp16: true }, 900)).toMatchObject({
      sequence: 900,
      gradientCheckpointing: false,
      efficientAttention: false,
      halfPrecision: true,
    });
  });
});

describe('projectGpuMemory', () => {
  const one = { zeroStage: 0, gpus: 1 } as const;

  it('full fine-tuning holds about 16 bytes per parameter, split by ZeRO', () => {
    const full = workloadOf({ ...base, finetuning_type: 'full' });
    const single = projectGpuMemory(qwen, full, one);
    expect(single.weights + single.gradients + single.optimizer).toBeCloseTo(16 * P, -3);
    const zero2 = projectGpuMemory(qwen, full, { zeroStage: 2, gpus: 2 });
    expect(zero2.weights).toBeCloseTo(2 * P, -3);
    expect(zero2.gradients + zero2.optimizer).toBeCloseTo((14 * P) / 2, -3);
    const zero3 = projectGpuMemory(qwen, full, { zeroStage: 3, gpus: 2 });
    expect(zero3.weights + zero3.gradients + zero3.optimizer).toBeCloseTo((16 * P) / 2, -3);
    expect(zero3.total).toBeLessThan(zero2.total);
  });

  it('LoRA keeps the base in 16 bits, QLoRA in about half a byte, the adapter fp32 with AdamW', () => {
    const lora = projectGpuMemory(qwen, workloadOf(base), one);
    const qlora = projectGpuMemory(qwen, workloadOf({ ...base, quantization_bit: 4 }), one);
    const adapter = loraParameterCount(qwen, 8);
    expect(lora.weights).toBeCloseTo(2 * P + 4 * adapter, -3);
    expect(lora.gradients + lora.optimizer).toBeCloseTo(12 * adapter, -3);
    expect(qlora.weights).toBeLessThan(lora.weights / 2.5);
    // Qwen2.5-7B: 14 GiB of bf16 weights; a batch of one at 2048 tokens fits a 24 GB card with QLoRA, not LoRA.
    expect(lora.weights / GIB).toBeCloseTo(14.3, 1);
    expect(qlora.total).toBeLessThan(usableBytes({ name: 'L4', totalBytes: 22 * GIB, freeBytes: 22 * GIB }));
    expect(lora.total).toBeGreaterThan(usableBytes({ name: 'T4', totalBytes: 14.6 * GIB, freeBytes: 14.6 * GIB }));
  });

  it('activations grow with the batch and the sequence; checkpointing and fused attention cut them', () => {
    const at = (config: Record<string, unknown>) => projectGpuMemory(qwen, workloadOf({ ...base, ...config }), one).activations;
    expect(at({ per_device_train_batch_size: 4 })).toBeCloseTo(4 * at({}), -3);
    expect(at({ disable_gradient_checkpointing: true })).toBeGreaterThan(10 * at({}));
    expect(at({ disable_gradient_checkpointing: true, flash_attn: 'disabled' })).toBeGreaterThan(at({ disable_gradient_checkpointing: true }));
  });
});

describe('planGpuFit', () => {
  it('fits LoRA of the 7B model on one H100 and picks one GPU without DeepSpeed', () => {
    const plan = fit(base, [H100]);
    expect(plan).toMatchObject({ fits: true, launch: { zeroStage: 0, gpus: 1 }, suggestions: [] });
  });

  it('refuses full fine-tuning on one H100, with the changes that fit, each checked', () => {
    const plan = fit({ ...base, finetuning_type: 'full' }, [H100]);
    expect(plan.fits).toBe(false);
    expect(plan.memory.total / GIB).toBeGreaterThan(100);
    expect(plan.suggestions[0]).toMatch(/^use lora \(finetuning_type: lora\): about 19\.\d GiB$/);
    expect(plan.suggestions[1]).toMatch(/^use qlora \(finetuning_type: lora, quantization_bit: 4\): about 10\.\d GiB \(install bitsandbytes/);
    expect(plan.suggestions[2]).toMatch(/^ZeRO-2 across 2 GPUs like NVIDIA H100 80GB HBM3 \(this machine shows 1; with deepspeed installed\)/);
  });

  it('spreads full fine-tuning with ZeRO-2 when it fits, ZeRO-3 when only that fits', () => {
    const zero2 = fit({ ...base, finetuning_type: 'full' }, [H100, H100], { deepspeed: true });
    expect(zero2).toMatchObject({ fits: true, launch: { zeroStage: 2, gpus: 2 } });
    const zero3 = chooseGpuLaunch({
      shape: qwen,
      config: { ...base, finetuning_type: 'full' },
      gpus: [A100_40, A100_40, A100_40, A100_40],
      deepspeed: true,
      bitsandbytes: false,
    });
    expect(zero3.launch).toEqual({ zeroStage: 3, gpus: 4 });
    expect(zero3.memory.total).toBeLessThan(zero3.usableBytes);
  });

  it('says "ZeRO-3 across N GPUs" when more GPUs of the kind would hold a full fine-tuning', () => {
    const plan = planGpuFit({ shape: qwen, config: { ...base, finetuning_type: 'full' }, gpus: [A100_40], deepspeed: true, bitsandbytes: true });
    expect(plan.fits).toBe(false);
    expect(plan.suggestions.at(-1)).toMatch(/^ZeRO-3 across 4 GPUs like NVIDIA A100-SXM4-40GB \(this machine shows 1\): about \d+\.\d GiB on each GPU$/);
  });

  it('without DeepSpeed, several GPUs train data parallel and installing it is the first advice', () => {
    const plan = fit({ ...base, finetuning_type: 'full' }, [H100, H100]);
    expect(plan.launch).toEqual({ zeroStage: 0, gpus: 2 });
    expect(plan.suggestions[0]).toMatch(/^install deepspeed in the runtime's Python \(pip install deepspeed\): ZeRO-2 across 2 GPUs/);
    expect(plan.suggestions.some((line) => line.includes('this machine shows'))).toBe(false);
  });

  it('lowers the batch or cutoff_len to the largest value that fits', () => {
    const plan = fit({ ...base, per_device_train_batch_size: 8, gradient_accumulation_steps: 2 }, [L4], { bitsandbytes: true });
    expect(plan.fits).toBe(false);
    const batch = plan.suggestions.find((line) => line.startsWith('lower per_device_train_batch_size'))!;
    const [, size, accumulation] = /to (\d+) and raise gradient_accumulation_steps to (\d+)/.exec(batch)!;
    expect(Number(size) * Number(accumulation)).toBe(16);
    expect(fit({ ...base, per_device_train_batch_size: Number(size) }, [L4]).fits).toBe(true);
    const cutoff = Number(/lower cutoff_len to (\d+)/.exec(plan.suggestions.join('\n'))![1]);
    expect(fit({ ...base, per_device_train_batch_size: 8, cutoff_len: cutoff }, [L4]).fits).toBe(true);
    expect(fit({ ...base, per_device_train_batch_size: 8, cutoff_len: cutoff + 64 }, [L4]).fits).toBe(false);
  });

  it('plans for the longest row, not cutoff_len, when the data is shorter', () => {
    expect(fit({ ...base, per_device_train_batch_size: 8 }, [L4]).fits).toBe(false);
    expect(fit({ ...base, per_device_train_batch_size: 8 }, [L4], {}, { longestRow: 200 }).fits).toBe(true);
  });

  it('plans against what was free, and at most FTDOJO_GPUS GPUs', () => {
    expect(fit(base, [{ ...H100, freeGiB: 10 }]).fits).toBe(false);
    const limited = fit({ ...base, finetuning_type: 'full' }, [H100, H100, H100, H100], { deepspeed: true }, { maxGpus: 2 });
    expect(limited.launch.gpus).toBe(2);
  });

  it('offers qlora on a 16 GB T4 for LoRA of the 7B model', () => {
    const plan = fit({ ...base, bf16: false, fp16: true }, [T4], { bitsandbytes: true });
    expect(plan.fits).toBe(false);
    expect(plan.suggestions[0]).toMatch(/^use qlora .*: about \d+\.\d GiB$/);
  });
});
