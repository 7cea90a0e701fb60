import type { CpuPrecisionMeasurement, CpuPrecisionRun } from '../runtime/index.js';
import { parseCpuInfo } from '../runtime/index.js';

/** What the fake check reports for one precision: its seconds per step, or that it raised; its loss. */
export interface FakePrecisionFigures {
  secondsPerStep: number | null;
  /** The first step's loss (NaN or Infinity for a diverging precision); 2.5 by default. */
  loss?: number;
  error?: string;
}

/** A measurement as cpu_precision_check.py reports it, for these figures (batch 2 x 128 tokens, 3 steps). */
export function fakeCpuPrecisionMeasurement(fp32: FakePrecisionFigures, bf16: FakePrecisionFigures): CpuPrecisionMeasurement {
  const variant = (figures: FakePrecisionFigures) => {
    const loss = figures.loss ?? 2.5;
    const ran = figures.secondsPerStep !== null;
    return {
      secondsPerStep: figures.secondsPerStep,
      stepSeconds: ran ? [figures.secondsPerStep!, figures.secondsPerStep!, figures.secondsPerStep!] : [],
      loss: ran && Number.isFinite(loss) ? loss : null,
      lossFinite: ran ? Number.isFinite(loss) : null,
      error: ran ? null : (figures.error ?? 'RuntimeError: unsupported'),
    };
  };
  return {
    schemaVersion: 1,
    torch: '2.8.0+cu128',
    threads: 2,
    modelDtype: 'float32',
    batchSize: 2,
    sequenceLength: 128,
    steps: 3,
    loadSeconds: 1.5,
    variants: { fp32: variant(fp32), bf16: variant(bf16) },
  };
}

/** The fake check's runner with the arguments of every call, in order. */
export interface FakeCpuPrecisionRun {
  run: CpuPrecisionRun;
  calls: string[][];
}

/**
 * Test support: a stand-in for `python -m ftdojo_runtime.cpu_precision_check` at the Python
 * boundary. It prints what the script prints (a library's line, then the marked report) for these
 * figures, or exits 1 with a traceback's last line when `exitCode` says so; the real parsing,
 * decision and cache run on its output.
 */
export function fakeCpuPrecisionRun(fp32: FakePrecisionFigures, bf16: FakePrecisionFigures, behaviour: { exitCode?: number } = {}): FakeCpuPrecisionRun {
  const calls: string[][] = [];
  return {
    calls,
    run: async (_config, args) => {
      calls.push([...args]);
      if (behaviour.exitCode)
        return { code: behaviour.exitCode, signal: null, stdout: '', stderr: 'Traceback (most recent call last):\nOSError: no model here' };
      const report = JSON.stringify(fakeCpuPrecisionMeasurement(fp32, bf16));
      return { code: 0, signal: null, stdout: `peft: trainable params: 4,884,480\nFTDOJO_CPU_PRECISION ${report}\n`, stderr: '' };
    },
  };
}

/** /proc/cpuinfo of an AMD EPYC with AVX512_BF16 (no AMX), the dev box's kind. */
export const EPYC_BF16_CPU = parseCpuInfo('processor\t: 0\nprocessor\t: 1\nmodel name\t: AMD EPYC\nflags\t\t: avx2 avx512f avx512_bf16\n');

/** /proc/cpuinfo of a CPU without bf16 units (AVX2 only). */
export const AVX2_CPU = parseCpuInfo('processor\t: 0\nmodel name\t: Intel(R) Core(TM) i7-8700\nflags\t\t: avx2\n');
