import { z } from 'zod';
import { FtdojoError } from '../../core/index.js';
import type { CpuFeatures } from './cpu-features.js';

export const CPU_PRECISION_VERSION = 1;

/** What CPU training computes in: fp32, or bf16 autocast over fp32 weights (`use_cpu` + `bf16: true`). */
export type CpuPrecision = 'fp32' | 'bf16';

/**
 * bf16 must be at least this much faster per step to be chosen: below it the gain is within the
 * check's noise on a shared machine, and fp32 keeps the numerics every earlier run had.
 */
export const BF16_MINIMUM_SPEEDUP = 1.15;

const MARK = 'FTDOJO_CPU_PRECISION ';

const VariantSchema = z.object({
  /** Median seconds of one forward + backward over the timed steps; null when the precision raised. */
  secondsPerStep: z.number().positive().nullable(),
  stepSeconds: z.array(z.number()),
  /** The first step's loss; null when none was measured or it was NaN or infinite (lossFinite says which). */
  loss: z.number().nullable(),
  lossFinite: z.boolean().nullable(),
  error: z.string().nullable(),
});

/** What python/ftdojo_runtime/cpu_precision_check.py reports (see its docstring). */
export const CpuPrecisionMeasurementSchema = z.object({
  schemaVersion: z.literal(1),
  torch: z.string(),
  threads: z.number().int(),
  modelDtype: z.string(),
  batchSize: z.number().int(),
  sequenceLength: z.number().int(),
  steps: z.number().int(),
  loadSeconds: z.number(),
  variants: z.object({ fp32: VariantSchema, bf16: VariantSchema }),
});
export type CpuPrecisionMeasurement = z.infer<typeof CpuPrecisionMeasurementSchema>;

/** The check's report from its stdout: the last line with the marker (imported libraries may print their own). */
export function parseCpuPrecisionOutput(stdout: string): CpuPrecisionMeasurement {
  const line = stdout
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(MARK));
  if (line === undefined) {
    throw new FtdojoError('INTERNAL', 'the CPU precision check printed no report', {
      hint: 'run `python -m ftdojo_runtime.cpu_precision_check --model <model folder>` in the runtime Python to see why',
    });
  }
  const parsed = CpuPrecisionMeasurementSchema.safeParse(JSON.parse(line.slice(MARK.length)));
  if (!parsed.success) {
    throw new FtdojoError('INTERNAL', `the CPU precision check's report does not match its schema: ${parsed.error.issues[0]?.message ?? 'unknown'}`, {
      hint: "python/ftdojo_runtime/cpu_precision_check.py and src/runtime/device/cpu-precision.ts must come from the same ftdojo; reinstall ftdojo's python/ folder",
    });
  }
  return parsed.data;
}

/**
 * Where the choice came from: the configuration (FTDOJO_CPU_PRECISION), the CPU's flags (no bf16
 * in hardware: not measured), a measurement, or a check that could not run (fp32, the safe side).
 */
export const CpuPrecisionSourceSchema = z.enum(['config', 'cpu-flags', 'measured', 'check-failed']);
export type CpuPrecisionSource = z.infer<typeof CpuPrecisionSourceSchema>;

/** The CPU precision check's decision, as cached, shown by `ftdojo doctor` and recorded with each experiment. */
export const CpuPrecisionDecisionSchema = z.object({
  schemaVersion: z.literal(CPU_PRECISION_VERSION),
  precision: z.enum(['fp32', 'bf16']),
  source: CpuPrecisionSourceSchema,
  /** One sentence: why this precision. */
  reason: z.string(),
  /** fp32 seconds per step over bf16's (above 1: bf16 faster); null when not measured. */
  speedup: z.number().nullable(),
  measurement: CpuPrecisionMeasurementSchema.nullable(),
  cpuModel: z.string().nullable(),
  decidedAt: z.string(),
});
export type CpuPrecisionDecision = z.infer<typeof CpuPrecisionDecisionSchema>;

export interface DecideCpuPrecisionInput {
  /** RuntimeConfig.cpuPrecision: 'auto' lets the hardware and the measurement decide. */
  setting: 'auto' | CpuPrecision;
  /** Null where /proc/cpuinfo cannot be read. */
  cpu: CpuFeatures | null;
  /** The check's figures; absent when it was not run (or could not: `failure` says why). */
  measurement?: CpuPrecisionMeasurement | null | undefined;
  failure?: string | undefined;
  now?: (() => Date) | undefined;
}

/** Whether the hardware question alone decides (no measurement needed): a setting, or no bf16 units. */
export function needsCpuPrecisionMeasurement(setting: DecideCpuPrecisionInput['setting'], cpu: CpuFeatures | null): boolean {
  return setting === 'auto' && cpu !== null && cpu.bf16;
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The decision, from facts only (no I/O): a forced setting wins; a CPU without AVX512_BF16 or
 * AMX-BF16 trains in fp32 without measuring (autocast would emulate bf16, which is slower); else
 * bf16 only when the measurement shows both precisions ran, bf16's loss is finite, and bf16 is at
 * least BF16_MINIMUM_SPEEDUP times faster per step. Anything short of that is fp32.
 */
export function decideCpuPrecision(input: DecideCpuPrecisionInput): CpuPrecisionDecision {
  const decided = (precision: CpuPrecision, source: CpuPrecisionSource, reason: string, speedup: number | null = null): CpuPrecisionDecision => ({
    schemaVersion: CPU_PRECISION_VERSION,
    precision,
    source,
    reason,
    speedup,
    measurement: input.measurement ?? null,
    cpuModel: input.cpu?.model ?? null,
    decidedAt: (input.now ?? (() => new Date()))().toISOString(),
  });
  if (input.setting !== 'auto') return decided(input.setting, 'config', `FTDOJO_CPU_PRECISION=${input.setting}`);
  if (input.cpu === null) return decided('fp32', 'cpu-flags', "the CPU's flags cannot be read (/proc/cpuinfo): fp32");
  if (!input.cpu.bf16) return decided('fp32', 'cpu-flags', 'this CPU has neither avx512_bf16 nor amx_bf16: bf16 would be emulated, fp32 without measuring');
  const measurement = input.measurement;
  if (!measurement) return decided('fp32', 'check-failed', `the CPU precision check did not run (${input.failure ?? 'unknown'}): fp32`);
  const { fp32, bf16 } = measurement.variants;
  if (fp32.secondsPerStep === null) return decided('fp32', 'measured', `fp32 did not run in the check (${fp32.error ?? 'unknown'}): fp32 stays, the safe side`);
  if (bf16.secondsPerStep === null) return decided('fp32', 'measured', `bf16 autocast did not run in the check (${bf16.error ?? 'unknown'})`);
  const speedup = round(fp32.secondsPerStep / bf16.secondsPerStep);
  if (bf16.lossFinite !== true) return decided('fp32', 'measured', `bf16's loss was not finite in the check (fp32's: ${String(fp32.loss)})`, speedup);
  const figures = `${speedup}x (fp32 ${round(fp32.secondsPerStep)} s, bf16 ${round(bf16.secondsPerStep)} s per step of ${measurement.batchSize} x ${measurement.sequenceLength} tokens)`;
  if (speedup < BF16_MINIMUM_SPEEDUP) return decided('fp32', 'measured', `bf16 measured ${figures}, under the ${BF16_MINIMUM_SPEEDUP}x it must gain`, speedup);
  return decided('bf16', 'measured', `bf16 autocast measured ${figures}`, speedup);
}
