import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../agent/index.js';
import { initialHypothesis } from '../../agent/index.js';
import { createAgentProgress } from './agent-progress.js';

describe('createAgentProgress', () => {
  it('prints one line per step with loss, ETA and budget left, and evaluation in tenths', () => {
    const lines: string[] = [];
    let clock = 0;
    const progress = createAgentProgress({ out: () => undefined, err: (text) => void lines.push(stripVTControlCharacters(text)) }, () => clock);
    const train = (step: number, loss: number): AgentEvent => ({ kind: 'experiment', iteration: 1, event: { kind: 'train', progress: { phase: 'training', step, totalSteps: 4, loss, elapsedSeconds: 10, remainingSeconds: 30 } } });
    progress({ kind: 'iteration', iteration: 1, attempt: 1, remainingSeconds: 600 });
    progress({ kind: 'hypothesis', iteration: 1, hypothesis: initialHypothesis({ sampleCap: 400, poolHasSolutions: false, modelContext: 2048, remainingSeconds: 600, tokensPerSecond: 60, charactersPerToken: 1.5 }) });
    progress({ kind: 'experiment', iteration: 1, event: { kind: 'stage', stage: 'train' } });
    clock = 60_000;
    for (const event of [train(1, 2.5), train(1, 2.5), train(1, 2.5), train(2, 2.1)]) progress(event);
    for (let done = 0; done <= 50; done += 1) progress({ kind: 'experiment', iteration: 1, event: { kind: 'eval', role: 'candidate', progress: { done, total: 50, samplesPerSecond: 1, tokensPerSecond: 10 } } });
    expect(lines[0]).toBe('› iteration 1 · 10.0 min of budget left');
    expect(lines.filter((line) => line.includes('step 1/4'))).toEqual(['    step 1/4 · loss 2.500 · ETA 30 s · 9.0 min of budget left']);
    expect(lines.filter((line) => line.includes('evaluate '))).toHaveLength(11);
  });
});
