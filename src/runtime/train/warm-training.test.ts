import { describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { workerEnvironment } from './training-environment.js';
import { warmTrainingRefusal } from './warm-training.js';

const cpu = resolveRuntimeConfig({ PATH: '/usr/bin', FTDOJO_DEVICE: 'cpu', FTDOJO_THREADS: '2' });
const auto = resolveRuntimeConfig({ PATH: '/usr/bin', FTDOJO_THREADS: '2' });
const cpuLaunch = { device: 'cpu' as const, gpus: 0, torchrun: false, env: {} };
const oneGpu = { device: 'cuda' as const, gpus: 1, torchrun: false, env: {} };
const lora = { stage: 'sft', finetuning_type: 'lora', use_cpu: true };

describe('warmTrainingRefusal', () => {
  it('lets a CPU LoRA run into the worker of a runtime that hides GPUs, and a one-GPU run into one that sees its GPU', () => {
    expect(warmTrainingRefusal(cpu, lora, cpuLaunch, { environment: workerEnvironment(cpu) })).toBeNull();
    expect(warmTrainingRefusal(auto, { ...lora, use_cpu: false }, oneGpu, { environment: workerEnvironment(auto) })).toBeNull();
    expect(warmTrainingRefusal(cpu, { ...lora, stage: undefined }, cpuLaunch, { environment: workerEnvironment(cpu) })).toBeNull();
  });

  it('sends a run cold when the environment it needs is not the worker’s (CUDA_VISIBLE_DEVICES is fixed when torch starts)', () => {
    // A CPU run on a runtime that sees GPUs hides them; the worker, started for evaluation too, does not.
    expect(warmTrainingRefusal(auto, lora, cpuLaunch, { environment: workerEnvironment(auto) })).toContain('CUDA_VISIBLE_DEVICES');
    const subset = { ...oneGpu, env: { CUDA_VISIBLE_DEVICES: '0' } };
    expect(warmTrainingRefusal(auto, { ...lora, use_cpu: false }, subset, { environment: workerEnvironment(auto) })).toContain('CUDA_VISIBLE_DEVICES');
  });

  it('sends cold what starts processes of its own, changes the whole process, or was never checked in a shared one', () => {
    const worker = { environment: workerEnvironment(cpu) };
    expect(warmTrainingRefusal(cpu, lora, cpuLaunch, undefined)).toBe('no warm worker for this run');
    expect(warmTrainingRefusal(cpu, lora, { ...oneGpu, gpus: 2, torchrun: true }, worker)).toContain('torchrun');
    expect(warmTrainingRefusal(cpu, lora, { ...oneGpu, gpus: 0 }, worker)).toContain('choice of GPUs');
    expect(warmTrainingRefusal(cpu, { ...lora, stage: 'dpo' }, cpuLaunch, worker)).toContain('stage dpo');
    expect(warmTrainingRefusal(cpu, { ...lora, shift_attn: true, neat_packing: true }, cpuLaunch, worker)).toBe(
      'shift_attn, neat_packing change the whole process',
    );
    expect(warmTrainingRefusal(cpu, { ...lora, quantization_bit: 4 }, cpuLaunch, worker)).toContain('quantization_bit');
    expect(warmTrainingRefusal(cpu, { ...lora, deepspeed: '/ds.json' }, cpuLaunch, worker)).toContain('deepspeed');
    expect(warmTrainingRefusal(cpu, { ...lora, shift_attn: false, deepspeed: null }, cpuLaunch, worker)).toBeNull();
  });
});
