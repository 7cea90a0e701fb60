import type { Diagnostic } from '../../core/index.js';
import type { DeviceProbe, GpuFitPlan, ModelShape, TrainingConfig } from '../../runtime/index.js';
import { describeGpus, gib, NO_GPU_HINT, planGpuFit } from '../../runtime/index.js';

export interface GpuProjectionInput {
  config: TrainingConfig;
  shape: ModelShape;
  probe: DeviceProbe;
  /** RuntimeConfig.gpus. */
  maxGpus: number | null;
  longestRow?: number | null | undefined;
}

export interface GpuProjection {
  plan: GpuFitPlan | null;
  facts: Record<string, number | string | null>;
  /** Set when the run would not fit (or there is no GPU): the runtime tier stops there. */
  diagnostic: Diagnostic | null;
}

function launchText(plan: GpuFitPlan): string {
  const { gpus, zeroStage } = plan.launch;
  if (gpus === 1) return 'one GPU';
  return zeroStage ? `ZeRO-${zeroStage} across ${gpus} GPUs` : `data parallel across ${gpus} GPUs`;
}

function problem(code: string, message: string, hint: string, evidence: string[] = []): Diagnostic {
  return { tier: 'runtime', code, severity: 'error', subject: 'training', message, hint, evidence };
}

/**
 * The GPU half of the runtime tier's memory check: the peak per GPU for the config's method on
 * the launch ftdojo would pick (runtime/device planGpuFit), against what each GPU had free when
 * probed. A plan that does not fit is refused with the changes that would, largest effect first.
 */
export function gpuMemoryDiagnostic(input: GpuProjectionInput): GpuProjection {
  if (!input.probe.gpus.length) {
    return {
      plan: null,
      facts: { gpus: 0 },
      diagnostic: problem('no-gpu', `this run trains on a CUDA GPU, and the runtime sees ${describeGpus(input.probe)}`, NO_GPU_HINT),
    };
  }
  const plan = planGpuFit({
    shape: input.shape,
    config: input.config,
    gpus: input.probe.gpus,
    maxGpus: input.maxGpus,
    deepspeed: input.probe.packages.deepspeed.importable,
    bitsandbytes: input.probe.packages.bitsandbytes.importable,
    longestRow: input.longestRow,
  });
  const { memory, workload } = plan;
  const facts = {
    gpus: plan.launch.gpus,
    zeroStage: plan.launch.zeroStage,
    method: workload.method,
    projectedGpuBytes: memory.total,
    gpuUsableBytes: plan.usableBytes,
  };
  if (plan.fits) return { plan, facts, diagnostic: null };
  const gpu = input.probe.gpus[0]!;
  const parts = `weights ${gib(memory.weights)}, gradients ${gib(memory.gradients)}, optimizer ${gib(memory.optimizer)}, activations ${gib(memory.activations)}, logits ${gib(memory.logits)}`;
  return {
    plan,
    facts,
    diagnostic: problem(
      'gpu-memory-projection',
      `${workload.method} needs about ${gib(memory.total)} per GPU at its peak on ${launchText(plan)} (batch ${workload.batch} x ${workload.sequence} tokens; ${parts}), more than the ${gib(plan.usableBytes)} it may use on ${gpu.name}`,
      plan.suggestions.length
        ? plan.suggestions.slice(0, 3).join('; ')
        : 'no change of method, batch, cutoff_len or GPU count makes it fit here: train a smaller base model, or on GPUs with more memory',
      plan.suggestions.map((suggestion) => `fits: ${suggestion}`),
    ),
  };
}
