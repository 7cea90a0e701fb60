import { describe, expect, it } from 'vitest';
import { describeBudget, describeData, describeTraining, formatDuration, formatScore, formatValue } from './report-format.js';
import { hypothesisFixture } from './run-report-fixture.js';

describe('report formatting', () => {
  it('writes scores with three decimals and their interval', () => {
    expect(formatValue(0.4)).toBe('0.400');
    expect(formatValue(1)).toBe('1.000');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(Number.NaN)).toBe('—');
    expect(formatScore({ metric: 'accuracy', value: 0.5, interval: { low: 0.4, high: 0.6, level: 0.95 } })).toBe('0.500 [0.400, 0.600]');
    expect(formatScore({ metric: 'accuracy', value: 0.5, interval: null })).toBe('0.500');
    expect(formatScore(null)).toBe('—');
  });

  it('writes durations in seconds, minutes or hours', () => {
    expect(formatDuration(45.4)).toBe('45 s');
    expect(formatDuration(725)).toBe('12 min 05 s');
    expect(formatDuration(1800)).toBe('30 min');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(null)).toBe('—');
  });

  it('names the budget limits that are set', () => {
    expect(describeBudget({ wallSeconds: 1200, trainingSeconds: null, llmTokens: 5000, experiments: 3 })).toBe(
      '20 min wall clock, 3 experiments, 5000 LLM tokens',
    );
    expect(describeBudget({ wallSeconds: null, trainingSeconds: null, llmTokens: null, experiments: null })).toBe('no limit');
  });

  it('names the key data and training settings of a plan', () => {
    const plan = hypothesisFixture({
      data: {
        count: 1200,
        seed: 0,
        response: 'solution-then-target',
        maxCharacters: 4000,
        balance: 'subtask',
        subtasks: [],
        dedupe: false,
        synthesizeRows: 50,
      },
    });
    expect(describeData(plan.data)).toBe('1200 rows · solution then target · balance subtask · ≤ 4000 characters · duplicates kept · 50 synthesized');
    expect(
      describeTraining({
        learning_rate: 0.0001,
        num_train_epochs: 1,
        lora_rank: 16,
        per_device_train_batch_size: 4,
        gradient_accumulation_steps: 2,
        lr_scheduler_type: 'cosine',
      }),
    ).toBe('lr 0.0001 · 1 epoch · LoRA rank 16 · batch 4 × 2 · cosine');
    expect(describeTraining({})).toBe('defaults');
  });
});
