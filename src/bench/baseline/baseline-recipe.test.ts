import { describe, expect, it } from 'vitest';
import { getTask } from '../../tasks/index.js';
import { validateTrainingConfig, buildTrainingConfig, trainingTemplateFor } from '../../runtime/index.js';
import { baselineRecipe, recipeSettings, sizeBaselineTraining } from './baseline-recipe.js';

const financeiq = getTask('financeiq').spec;

describe('baseline recipe', () => {
  it('is the documented LoRA recipe, sized for the CPU on mini and the GPU on paper', () => {
    const mini = baselineRecipe(financeiq, 'mini');
    expect(mini).toMatchObject({
      device: 'cpu',
      loraRank: 8,
      loraAlpha: 16,
      scheduler: 'cosine',
      cutoffLen: 512,
      bf16: false,
      batchSize: 4,
      gradientAccumulation: 2,
    });
    expect(mini.trainSeconds).toBeLessThanOrEqual(financeiq.profiles.mini.budget.wallClockSeconds);
    expect(baselineRecipe(financeiq, 'paper')).toMatchObject({ device: 'gpu', bf16: true, batchSize: 4, gradientAccumulation: 4 });
  });

  it('cuts the sample count before raising epochs, and raises epochs when the budget allows', () => {
    const recipe = { ...baselineRecipe(financeiq, 'mini'), trainSeconds: 100, assumedTokensPerSecond: 100, maxEpochs: 3 };
    const lengths = Array.from({ length: 400 }, () => 250);
    expect(sizeBaselineTraining(recipe, lengths, 400)).toMatchObject({ samples: 40, epochs: 1 });
    expect(sizeBaselineTraining(recipe, lengths, 10)).toMatchObject({ samples: 10, epochs: 3 });
    expect(sizeBaselineTraining(recipe, lengths, 20)).toMatchObject({ samples: 20, epochs: 2 });
    // Always at least one example and one step.
    expect(sizeBaselineTraining({ ...recipe, trainSeconds: 0 }, lengths, 400)).toMatchObject({ samples: 1, epochs: 1, steps: 1 });
  });

  it('counts optimizer updates per epoch', () => {
    const recipe = {
      ...baselineRecipe(financeiq, 'mini'),
      trainSeconds: 1000,
      assumedTokensPerSecond: 1000,
      maxEpochs: 2,
      batchSize: 4,
      gradientAccumulation: 2,
    };
    // 100 examples, 8 per update: 13 updates an epoch, two epochs fit.
    expect(
      sizeBaselineTraining(
        recipe,
        Array.from({ length: 100 }, () => 256),
        100,
      ),
    ).toMatchObject({ samples: 100, epochs: 2, steps: 26, estimatedSeconds: 51 });
  });

  it('gives LLaMA-Factory settings the validator accepts', () => {
    const recipe = baselineRecipe(financeiq, 'mini');
    const sizing = sizeBaselineTraining(
      recipe,
      Array.from({ length: 200 }, () => 300),
      400,
    );
    const config = buildTrainingConfig({
      modelPath: '/m',
      template: trainingTemplateFor('SmolLM2'),
      device: 'cpu',
      settings: recipeSettings(recipe, sizing, 5),
    });
    expect(validateTrainingConfig({ ...config, dataset: 'd', dataset_dir: '/d', output_dir: '/o' })).toEqual([]);
    expect(config).toMatchObject({ max_steps: 5, save_steps: 2, save_only_model: true, lora_target: 'all', lr_scheduler_type: 'cosine' });
  });
});
