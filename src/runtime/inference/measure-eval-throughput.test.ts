import { describe, expect, it } from 'vitest';
import { testRuntime } from '../../testing/runtime.js';
import { measureEvalThroughput, type ThroughputPass } from './measure-eval-throughput.js';

const runtime = testRuntime();
if ('skip' in runtime) console.warn(`throughput measurement test skipped: ${runtime.skip}`);

// Timings are not asserted (a shared 2-core machine makes them noise); the shape and the
// agreement between batched and one-at-a-time outputs are.
describe('measureEvalThroughput (real model, tiny)', () => {
  it.skipIf('skip' in runtime)(
    'times one-at-a-time and batched passes in one process and compares their outputs',
    async () => {
      if ('skip' in runtime) return;
      const requests = ['What is 2+2?', 'Name a colour.', 'Say hello in French, please, in one word.'].map((content, index) => ({
        id: `r${index}`,
        messages: [{ role: 'user' as const, content }],
      }));
      const passes: ThroughputPass[] = [];
      const report = await measureEvalThroughput(runtime.config, runtime.model, requests, {
        maxNewTokens: 4,
        batchSizes: [3],
        promptFormat: runtime.promptFormat,
        paddingTolerance: 1,
        onPass: (pass) => passes.push(pass),
      });

      expect(report.passes.map((pass) => [pass.dtype, pass.mode, pass.batchSize, pass.samples, pass.batches])).toEqual([
        ['fp32', 'one-at-a-time', 1, 3, 3],
        ['fp32', 'batched', 3, 3, 1],
      ]);
      expect(passes).toEqual(report.passes);
      for (const pass of report.passes) {
        expect(pass.samplesPerSecond).toBeGreaterThan(0);
        expect(pass.generatedTokens).toBeGreaterThan(0);
      }
      expect(report.passes[1]!.paddedPromptTokens).toBeGreaterThan(report.passes[0]!.paddedPromptTokens);
      expect(report.comparisons).toEqual([
        expect.objectContaining({ dtype: 'fp32', batchSize: 3, samples: 3, identical: 3, firstTokenIdentical: 3, differingIds: [] }),
      ]);
      expect(report.comparisons[0]!.speedup).toBeCloseTo(report.passes[1]!.samplesPerSecond / report.passes[0]!.samplesPerSecond, 10);
      expect(report).toMatchObject({ samples: 3, maxNewTokens: 4 });
      expect(['cpu', 'cuda']).toContain(report.device);
    },
    300_000,
  );
});
