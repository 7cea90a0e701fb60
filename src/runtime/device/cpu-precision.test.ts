import { describe, expect, it } from 'vitest';
import { AVX2_CPU, EPYC_BF16_CPU, fakeCpuPrecisionMeasurement } from '../../testing/cpu-precision-checks.js';
import { parseCpuInfo } from './cpu-features.js';
import {
  BF16_MINIMUM_SPEEDUP,
  CpuPrecisionDecisionSchema,
  decideCpuPrecision,
  needsCpuPrecisionMeasurement,
  parseCpuPrecisionOutput,
} from './cpu-precision.js';

const now = () => new Date('2026-12-01T00:00:00.000Z');
const measured = (fp32: number | null, bf16: number | null, bf16Loss = 2.5) =>
  decideCpuPrecision({
    setting: 'auto',
    cpu: EPYC_BF16_CPU,
    measurement: fakeCpuPrecisionMeasurement({ secondsPerStep: fp32 }, { secondsPerStep: bf16, loss: bf16Loss }),
    now,
  });

describe('decideCpuPrecision', () => {
  it('chooses bf16 when it measured at least 1.15x faster with a finite loss (this EPYC measured about 2x)', () => {
    const decision = measured(2.0, 1.0);
    expect(CpuPrecisionDecisionSchema.parse(decision)).toEqual(decision);
    expect(decision).toMatchObject({ precision: 'bf16', source: 'measured', speedup: 2, cpuModel: 'AMD EPYC', decidedAt: '2026-12-01T00:00:00.000Z' });
    expect(decision.reason).toBe('bf16 autocast measured 2x (fp32 2 s, bf16 1 s per step of 2 x 128 tokens)');
    expect(measured(1.15, 1.0).precision).toBe('bf16');
  });

  it('keeps fp32 when bf16 gains too little, is slower, diverges or does not run', () => {
    const small = measured(1.1, 1.0);
    expect(small).toMatchObject({ precision: 'fp32', source: 'measured', speedup: 1.1 });
    expect(small.reason).toContain(`under the ${BF16_MINIMUM_SPEEDUP}x it must gain`);
    expect(measured(1.0, 1.5)).toMatchObject({ precision: 'fp32', speedup: 0.67 });
    const diverged = measured(2.0, 1.0, Number.NaN);
    expect(diverged).toMatchObject({ precision: 'fp32', source: 'measured', speedup: 2 });
    expect(diverged.reason).toMatch(/bf16's loss was not finite/);
    expect(measured(2.0, 1.0, Number.POSITIVE_INFINITY).precision).toBe('fp32');
    expect(measured(2.0, null).reason).toMatch(/^bf16 autocast did not run in the check \(RuntimeError: unsupported\)/);
    expect(measured(null, 1.0)).toMatchObject({ precision: 'fp32', speedup: null });
  });

  it('decides fp32 without measuring on a CPU without bf16 units, or one whose flags cannot be read', () => {
    expect(needsCpuPrecisionMeasurement('auto', AVX2_CPU)).toBe(false);
    expect(needsCpuPrecisionMeasurement('auto', null)).toBe(false);
    expect(needsCpuPrecisionMeasurement('auto', EPYC_BF16_CPU)).toBe(true);
    expect(decideCpuPrecision({ setting: 'auto', cpu: AVX2_CPU })).toMatchObject({ precision: 'fp32', source: 'cpu-flags', measurement: null });
    expect(decideCpuPrecision({ setting: 'auto', cpu: null }).reason).toContain('/proc/cpuinfo');
    // AMX-BF16 alone counts as bf16 in hardware.
    const amx = parseCpuInfo('processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\nflags\t\t: avx2 avx512f amx_tile amx_bf16\n');
    expect(needsCpuPrecisionMeasurement('auto', amx)).toBe(true);
  });

  it('follows a forced setting without measuring, even where bf16 would be emulated', () => {
    expect(needsCpuPrecisionMeasurement('fp32', EPYC_BF16_CPU)).toBe(false);
    expect(decideCpuPrecision({ setting: 'fp32', cpu: EPYC_BF16_CPU })).toMatchObject({
      precision: 'fp32',
      source: 'config',
      reason: 'FTDOJO_CPU_PRECISION=fp32',
    });
    expect(decideCpuPrecision({ setting: 'bf16', cpu: AVX2_CPU })).toMatchObject({ precision: 'bf16', source: 'config' });
  });

  it('keeps fp32 when the check could not run, and says why', () => {
    const decision = decideCpuPrecision({ setting: 'auto', cpu: EPYC_BF16_CPU, failure: 'exit 1: OSError: no model here' });
    expect(decision).toMatchObject({ precision: 'fp32', source: 'check-failed' });
    expect(decision.reason).toBe('the CPU precision check did not run (exit 1: OSError: no model here): fp32');
  });
});

describe('parseCpuPrecisionOutput', () => {
  it("finds the report among other libraries' lines, and refuses output without one or of another shape", () => {
    const report = fakeCpuPrecisionMeasurement({ secondsPerStep: 2 }, { secondsPerStep: 1 });
    expect(parseCpuPrecisionOutput(`some library line\nFTDOJO_CPU_PRECISION ${JSON.stringify(report)}\n`)).toEqual(report);
    expect(() => parseCpuPrecisionOutput('Traceback (most recent call last):\n')).toThrow(/printed no report/);
    expect(() => parseCpuPrecisionOutput('FTDOJO_CPU_PRECISION {"schemaVersion": 2}')).toThrow(/does not match its schema/);
  });
});
