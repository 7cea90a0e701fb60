import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { BaselineResult, BaselineSplitScore } from '../../bench/index.js';
import { baselineRecipe } from '../../bench/index.js';
import type { TrainingOutcome } from '../../runtime/index.js';
import { getTask } from '../../tasks/index.js';
import { main } from '../main.js';
import { printBaselineSummary } from './baseline.js';

function score(split: 'validation' | 'test', value: number): BaselineSplitScore {
  return {
    split,
    samples: 50,
    primary: {
      metric: 'accuracy',
      value,
      direction: 'higher',
      interval: { low: value - 0.1, high: value + 0.1, level: 0.95, resamples: 1000 },
      formatErrors: 0,
    },
    metrics: { accuracy: value },
    reportPath: `eval/x/${split}/report.json`,
    seconds: 61,
  };
}

function result(training: Partial<TrainingOutcome>, scored: boolean): BaselineResult {
  const outcome: TrainingOutcome = {
    schemaVersion: 1,
    state: 'succeeded',
    rootCause: [],
    hint: '',
    lossCurve: [
      { step: 1, loss: 2.7 },
      { step: 12, loss: 0.5 },
    ],
    seconds: 700,
    exitCode: 0,
    signal: null,
    logPath: '/runs/r/train.log',
    runDir: '/runs/r',
    ...training,
  };
  return {
    state: outcome.state,
    runDir: '/runs/r',
    scoresPath: '/runs/r/scores.json',
    training: outcome,
    scores: {
      schemaVersion: 1,
      kind: 'ftdojo-baseline-scores',
      task: 'financeiq',
      profile: 'mini',
      createdAt: '2026-01-01T00:00:00.000Z',
      recipe: baselineRecipe(getTask('financeiq').spec, 'mini'),
      sizing: { samples: 94, epochs: 1, steps: 12, estimatedSeconds: 359 },
      data: {
        poolRows: 6179,
        usableRows: 6179,
        selected: 94,
        fromSolution: 0,
        skippedOverCutoff: 6,
        truncated: 0,
        tokens: { total: 28713, mean: 305, max: 499 },
        tokenizer: 'hf:SmolLM2-135M-Instruct',
      },
      training: { state: outcome.state, seconds: 700, steps: 12, firstLoss: 2.7, lastLoss: 0.5, tokensPerSecond: 41, adapterPath: '/runs/r/output' },
      scores: scored
        ? {
            base: { validation: score('validation', 0.22), test: score('test', 0.3) },
            tuned: { validation: score('validation', 0.3), test: score('test', 0.26) },
          }
        : {},
      limit: null,
    },
  };
}

function capture(run: (output: { out(text: string): void; err(text: string): void }) => void): string {
  const lines: string[] = [];
  run({ out: (text) => void lines.push(text), err: (text) => void lines.push(text) });
  // CI=true turns colours on: compare the text a reader sees.
  return stripVTControlCharacters(lines.join('\n'));
}

describe('ftdojo baseline', () => {
  it('prints base and fine-tuned side by side per split, with intervals and the difference', () => {
    const text = capture((output) => printBaselineSummary(output, result({}, true)));
    expect(text).toContain('baseline financeiq · mini · recipe manual-sft-v1-cpu');
    expect(text).toContain('data: 94 of 6179 usable pool rows (305 tokens on average, 6 passed over for length, 0 over cutoff_len)');
    expect(text).toContain('training: succeeded, 12 steps (1 epoch) in 11:40, loss 2.700 → 0.500, 41 tokens/s');
    expect(text).toMatch(/validation\s*│\s*50\s*│\s*0\.220 \[0\.120, 0\.320\]\s*│\s*0\.300 \[0\.200, 0\.400\]\s*│\s*\+0\.080/);
    expect(text).toMatch(/test\s*│\s*50\s*│\s*0\.300 \[0\.200, 0\.400\]\s*│\s*0\.260 \[0\.160, 0\.360\]\s*│\s*-0\.040/);
    expect(text).toContain('run folder: /runs/r');
  });

  it("prints a failed training's category, root cause and fix", () => {
    const failed = result(
      {
        state: 'failed',
        category: 'DATA',
        rootCause: ['File "llamafactory/data/loader.py", line 82, in _load_single_dataset', 'ValueError: File /r/data/x.json not found.'],
        hint: 'dataset_info.json names a data file that is not in dataset_dir',
      },
      false,
    );
    const text = capture((output) => printBaselineSummary(output, failed));
    expect(text).toContain('training failed (DATA):');
    expect(text).toContain('  ValueError: File /r/data/x.json not found.');
    expect(text).toContain('  fix: dataset_info.json names a data file that is not in dataset_dir');
    expect(text).not.toContain('base accuracy');
  });

  it('refuses an unknown profile and a bad --max-steps before doing anything', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ftdojo-baseline-cli-'));
    const run = async (args: string[]) => {
      const err: string[] = [];
      const code = await main(['node', 'ftdojo', 'baseline', ...args], { out: () => undefined, err: (text) => void err.push(text) }, { FTDOJO_HOME: home });
      return { code, err: err.join('\n') };
    };
    expect(await run(['--task', 'financeiq', '--profile', 'big'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown profile "big"') });
    expect(await run(['--task', 'financeiq', '--max-steps', '0'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--max-steps must be a positive whole number'),
    });
  });
});
