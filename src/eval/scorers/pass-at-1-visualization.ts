import { z } from 'zod';
import type { ScorerEntry } from '../scorer.js';
import { defineScorer } from './define-scorer.js';

const PassAt1VisualizationParamsSchema = z.strictObject({});

const REASON = 'needs code execution in the sandbox (issue #4)';

/**
 * TableBench visualization Pass@1: the model's matplotlib code must run and draw the reference
 * chart's data. That needs a sandbox to execute untrusted code, which the eval layer does not
 * have yet, so this scorer is registered (tasks can name it) but reports no value.
 */
export const passAt1VisualizationScorer: ScorerEntry<typeof PassAt1VisualizationParamsSchema> = {
  id: 'pass-at-1-visualization',
  description: 'Pass@1 of generated matplotlib code (TableBench visualization); unsupported until sandbox execution exists.',
  direction: 'higher',
  params: PassAt1VisualizationParamsSchema,
  async create() {
    return defineScorer({
      id: 'pass-at-1-visualization',
      direction: 'higher',
      best: 1,
      unsupported: REASON,
      score(_output, sample) {
        return { id: sample.id, subtask: sample.subtask, value: 0, formatError: false, detail: 'unsupported' };
      },
      aggregate: () => null,
    });
  },
};
