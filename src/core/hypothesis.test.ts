import { describe, expect, it } from 'vitest';
import { fineTuningMethodOfChanges, TrainingChangesSchema, withFineTuningMethod } from './hypothesis.js';

describe('the fine-tuning method a hypothesis chooses', () => {
  const lora = { learning_rate: 2e-4, lora_rank: 16, lora_alpha: 32, cutoff_len: 1024 };

  it('is LoRA unless the settings say full or 4-bit', () => {
    expect(fineTuningMethodOfChanges(lora)).toBe('lora');
    expect(fineTuningMethodOfChanges({ ...lora, quantization_bit: 4 })).toBe('qlora');
    expect(fineTuningMethodOfChanges({ learning_rate: 1e-5, finetuning_type: 'full' })).toBe('full');
  });

  it('sets the method as LLaMA-Factory keys, dropping the LoRA keys for full fine-tuning', () => {
    expect(withFineTuningMethod(lora, 'qlora')).toEqual({ ...lora, finetuning_type: 'lora', quantization_bit: 4 });
    expect(withFineTuningMethod(lora, 'full')).toEqual({ learning_rate: 2e-4, cutoff_len: 1024, finetuning_type: 'full' });
    expect(withFineTuningMethod({ ...lora, quantization_bit: 4 }, 'lora')).toEqual(lora);
    for (const method of ['lora', 'qlora', 'full'] as const) expect(TrainingChangesSchema.parse(withFineTuningMethod(lora, method))).toBeTruthy();
  });

  it('accepts only what LLaMA-Factory and ftdojo train', () => {
    expect(TrainingChangesSchema.safeParse({ finetuning_type: 'freeze' }).success).toBe(false);
    expect(TrainingChangesSchema.safeParse({ quantization_bit: 8 }).success).toBe(false);
  });
});
