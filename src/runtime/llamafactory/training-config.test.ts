import { describe, expect, it } from 'vitest';
import {
  applyAcceleratorFacts,
  buildTrainingConfig,
  fineTuningMethodOf,
  fineTuningMethodSettings,
  FINE_TUNING_METHODS,
  trainingPrecisionOf,
  trainingTemplateFor,
} from './training-config.js';
import { validateTrainingConfig } from './validate-training-config.js';

const template = trainingTemplateFor('Qwen/Qwen2.5-7B-Instruct');
const paths = { dataset: 'ftdojo_train', dataset_dir: 'data', output_dir: 'output' };

describe('buildTrainingConfig', () => {
  it('keeps the CPU config exactly as before', () => {
    const config = buildTrainingConfig({ modelPath: '/m', template: trainingTemplateFor('SmolLM2-135M'), device: 'cpu', settings: { learning_rate: 1e-4 } });
    expect(config).toEqual({
      model_name_or_path: '/m',
      template: 'smollm2',
      default_system: '',
      stage: 'sft',
      do_train: true,
      finetuning_type: 'lora',
      overwrite_output_dir: true,
      report_to: 'none',
      plot_loss: true,
      logging_steps: 5,
      include_num_input_tokens_seen: 'non_padding',
      save_strategy: 'no',
      seed: 42,
      data_seed: 42,
      use_cpu: true,
      bf16: false,
      fp16: false,
      disable_gradient_checkpointing: true,
      dataloader_pin_memory: false,
      dataloader_num_workers: 0,
      preprocessing_num_workers: 1,
      optim: 'adamw_torch',
      learning_rate: 1e-4,
    });
  });

  it("on CPU: bf16 autocast where the CPU precision check chose it, fp32 otherwise; the submission's own choice wins", () => {
    const smol = { modelPath: '/m', template: trainingTemplateFor('SmolLM2-135M'), device: 'cpu' as const };
    expect(buildTrainingConfig({ ...smol, cpuPrecision: 'bf16' })).toMatchObject({ use_cpu: true, bf16: true, fp16: false });
    expect(buildTrainingConfig({ ...smol, cpuPrecision: 'fp32' })).toMatchObject({ use_cpu: true, bf16: false, fp16: false });
    expect(buildTrainingConfig({ ...smol, cpuPrecision: 'bf16', settings: { bf16: false } }).bf16).toBe(false);
    expect(buildTrainingConfig({ ...smol, cpuPrecision: 'fp32', settings: { bf16: true } }).bf16).toBe(true);
    expect(validateTrainingConfig({ ...buildTrainingConfig({ ...smol, cpuPrecision: 'bf16' }), ...paths })).toEqual([]);
    expect(trainingPrecisionOf(buildTrainingConfig({ ...smol, cpuPrecision: 'bf16' }))).toBe('bf16');
    expect(trainingPrecisionOf(buildTrainingConfig(smol))).toBe('fp32');
    expect(trainingPrecisionOf({ fp16: true })).toBe('fp16');
    expect(trainingPrecisionOf({ pure_bf16: true })).toBe('bf16');
  });

  it('on a GPU: bf16, sdpa attention and gradient checkpointing by default; fp16 and fa2 where the device says so', () => {
    const plain = buildTrainingConfig({ modelPath: 'Qwen/Qwen2.5-7B-Instruct', template, device: 'gpu' });
    expect(plain).toMatchObject({ bf16: true, fp16: false, flash_attn: 'sdpa', disable_gradient_checkpointing: false });
    expect(plain.use_cpu).toBeUndefined();
    const t4 = buildTrainingConfig({ modelPath: 'm', template, device: 'gpu', accelerator: { bf16: false, flashAttention2: false } });
    expect(t4).toMatchObject({ bf16: false, fp16: true, flash_attn: 'sdpa' });
    const h100 = buildTrainingConfig({ modelPath: 'm', template, device: 'gpu', accelerator: { bf16: true, flashAttention2: true } });
    expect(h100).toMatchObject({ bf16: true, fp16: false, flash_attn: 'fa2' });
    expect(validateTrainingConfig({ ...h100, ...paths })).toEqual([]);
  });

  it('a chosen precision comes alone: fp16 turns the default bf16 off', () => {
    expect(buildTrainingConfig({ modelPath: 'm', template, device: 'gpu', settings: { fp16: true } })).toMatchObject({ fp16: true, bf16: false });
    expect(
      buildTrainingConfig({ modelPath: 'm', template, device: 'gpu', accelerator: { bf16: false, flashAttention2: false }, settings: { bf16: true } }),
    ).toMatchObject({
      bf16: true,
      fp16: false,
    });
  });
});

describe('applyAcceleratorFacts', () => {
  const gpu = buildTrainingConfig({ modelPath: 'm', template, device: 'gpu' });

  it('sets precision and attention unless the submission chose them', () => {
    expect(applyAcceleratorFacts(gpu, { bf16: false, flashAttention2: true })).toMatchObject({ bf16: false, fp16: true, flash_attn: 'fa2' });
    expect(applyAcceleratorFacts({ ...gpu, bf16: true }, { bf16: false, flashAttention2: true }, { bf16: true, flash_attn: 'sdpa' })).toMatchObject({
      bf16: true,
      flash_attn: 'sdpa',
    });
  });

  it('leaves a CPU config alone', () => {
    const cpu = buildTrainingConfig({ modelPath: 'm', template, device: 'cpu' });
    expect(applyAcceleratorFacts(cpu, { bf16: true, flashAttention2: true })).toBe(cpu);
  });
});

describe('fine-tuning methods', () => {
  it('are LLaMA-Factory keys the pinned version accepts, and read back', () => {
    for (const method of FINE_TUNING_METHODS) {
      const config = buildTrainingConfig({ modelPath: 'm', template, device: 'gpu', settings: fineTuningMethodSettings(method) });
      expect(validateTrainingConfig({ ...config, ...paths })).toEqual([]);
      expect(fineTuningMethodOf(config)).toBe(method);
    }
    expect(fineTuningMethodSettings('qlora')).toEqual({ finetuning_type: 'lora', quantization_bit: 4 });
    expect(fineTuningMethodOf({ finetuning_type: 'freeze' })).toBeNull();
    expect(fineTuningMethodOf({})).toBe('lora');
  });
});
