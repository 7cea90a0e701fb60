import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRuntimeConfig } from '../../config/index.js';
import { AVX2_CPU, EPYC_BF16_CPU, fakeCpuPrecisionRun } from '../../testing/cpu-precision-checks.js';
import { testRuntime } from '../../testing/runtime.js';
import { checkCpuPrecision, cpuPrecisionCacheKey, cpuPrecisionCachePath, DEFAULT_CPU_PRECISION_CHECK } from './cpu-precision-check.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-cpu-precision-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let homes = 0;
/** A fresh home (an empty cache) with the runtime settings of these environment variables. */
function runtime(env: Record<string, string> = {}) {
  homes += 1;
  return resolveRuntimeConfig({ FTDOJO_HOME: join(root, `home-${homes}`), FTDOJO_PYTHON: '/nonexistent/python', ...env });
}

const facts = { modelPath: '/models/smol', cpu: EPYC_BF16_CPU, torchVersion: '2.8.0+cu128', modelSha256: 'a'.repeat(64) };

describe('checkCpuPrecision', () => {
  it('measures on a miss, caches the decision, and reads it back on a hit', async () => {
    const config = runtime();
    const fake = fakeCpuPrecisionRun({ secondsPerStep: 2.08 }, { secondsPerStep: 1.0 });
    const first = await checkCpuPrecision(config, { ...facts, run: fake.run });
    expect(first).toMatchObject({ cached: false, decision: { precision: 'bf16', source: 'measured', speedup: 2.08 } });
    expect(fake.calls).toEqual([
      ['-m', 'ftdojo_runtime.cpu_precision_check', '--model', '/models/smol', '--settings', '{"batch_size":2,"sequence_length":128,"steps":3}'],
    ]);
    const second = await checkCpuPrecision(config, { ...facts, run: fake.run });
    expect(second).toEqual({ cached: true, decision: first.decision });
    expect(fake.calls).toHaveLength(1);
    await checkCpuPrecision(config, { ...facts, run: fake.run, refresh: true });
    expect(fake.calls).toHaveLength(2);
  });

  it('measures again for another torch, another model or another CPU (the key), each cached beside the others', async () => {
    const config = runtime();
    const fake = fakeCpuPrecisionRun({ secondsPerStep: 2 }, { secondsPerStep: 1 });
    await checkCpuPrecision(config, { ...facts, run: fake.run });
    await checkCpuPrecision(config, { ...facts, torchVersion: '2.9.0', run: fake.run });
    await checkCpuPrecision(config, { ...facts, modelSha256: 'b'.repeat(64), run: fake.run });
    const otherCpu = { ...EPYC_BF16_CPU, model: 'Intel(R) Xeon(R) Platinum 8480+', flags: { ...EPYC_BF16_CPU.flags, amx_bf16: true, amx_tile: true } };
    await checkCpuPrecision(config, { ...facts, cpu: otherCpu, run: fake.run });
    expect(fake.calls).toHaveLength(4);
    expect(readdirSync(join(config.home, 'cache', 'cpu-precision'))).toHaveLength(4);
    await checkCpuPrecision(config, { ...facts, torchVersion: '2.9.0', run: fake.run });
    expect(fake.calls).toHaveLength(4);
  });

  it('treats a corrupt cache file, or one holding another key, as a miss and writes it afresh', async () => {
    const config = runtime();
    const key = cpuPrecisionCacheKey({ cpu: EPYC_BF16_CPU, torch: facts.torchVersion, modelSha256: facts.modelSha256, settings: DEFAULT_CPU_PRECISION_CHECK });
    const path = cpuPrecisionCachePath(config, key);
    mkdirSync(join(path, '..'), { recursive: true });
    const fake = fakeCpuPrecisionRun({ secondsPerStep: 1.05 }, { secondsPerStep: 1 });
    writeFileSync(path, '{"key": "half a file');
    expect(await checkCpuPrecision(config, { ...facts, run: fake.run })).toMatchObject({ cached: false, decision: { precision: 'fp32', speedup: 1.05 } });
    writeFileSync(path, JSON.stringify({ key: 'another key', decision: { precision: 'bf16' } }));
    expect((await checkCpuPrecision(config, { ...facts, run: fake.run })).cached).toBe(false);
    expect(fake.calls).toHaveLength(2);
    expect((await checkCpuPrecision(config, { ...facts, run: fake.run })).cached).toBe(true);
  });

  it('decides fp32 without running anything on a CPU without bf16 units, and follows FTDOJO_CPU_PRECISION', async () => {
    const fake = fakeCpuPrecisionRun({ secondsPerStep: 2 }, { secondsPerStep: 1 });
    expect(await checkCpuPrecision(runtime(), { ...facts, cpu: AVX2_CPU, run: fake.run })).toMatchObject({
      cached: false,
      decision: { precision: 'fp32', source: 'cpu-flags' },
    });
    expect((await checkCpuPrecision(runtime({ FTDOJO_CPU_PRECISION: 'fp32' }), { ...facts, run: fake.run })).decision).toMatchObject({
      precision: 'fp32',
      source: 'config',
    });
    expect((await checkCpuPrecision(runtime({ FTDOJO_CPU_PRECISION: 'bf16' }), { ...facts, cpu: AVX2_CPU, run: fake.run })).decision).toMatchObject({
      precision: 'bf16',
      source: 'config',
    });
    expect(fake.calls).toHaveLength(0);
  });

  it('falls back to fp32 when the check fails, without caching the failure', async () => {
    const config = runtime();
    const broken = fakeCpuPrecisionRun({ secondsPerStep: 2 }, { secondsPerStep: 1 }, { exitCode: 1 });
    const failed = await checkCpuPrecision(config, { ...facts, run: broken.run });
    expect(failed).toMatchObject({ cached: false, decision: { precision: 'fp32', source: 'check-failed' } });
    expect(failed.decision.reason).toContain('exit 1: OSError: no model here');
    const throwing = await checkCpuPrecision(config, {
      ...facts,
      run: async () => {
        throw new Error("cannot run the runtime's Python /nonexistent/python");
      },
    });
    expect(throwing.decision.reason).toContain("cannot run the runtime's Python");
    const working = fakeCpuPrecisionRun({ secondsPerStep: 2 }, { secondsPerStep: 1 });
    expect(await checkCpuPrecision(config, { ...facts, run: working.run })).toMatchObject({ cached: false, decision: { precision: 'bf16' } });
  });
});

describe('the real check on this machine', () => {
  const real = testRuntime();
  it.skipIf('skip' in real)(
    'runs cpu_precision_check.py on the embedded model and decides from what it measured (a tiny batch: the script works, the figures mean little)',
    async () => {
      if ('skip' in real) return;
      // This test's home: the weight hash and the decision are cached here, not in the shared one.
      const config = { ...real.config, home: join(root, 'real'), cpuPrecision: 'auto' as const };
      const { decision, cached } = await checkCpuPrecision(config, {
        modelPath: real.modelPath,
        cpu: EPYC_BF16_CPU,
        settings: { batchSize: 1, sequenceLength: 16, steps: 1 },
      });
      expect(cached).toBe(false);
      expect(decision.source).toBe('measured');
      expect(decision.measurement).toMatchObject({ batchSize: 1, sequenceLength: 16, steps: 1, modelDtype: 'float32' });
      expect(decision.measurement!.variants.fp32).toMatchObject({ error: null, lossFinite: true });
      expect(decision.measurement!.variants.fp32.secondsPerStep).toBeGreaterThan(0);
      expect(decision.measurement!.variants.bf16.error).toBeNull();
      expect(decision.speedup).toBeGreaterThan(0);
    },
    300_000,
  );
});
