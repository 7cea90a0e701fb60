import { describe, expect, it } from 'vitest';
import { executionFeedback } from './execution-feedback.js';
import { trainingOutcome } from './feedback-test-facts.js';

describe('executionFeedback', () => {
  it('carries no error for a run that succeeded', () => {
    expect(executionFeedback({ stage: 'done', state: 'succeeded' }, trainingOutcome())).toEqual({
      stage: 'done',
      state: 'succeeded',
      exitCode: null,
      error: null,
    });
  });

  it("prefers the runner's classification, then the failed training run's, then TIMEOUT or UNKNOWN", () => {
    const failed = trainingOutcome({
      state: 'failed',
      category: 'CONFIG',
      rootCause: ["ValueError: Some keys are not used by the HfArgumentParser: ['lora_rnk']"],
      hint: 'check the key names',
      exitCode: 1,
    });
    expect(executionFeedback({ stage: 'validate-runtime', state: 'failed' }, failed).error).toMatchObject({ category: 'CONFIG', hint: 'check the key names' });
    expect(executionFeedback({ stage: 'validate-runtime', state: 'failed', exitCode: 3 }, failed).exitCode).toBe(3);
    expect(
      executionFeedback({
        stage: 'validate-static',
        state: 'failed',
        error: { category: 'CONFIG', rootCause: ['unknown key lora_rnk'], hint: 'did you mean lora_rank?' },
      }).error!.rootCause,
    ).toEqual(['unknown key lora_rnk']);
    expect(executionFeedback({ stage: 'train', state: 'timeout' }, trainingOutcome({ state: 'timeout', category: undefined })).error!.category).toBe('TIMEOUT');
    expect(executionFeedback({ stage: 'evaluate', state: 'timeout' }).error).toEqual({ category: 'TIMEOUT', rootCause: [], hint: '' });
    expect(executionFeedback({ stage: 'evaluate', state: 'failed' }).error!.category).toBe('UNKNOWN');
  });

  it('keeps the last twenty root-cause lines, each cut to an excerpt', () => {
    const rootCause = Array.from({ length: 30 }, (_, index) => `line ${index} ${'x'.repeat(index === 29 ? 5000 : 0)}`);
    const error = executionFeedback({ stage: 'train', state: 'failed' }, trainingOutcome({ state: 'failed', category: 'DATA', rootCause })).error!;
    expect(error.rootCause).toHaveLength(20);
    expect(error.rootCause[0]).toBe('line 10 ');
    expect(error.rootCause[19]!.length).toBeLessThanOrEqual(400);
  });
});
