import { describe, expect, it } from 'vitest';
import type { Feedback, RunEventDraft, RunStage } from '../core/index.js';
import { parseFeedback, RUN_EVENT_VERSION } from '../core/index.js';
import { replayRun } from '../store/index.js';
import { describeTotals } from './report-format.js';
import { FIXTURE_META } from './run-report-fixture.js';
import { runTotals, TOTALS_STAGE_OF } from './run-totals.js';
import { readFileSync } from 'node:fs';

const EXAMPLE = parseFeedback(JSON.parse(readFileSync(new URL('../core/fixtures/feedback-v1.example.json', import.meta.url), 'utf8')));

function state(drafts: RunEventDraft[]) {
  return replayRun(
    [{ type: 'run-started', ...FIXTURE_META, taskFile: null } as RunEventDraft, ...drafts].map((draft, index) => ({
      ...draft,
      schemaVersion: RUN_EVENT_VERSION,
      runId: 'run',
      seq: index + 1,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, index * 10)).toISOString(),
    })) as Parameters<typeof replayRun>[0],
  );
}

const stage = (name: RunStage, seconds: number, experimentId: string | null = 'exp-001'): RunEventDraft[] => [
  { type: 'stage-started', experimentId, stage: name },
  { type: 'stage-finished', experimentId, stage: name, outcome: 'succeeded', seconds },
];

describe('runTotals', () => {
  it('maps every stage the log knows onto a part of the totals', () => {
    expect(Object.keys(TOTALS_STAGE_OF).sort()).toEqual(['decide', 'evaluate', 'implement', 'propose', 'record', 'train', 'validate']);
  });

  it('sums stages by part (decide and record join propose), held-out from the gap before test-scored, tokens from the feedback', () => {
    const run = state([
      { type: 'iteration-started', iteration: 1, parentExperimentId: null },
      ...stage('propose', 0.5, null),
      ...stage('implement', 0.1),
      ...stage('validate', 30.25),
      ...stage('train', 100),
      ...stage('evaluate', 40),
      ...stage('decide', 0.2),
      ...stage('record', 0.3),
      { type: 'iteration-finished', iteration: 1 },
      { type: 'iteration-started', iteration: 2, parentExperimentId: 'exp-001' },
      ...stage('validate', 5, 'exp-002'),
      ...stage('train', 1.5, 'exp-002'),
      { type: 'iteration-finished', iteration: 2 },
      { type: 'iteration-started', iteration: 3, parentExperimentId: 'exp-001' },
      ...stage('validate', 2, 'exp-003'),
      { type: 'iteration-finished', iteration: 3 },
      { type: 'test-scored', experimentId: 'exp-001', metric: 'accuracy', value: 0.5, interval: null },
    ]);
    const feedback: Record<string, Feedback | null> = {
      'exp-001': EXAMPLE,
      // Trained, but the trainer wrote no metrics.
      'exp-002': { ...EXAMPLE, training: { ...EXAMPLE.training!, trainSeconds: null, throughput: { ...EXAMPLE.training!.throughput, tokensPerSecond: null } } },
      // Failed validation: never trained.
      'exp-003': { ...EXAMPLE, training: null },
    };
    const totals = runTotals(run, (experimentId) => feedback[experimentId] ?? null);
    expect(totals).toEqual({
      trainedTokens: 50_000,
      experimentsWithoutTokens: 1,
      stageSeconds: { propose: 1, implement: 0.1, validate: 37.25, train: 101.5, evaluate: 40, heldOut: 10 },
    });
    expect(describeTotals(totals)).toBe(
      '50,000 tokens trained (1 experiment(s) that trained reported no count) · time: propose 1% · implement 0% · validate 20% · train 53% · evaluate 21% · held-out 5%',
    );
  });

  it('says when nothing trained and no stage took time', () => {
    const totals = runTotals(state([]), () => null);
    expect(totals).toEqual({
      trainedTokens: null,
      experimentsWithoutTokens: 0,
      stageSeconds: { propose: 0, implement: 0, validate: 0, train: 0, evaluate: 0, heldOut: 0 },
    });
    expect(describeTotals(totals)).toBe('no trained tokens reported · no stage time recorded');
  });
});
