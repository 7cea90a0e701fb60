import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import type { DeviceProbe } from '../device/index.js';
import { probeDevice } from '../device/index.js';

/** generate.py's two engines: transformers ('hf', batched, any device) and vLLM (CUDA only). */
export type LocalEngineName = 'hf' | 'vllm';

export interface EvaluationBackendChoice {
  backend: LocalEngineName;
  /** Why, in a few words (for logs and `ftdojo doctor`). */
  reason: string;
}

export interface EvaluationBackendFacts {
  /** RuntimeConfig.evalBackend: FTDOJO_EVAL_BACKEND. */
  setting: 'auto' | 'hf' | 'vllm';
  /** RuntimeConfig.device: 'cpu' hides GPUs. */
  device: 'auto' | 'cpu';
  /** Batch size 1 in request order: the transformers reference, never vLLM. */
  oneAtATime?: boolean | undefined;
  /** The device probe; null when it was not needed or could not run (then `probeError`). */
  probe: DeviceProbe | null;
  probeError?: string | undefined;
}

/** The choice is made without a probe when the setting, the device or the mode already decides it. */
export function evaluationBackendNeedsProbe(facts: Omit<EvaluationBackendFacts, 'probe' | 'probeError'>): boolean {
  return facts.setting !== 'hf' && !facts.oneAtATime && facts.device !== 'cpu';
}

function refuse(message: string, hint: string): never {
  throw new FtdojoError('UNSUPPORTED', message, { hint });
}

/**
 * vLLM when it imports in the runtime's Python and a CUDA GPU is visible, batched transformers
 * otherwise. FTDOJO_EVAL_BACKEND=hf always takes transformers; =vllm insists on vLLM and refuses
 * (with the fix) where it cannot run, rather than quietly evaluating another way.
 */
export function chooseEvaluationBackend(facts: EvaluationBackendFacts): EvaluationBackendChoice {
  const insist = facts.setting === 'vllm';
  if (facts.setting === 'hf') return { backend: 'hf', reason: 'FTDOJO_EVAL_BACKEND=hf' };
  if (facts.oneAtATime) return { backend: 'hf', reason: 'one-at-a-time generation is the transformers reference' };
  if (facts.device === 'cpu') {
    if (insist) refuse('vLLM evaluation needs a CUDA GPU, and FTDOJO_DEVICE=cpu hides them', 'unset FTDOJO_DEVICE, or set FTDOJO_EVAL_BACKEND=hf');
    return { backend: 'hf', reason: 'FTDOJO_DEVICE=cpu' };
  }
  if (facts.probe === null) {
    const why = facts.probeError ?? 'the device was not probed';
    if (insist) refuse(`cannot tell whether vLLM can run: ${why}`, 'run `ftdojo doctor` to see what the runtime finds, or set FTDOJO_EVAL_BACKEND=hf');
    return { backend: 'hf', reason: `device probe failed: ${why}` };
  }
  const vllm = facts.probe.packages.vllm;
  if (!facts.probe.gpus.length) {
    if (insist) refuse('vLLM evaluation needs a CUDA GPU and none is visible', 'run on a machine with a GPU, or set FTDOJO_EVAL_BACKEND=hf');
    return { backend: 'hf', reason: 'no CUDA GPU visible' };
  }
  if (!vllm.importable) {
    const why = vllm.installed ? `vLLM${vllm.version ? ` ${vllm.version}` : ''} does not import: ${vllm.error ?? 'unknown error'}` : 'vLLM is not installed';
    if (insist) refuse(why, "install vllm into the runtime's Python (pip install vllm, matching its torch), or set FTDOJO_EVAL_BACKEND=hf");
    return { backend: 'hf', reason: why };
  }
  return { backend: 'vllm', reason: `vLLM${vllm.version ? ` ${vllm.version}` : ''} imports and ${facts.probe.gpus.length} GPU(s) are visible` };
}

/** The choice for this runtime, probing the device (cached) only when the choice depends on it. */
export async function resolveEvaluationBackend(config: RuntimeConfig, options: { oneAtATime?: boolean | undefined } = {}): Promise<EvaluationBackendChoice> {
  const facts = { setting: config.evalBackend, device: config.device, oneAtATime: options.oneAtATime };
  if (!evaluationBackendNeedsProbe(facts)) return chooseEvaluationBackend({ ...facts, probe: null });
  let probe: DeviceProbe | null = null;
  let probeError: string | undefined;
  try {
    probe = (await probeDevice(config)).probe;
  } catch (error) {
    probeError = error instanceof Error ? error.message : String(error);
  }
  return chooseEvaluationBackend({ ...facts, probe, probeError });
}
