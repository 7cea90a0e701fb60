import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../agent/index.js';
import { initialHypothesis } from '../../agent/index.js';
import type { ExperimentStatusMessage } from '../../core/index.js';
import { createAgentProgress } from './agent-progress.js';

const status = (change: Partial<ExperimentStatusMessage>): AgentEvent => ({
  kind: 'status',
  iteration: 1,
  status: {
    schemaVersion: 1,
    kind: 'experiment-status',
    experimentId: 'exp-001',
    parentExperimentId: null,
    state: 'running',
    phase: 'train',
    seconds: 1,
    tiers: [],
    train: null,
    evaluate: null,
    primaryMetric: null,
    feedbackReady: false,
    ...change,
  },
});

describe('createAgentProgress', () => {
  it('shows a slow planning call is alive: a line every 10 s with tokens received and the time it may take', () => {
    const lines: string[] = [];
    const progress = createAgentProgress({ out: () => undefined, err: (text) => void lines.push(stripVTControlCharacters(text)) }, () => 0);
    progress({ kind: 'iteration', iteration: 1, attempt: 1, remainingSeconds: 600 });
    for (const [tokens, elapsedSeconds] of [
      [5, 2],
      [40, 10.5],
      [60, 15],
      [90, 21],
    ] as const)
      progress({ kind: 'planning', iteration: 1, progress: { tokens, elapsedSeconds, limitSeconds: 60 } });
    expect(lines.slice(1)).toEqual([
      '  planning: 40 tokens received · 11 s of the 60 s it may take · 10.0 min of budget left',
      '  planning: 90 tokens received · 21 s of the 60 s it may take · 10.0 min of budget left',
    ]);
  });

  it('prints one line per phase, one per training step with loss, ETA and budget left, and evaluation in tenths', () => {
    const lines: string[] = [];
    let clock = 0;
    const progress = createAgentProgress({ out: () => undefined, err: (text) => void lines.push(stripVTControlCharacters(text)) }, () => clock);
    const train = (step: number, loss: number) => status({ train: { step, totalSteps: 4, loss, etaSeconds: 30 } });
    progress({ kind: 'iteration', iteration: 1, attempt: 1, remainingSeconds: 600 });
    progress({
      kind: 'hypothesis',
      iteration: 1,
      hypothesis: initialHypothesis({
        sampleCap: 400,
        poolHasSolutions: false,
        modelContext: 2048,
        remainingSeconds: 600,
        tokensPerSecond: 60,
        charactersPerToken: 1.5,
      }),
    });
    progress(status({ phase: 'train' }));
    clock = 60_000;
    for (const event of [train(1, 2.5), train(1, 2.5), train(1, 2.5), train(2, 2.1)]) progress(event);
    for (let done = 0; done <= 50; done += 1) progress(status({ phase: 'evaluate', evaluate: { role: 'candidate', done, total: 50 } }));
    progress(status({ phase: 'done', state: 'succeeded' }));
    expect(lines[0]).toBe('› iteration 1 · 10.0 min of budget left');
    expect(lines.filter((line) => line.startsWith('  train'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('step 1/4'))).toEqual(['    step 1/4 · loss 2.500 · ETA 30 s · 9.0 min of budget left']);
    // The phase line, then one line per tenth (0 to 10) after the event that opened the phase.
    expect(lines.filter((line) => line.startsWith('  evaluate · '))).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('    evaluate '))).toHaveLength(11);
    expect(lines.some((line) => line.includes('done'))).toBe(false);
  });
});
