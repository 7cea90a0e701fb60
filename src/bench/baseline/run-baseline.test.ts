import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataConfig } from '../../config/index.js';
import type { ModelRef } from '../../core/index.js';
import { createDataRepository } from '../../data/index.js';
import type { RunStatusDocument } from '../../runtime/index.js';
import { getTask } from '../../tasks/index.js';
import { testMirror } from '../../testing/mirror.js';
import { testRuntime } from '../../testing/runtime.js';
import { createScriptedBackend } from '../../testing/scripted-backend.js';
import type { BaselineEvent } from './run-baseline.js';
import { runBaseline } from './run-baseline.js';
import type { BaselineScoresFile } from './baseline-scores.js';

/**
 * The whole baseline on FinanceIQ mini with a real (tiny) LLaMA-Factory training and a scripted
 * evaluation backend: every stage runs and the run folder holds what it promises. The real
 * evaluation is B's (src/eval) and is tested there; `ftdojo baseline` runs both for real.
 */
const runtime = testRuntime();
const mirror = testMirror();
const skip = 'skip' in runtime ? runtime.skip : mirror === null ? 'no offline data mirror (FTDOJO_DATA_MIRROR or ../shared/datasets)' : null;
if (skip) console.warn(`run-baseline: skipped: ${skip}`);

const home = mkdtempSync(join(tmpdir(), 'ftdojo-baseline-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('runBaseline', () => {
  it.skipIf(skip !== null)(
    'trains, evaluates base and fine-tuned on both splits, and fills the run folder',
    async () => {
      if ('skip' in runtime || mirror === null) return;
      const refs: ModelRef[] = [];
      const events: BaselineEvent[] = [];
      const result = await runBaseline({
        task: getTask('financeiq'),
        profile: 'mini',
        repository: createDataRepository(resolveDataConfig({ FTDOJO_DATA_MIRROR: mirror })),
        runtime: { ...runtime.config, home },
        model: runtime.model as Exclude<ModelRef, { kind: 'adapter' }>,
        // A few examples and two steps: the recipe's sizing picks ~4 examples for 2,000 tokens.
        recipe: { trainSeconds: 2, assumedTokensPerSecond: 1000, batchSize: 2, gradientAccumulation: 1 },
        maxSteps: 2,
        limit: 4,
        createBackend: (ref) => {
          refs.push(ref);
          return createScriptedBackend(() => (ref.kind === 'adapter' ? 'B' : 'A'));
        },
        onEvent: (event) => events.push(event),
      });

      expect(result.state, result.training.rootCause.join('\n')).toBe('succeeded');
      expect(result.runDir).toMatch(new RegExp(`^${home}/runs/baseline-financeiq-mini-\\d{8}-\\d{6}$`));
      for (const file of [
        'train.yaml',
        'train.log',
        'data/dataset_info.json',
        'data/ftdojo_train.json',
        'data/selection.json',
        'output/trainer_log.jsonl',
        'output/training_loss.png',
        'output/adapter_model.safetensors',
        'scores.json',
        'status.json',
        'eval/base/validation/report.json',
        'eval/tuned/test/records.jsonl',
      ]) {
        expect(existsSync(join(result.runDir, file)), file).toBe(true);
      }

      const status = JSON.parse(readFileSync(join(result.runDir, 'status.json'), 'utf8')) as RunStatusDocument;
      expect(status).toMatchObject({ kind: 'baseline', state: 'succeeded' });
      expect(status.finishedStages).toEqual(['prepare', 'train', 'eval-base-validation', 'eval-base-test', 'eval-tuned-validation', 'eval-tuned-test']);

      const scores = JSON.parse(readFileSync(result.scoresPath, 'utf8')) as BaselineScoresFile;
      expect(scores).toMatchObject({ schemaVersion: 1, kind: 'ftdojo-baseline-scores', task: 'financeiq', profile: 'mini', limit: 4 });
      expect(scores.training).toMatchObject({ state: 'succeeded', steps: 2 });
      expect(scores.data.selected).toBeGreaterThan(0);
      expect(scores.data.tokenizer).toMatch(/^hf:/);
      for (const role of ['base', 'tuned'] as const) {
        for (const split of ['validation', 'test'] as const) {
          expect(scores.scores[role]?.[split]).toMatchObject({ split, samples: 4, primary: { metric: 'accuracy', direction: 'higher' } });
        }
      }
      // The fine-tuned model is the adapter the run wrote, on the same base.
      expect(refs).toEqual([runtime.model, { kind: 'adapter', base: runtime.model, path: join(result.runDir, 'output') }]);
      expect(events.filter((event) => event.kind === 'stage').map((event) => (event as { stage: string }).stage)).toEqual([
        'prepare',
        'train',
        ...status.finishedStages.slice(2),
      ]);
      expect(events.some((event) => event.kind === 'train' && event.progress.phase === 'training')).toBe(true);
      expect(events.filter((event) => event.kind === 'score')).toHaveLength(4);
    },
    600_000,
  );
});
