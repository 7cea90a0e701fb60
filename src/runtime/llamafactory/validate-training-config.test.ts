import { describe, expect, it } from 'vitest';
import { buildTrainingConfig, trainingTemplateFor } from './training-config.js';
import { validateTrainingConfig } from './validate-training-config.js';

function valid(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...buildTrainingConfig({ modelPath: '/models/SmolLM2-135M-Instruct', template: trainingTemplateFor('HuggingFaceTB/SmolLM2-135M-Instruct'), device: 'cpu' }),
    dataset: 'ftdojo_train',
    dataset_dir: '/run/data',
    output_dir: '/run/output',
    ...extra,
  };
}

describe('validateTrainingConfig', () => {
  it('accepts what buildTrainingConfig makes', () => {
    expect(validateTrainingConfig(valid())).toEqual([]);
    expect(
      validateTrainingConfig(
        valid({ lora_rank: 8, lora_alpha: 16, lora_target: 'all', learning_rate: 1e-4, num_train_epochs: 2, lr_scheduler_type: 'cosine', warmup_ratio: 0.1 }),
      ),
    ).toEqual([]);
  });

  it('names an unknown key and the known key nearest to it', () => {
    expect(validateTrainingConfig(valid({ lora_rnak: 8 }))).toEqual([
      { key: 'lora_rnak', code: 'unknown-key', message: expect.stringContaining('unknown key "lora_rnak" (did you mean "lora_rank"?)') },
    ]);
    expect(validateTrainingConfig(valid({ learning_rte: 1e-4 }))[0]!.message).toContain('did you mean "learning_rate"');
  });

  it('lists keys that contain an unknown short name when no key is near it', () => {
    const [problem] = validateTrainingConfig(valid({ epochs: 3 }));
    expect(problem!.message).toContain('keys containing it: num_train_epochs, ppo_epochs');
  });

  it('says nothing helpful rather than something wrong for a name unlike any key', () => {
    const [problem] = validateTrainingConfig(valid({ zzqx: 1 }));
    expect(problem!.message).not.toContain('did you mean');
  });

  it('refuses wrong value types and says what the key takes', () => {
    const problems = validateTrainingConfig(valid({ learning_rate: '1e-4', lora_rank: 8.5, bf16: 'false', cutoff_len: null }));
    const byKey = Object.fromEntries(problems.map((problem) => [problem.key, problem]));
    expect(Object.keys(byKey).sort()).toEqual(['bf16', 'cutoff_len', 'learning_rate', 'lora_rank']);
    expect(problems.every((problem) => problem.code === 'wrong-type')).toBe(true);
    expect(byKey.learning_rate!.message).toBe('learning_rate must be a number, got the string "1e-4" (write 1e-4 without quotes)');
    expect(byKey.lora_rank!.message).toContain('must be an integer, got the number 8.5');
    expect(byKey.bf16!.message).toContain('must be true or false');
    expect(byKey.cutoff_len!.message).toContain('cutoff_len cannot be null');
  });

  it('explains a bare no that YAML 1.1 turned into false', () => {
    const [problem] = validateTrainingConfig(valid({ save_strategy: false }));
    expect(problem).toMatchObject({ key: 'save_strategy', code: 'wrong-type' });
    expect(problem!.message).toContain('quote the value, e.g. "no"');
  });

  it('accepts null where the parser does', () => {
    expect(validateTrainingConfig(valid({ lora_alpha: null, max_samples: null }))).toEqual([]);
  });

  it('refuses a value outside the choices, with the nearest choice', () => {
    const [problem] = validateTrainingConfig(valid({ lr_scheduler_type: 'cosin' }));
    expect(problem).toMatchObject({ key: 'lr_scheduler_type', code: 'not-a-choice' });
    expect(problem!.message).toContain('did you mean "cosine"');
    expect(validateTrainingConfig(valid({ finetuning_type: 'qlora' }))[0]!.message).toContain('is not one of lora, oft, freeze, full');
  });

  it('asks for comma-separated strings where the parser takes a list as one string', () => {
    const [problem] = validateTrainingConfig(valid({ lora_target: ['q_proj', 'v_proj'] }));
    expect(problem).toEqual({
      key: 'lora_target',
      code: 'list-not-string',
      message: 'lora_target takes a list as one comma-separated string, e.g. lora_target: "q_proj,v_proj"',
    });
    expect(validateTrainingConfig(valid({ dataset: ['a', 'b'] }))[0]!.code).toBe('list-not-string');
  });

  it('keeps real lists where the parser wants one', () => {
    expect(validateTrainingConfig(valid({ label_names: ['labels'] }))).toEqual([]);
  });

  it('refuses a chat template the installed LLaMA-Factory does not register, with the nearest name', () => {
    const [problem] = validateTrainingConfig(valid({ template: 'smolm2' }));
    expect(problem).toMatchObject({ key: 'template', code: 'not-a-choice' });
    expect(problem!.message).toContain('did you mean "smollm2"?');
    expect(validateTrainingConfig(valid({ template: 'qwen' }))).toEqual([]);
  });

  it('requires the keys ftdojo always sets', () => {
    const config = valid();
    delete config.template;
    delete config.output_dir;
    expect(validateTrainingConfig(config).map((problem) => [problem.key, problem.code])).toEqual([
      ['template', 'missing'],
      ['output_dir', 'missing'],
    ]);
  });

  it('refuses combinations that cannot run or would silently resume', () => {
    expect(validateTrainingConfig(valid({ fp16: true })).map((problem) => problem.code)).toEqual(['conflict']);
    expect(validateTrainingConfig(valid({ bf16: true, fp16: true })).map((problem) => problem.code)).toEqual(['conflict', 'conflict']);
    expect(validateTrainingConfig(valid({ overwrite_output_dir: false }))[0]!.message).toContain('silently resumes');
    expect(validateTrainingConfig(valid({ bf16: true }))).toEqual([]);
  });
});
