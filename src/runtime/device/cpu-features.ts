import { readFileSync } from 'node:fs';

/** The CPU flags that decide how fast CPU training and bf16 run. */
export const CPU_FLAGS = ['avx2', 'avx512f', 'avx512_bf16', 'amx_tile', 'amx_bf16', 'amx_int8'] as const;
export type CpuFlag = (typeof CPU_FLAGS)[number];

export interface CpuFeatures {
  model: string | null;
  /** Logical processors listed. */
  logicalCpus: number;
  flags: Record<CpuFlag, boolean>;
  /** bf16 in hardware (AVX512_BF16 or AMX-BF16): bf16 autocast on this CPU is not emulated. */
  bf16: boolean;
  /** AMX tiles with bf16: the matrix units torch's oneDNN uses for bf16 matmuls. */
  amx: boolean;
}

/**
 * Reads /proc/cpuinfo's text: the model name, the processor count, and the flags of the first
 * processor (Linux lists the same flags for every core of one machine).
 */
export function parseCpuInfo(text: string): CpuFeatures {
  const lines = text.split('\n');
  const field = (name: string) => {
    const line = lines.find((candidate) => candidate.startsWith(name) && /^[^:]+:/.test(candidate) && candidate.split(':')[0]!.trim() === name);
    return line === undefined ? null : line.slice(line.indexOf(':') + 1).trim();
  };
  const present = new Set((field('flags') ?? '').split(/\s+/).filter(Boolean));
  const flags = Object.fromEntries(CPU_FLAGS.map((flag) => [flag, present.has(flag)])) as Record<CpuFlag, boolean>;
  return {
    model: field('model name'),
    logicalCpus: lines.filter((line) => /^processor\s*:/.test(line)).length,
    flags,
    bf16: flags.avx512_bf16 || flags.amx_bf16,
    amx: flags.amx_tile && flags.amx_bf16,
  };
}

/** This machine's CPU features, or null where /proc/cpuinfo cannot be read (not Linux). */
export function readCpuFeatures(path = '/proc/cpuinfo'): CpuFeatures | null {
  try {
    return parseCpuInfo(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}
