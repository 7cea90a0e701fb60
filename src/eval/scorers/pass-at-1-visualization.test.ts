import { describe, expect, it } from 'vitest';
import type { Sample } from '../../core/index.js';
import { passAt1VisualizationScorer } from './pass-at-1-visualization.js';

const sample: Sample = { id: 'vis-1', prompt: 'p', reference: 'y_references = [[1, 2]]', target: '```python\n```', meta: {} };

describe('pass-at-1-visualization', () => {
  it('is registered as unsupported and scores nothing', async () => {
    const scorer = await passAt1VisualizationScorer.create({});
    expect(scorer.unsupported).toMatch(/sandbox/);
    const outcome = scorer.score('```python\nplt.show()\n```', sample);
    expect(outcome).toEqual({ id: 'vis-1', subtask: undefined, value: 0, formatError: false, detail: 'unsupported' });
    expect(scorer.aggregate([outcome])).toBeNull();
  });
});
