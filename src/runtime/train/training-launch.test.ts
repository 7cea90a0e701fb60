import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { fakeDeviceProbe, H100, MODEL_CONFIGS } from '../../testing/device-probes.js';
import { modelShape } from '../device/index.js';
import { buildTrainingConfig, trainingTemplateFor } from '../llamafactory/index.js';
import { trainingCommand } from './training-environment.js';
import { deepspeedConfigPath, planTrainingLaunch, visibleDevicesFor, zeroStageOf } from './training-launch.js';

const qwen = modelShape(MODEL_CONFIGS.qwen25_7b)!;
const template = trainingTemplateFor('Qwen/Qwen2.5-7B-Instruct');
const gpuConfig = (settings: Record<string, unknown> = {}) =>
  buildTrainingConfig({ modelPath: '/models/qwen', template, device: 'gpu', settings: { cutoff_len: 2048, per_device_train_batch_size: 1, ...settings } });

describe('the shipped DeepSpeed configs', () => {
  it('are ZeRO-2 and ZeRO-3, with every size and precision left to the trainer ("auto")', () => {
    for (const stage of [2, 3] as const) {
      const path = deepspeedConfigPath(stage);
      expect(existsSync(path)).toBe(true);
      const config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      expect(zeroStageOf(path)).toBe(stage);
      expect(config).toMatchObject({
        train_batch_size: 'auto',
        train_micro_batch_size_per_gpu: 'auto',
        gradient_accumulation_steps: 'auto',
        bf16: { enabled: 'auto' },
      });
    }
    expect(zeroStageOf({ zero_optimization: { stage: 3 } })).toBe(3);
  });
});

describe('planTrainingLaunch', () => {
  it('runs a CPU config as one process, whatever GPUs there are', () => {
    const cpu = buildTrainingConfig({ modelPath: 'm', template, device: 'cpu' });
    expect(planTrainingLaunch({ config: cpu, probe: fakeDeviceProbe([H100, H100]), shape: qwen, maxGpus: null })).toMatchObject({
      device: 'cpu',
      gpus: 0,
      torchrun: false,
      env: {},
    });
  });

  it('trains LoRA on one GPU without DeepSpeed, and names that GPU when more are visible', () => {
    const single = planTrainingLaunch({ config: gpuConfig(), probe: fakeDeviceProbe([H100]), shape: qwen, maxGpus: null });
    expect(single).toMatchObject({ device: 'cuda', gpus: 1, zeroStage: 0, torchrun: false, deepspeedConfig: null, env: {} });
    const limited = planTrainingLaunch({ config: gpuConfig(), probe: fakeDeviceProbe([H100, H100, H100], {}, '4,5,6'), shape: qwen, maxGpus: 1 });
    expect(limited.env).toEqual({ CUDA_VISIBLE_DEVICES: '4' });
  });

  it("launches several GPUs through LLaMA-Factory's torchrun path with ZeRO-2", () => {
    const launch = planTrainingLaunch({ config: gpuConfig(), probe: fakeDeviceProbe([H100, H100], { deepspeed: true }), shape: qwen, maxGpus: null });
    expect(launch).toMatchObject({
      gpus: 2,
      zeroStage: 2,
      torchrun: true,
      deepspeedConfig: deepspeedConfigPath(2),
      env: { FORCE_TORCHRUN: '1', NPROC_PER_NODE: '2' },
    });
    expect(launch.projectedBytes).toBeLessThan(launch.usableBytes!);
  });

  it('takes ZeRO-3 when ZeRO-2 would not fit', () => {
    const a100 = { name: 'NVIDIA A100-SXM4-40GB', totalGiB: 39.4 };
    const launch = planTrainingLaunch({
      config: gpuConfig({ finetuning_type: 'full' }),
      probe: fakeDeviceProbe([a100, a100, a100, a100], { deepspeed: true }),
      shape: qwen,
      maxGpus: null,
    });
    expect(launch).toMatchObject({ gpus: 4, zeroStage: 3, deepspeedConfig: deepspeedConfigPath(3), env: { NPROC_PER_NODE: '4' } });
    expect(launch.reason).toBe('ZeRO-3 across 4 GPUs (ZeRO-2 would not fit)');
  });

  it('runs data parallel without DeepSpeed, and ZeRO-2 when the model size is unknown', () => {
    expect(planTrainingLaunch({ config: gpuConfig(), probe: fakeDeviceProbe([H100, H100]), shape: qwen, maxGpus: null })).toMatchObject({
      zeroStage: 0,
      torchrun: true,
      deepspeedConfig: null,
    });
    expect(planTrainingLaunch({ config: gpuConfig(), probe: fakeDeviceProbe([H100, H100], { deepspeed: true }), shape: null, maxGpus: null })).toMatchObject({
      zeroStage: 2,
      projectedBytes: null,
    });
  });

  it('keeps a DeepSpeed config the caller chose, with torchrun even on one GPU', () => {
    const own = planTrainingLaunch({ config: gpuConfig({ deepspeed: deepspeedConfigPath(3) }), probe: fakeDeviceProbe([H100]), shape: qwen, maxGpus: null });
    expect(own).toMatchObject({
      gpus: 1,
      zeroStage: 3,
      torchrun: true,
      deepspeedConfig: deepspeedConfigPath(3),
      env: { FORCE_TORCHRUN: '1', NPROC_PER_NODE: '1' },
    });
  });

  it('leaves the device to LLaMA-Factory when there is no probe or no GPU', () => {
    expect(planTrainingLaunch({ config: gpuConfig(), probe: null, shape: qwen, maxGpus: null })).toMatchObject({ gpus: 0, env: {}, torchrun: false });
    expect(planTrainingLaunch({ config: gpuConfig(), probe: fakeDeviceProbe([]), shape: qwen, maxGpus: null }).reason).toMatch(/no CUDA GPU is visible/);
  });

  it('names the first visible devices as CUDA_VISIBLE_DEVICES lists them', () => {
    expect(visibleDevicesFor(null, 4, 2)).toBe('0,1');
    expect(visibleDevicesFor('GPU-a1, GPU-b2,GPU-c3', 3, 2)).toBe('GPU-a1,GPU-b2');
  });
});

describe('trainingCommand with a launch', () => {
  const runtime = resolveRuntimeConfig({ FTDOJO_HOME: '/tmp/ftdojo-launch', FTDOJO_PYTHON: '/venv/bin/python', PATH: '/usr/bin', NNODES: '4', RDZV_ID: 'x' });

  it("puts the launch's variables on the trainer, the venv's bin first on PATH, and no inherited launcher settings", () => {
    const launch = planTrainingLaunch({ config: gpuConfig(), probe: fakeDeviceProbe([H100, H100], { deepspeed: true }), shape: qwen, maxGpus: null });
    const { env, args } = trainingCommand(runtime, gpuConfig(), '/run/train.yaml', launch);
    expect(args).toEqual(['-m', 'llamafactory.cli', 'train', '/run/train.yaml']);
    expect(env).toMatchObject({ FORCE_TORCHRUN: '1', NPROC_PER_NODE: '2', PATH: '/venv/bin:/usr/bin' });
    expect(env.NNODES).toBeUndefined();
    expect(env.RDZV_ID).toBeUndefined();
  });

  it('hides the GPUs from a CPU run, as before', () => {
    const cpu = buildTrainingConfig({ modelPath: 'm', template, device: 'cpu' });
    const { env } = trainingCommand(runtime, cpu, '/run/train.yaml', planTrainingLaunch({ config: cpu, probe: null, shape: null, maxGpus: null }));
    expect(env.CUDA_VISIBLE_DEVICES).toBe('');
    expect(env.FORCE_TORCHRUN).toBeUndefined();
    expect(env.PATH).toBe('/usr/bin');
  });
});
