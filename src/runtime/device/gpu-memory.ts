import type { ModelShape } from './model-shape.js';
import { embeddingParameterCount, kvWidth, linearParameterCount, parameterCount, queryWidth } from './model-shape.js';

/** How the weights are trained: LoRA on 16-bit weights, LoRA on 4-bit weights (QLoRA), or every weight. */
export type GpuMethod = 'lora' | 'qlora' | 'full';
/** 0: no DeepSpeed (one GPU, or plain data parallel); 2 and 3: ZeRO stages. */
export type ZeroStage = 0 | 2 | 3;

/** What one GPU process holds per optimizer step, read from a training config. */
export interface GpuWorkload {
  method: GpuMethod;
  loraRank: number;
  /** per_device_train_batch_size. */
  batch: number;
  /** Tokens per row: cutoff_len, or the longest row when that is shorter. */
  sequence: number;
  gradientCheckpointing: boolean;
  /** sdpa and flash attention keep no sequence x sequence scores for backward; eager does. */
  efficientAttention: boolean;
  /** bf16 or fp16 mixed precision. */
  halfPrecision: boolean;
}

export interface GpuLaunch {
  zeroStage: ZeroStage;
  gpus: number;
}

/** Projected peak bytes on each GPU, by what holds them. */
export interface GpuMemoryBreakdown {
  weights: number;
  gradients: number;
  optimizer: number;
  activations: number;
  logits: number;
  /** CUDA context, cuBLAS workspace, allocator slack, and DeepSpeed's buckets under ZeRO. */
  overhead: number;
  total: number;
}

const GIB = 1024 ** 3;
/** bitsandbytes NF4 with double quantization: 4 bits plus about 0.127 bits of constants per weight. */
const NF4_BYTES_PER_WEIGHT = 0.52;
/** The most GPUs a suggestion asks for: one node's worth. */
const MAX_GPUS_PER_NODE = 8;
/** Of a GPU's memory (or what was free when probed), the share a run may plan to fill. */
export const USABLE_SHARE = 0.95;

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;

/** The method a LLaMA-Factory config trains with (freeze counts as full: an upper estimate). */
export function gpuMethodOf(config: Readonly<Record<string, unknown>>): GpuMethod {
  const type = config.finetuning_type ?? 'lora';
  if (type === 'full' || type === 'freeze') return 'full';
  return typeof config.quantization_bit === 'number' ? 'qlora' : 'lora';
}

/**
 * The workload a config asks for, with LLaMA-Factory's and the HF Trainer's defaults where a key
 * is absent (batch 8, cutoff 2048, LoRA rank 8, gradient checkpointing on, attention auto = sdpa).
 * `longestRow` (tokens, from the data check) caps the sequence: batches are padded to their
 * longest row, not to cutoff_len.
 */
export function workloadOf(config: Readonly<Record<string, unknown>>, longestRow?: number | null): GpuWorkload {
  const cutoff = Math.max(1, numberOr(config.cutoff_len, 2048));
  return {
    method: gpuMethodOf(config),
    loraRank: Math.max(1, numberOr(config.lora_rank, 8)),
    batch: Math.max(1, numberOr(config.per_device_train_batch_size, 8)),
    sequence: longestRow && longestRow > 0 ? Math.min(cutoff, longestRow) : cutoff,
    gradientCheckpointing: config.disable_gradient_checkpointing !== true,
    efficientAttention: config.flash_attn !== 'disabled',
    halfPrecision: config.bf16 === true || config.fp16 === true || config.pure_bf16 === true,
  };
}

/** LoRA's trainable parameters with lora_target all: rank x (inputs + outputs) of every linear layer. */
export function loraParameterCount(shape: ModelShape, rank: number): number {
  const h = shape.hiddenSize;
  // q and o: h + heads x head_dim each; k and v: h + kv each; gate, up and down: h + intermediate each.
  return rank * shape.layers * (2 * (h + queryWidth(shape)) + 2 * (h + kvWidth(shape)) + 3 * (h + shape.intermediateSize));
}

/**
 * Peak memory on each GPU, a deliberate estimate (no GPU was measured for it; see README "GPUs"):
 * - full fine-tuning without ZeRO: LLaMA-Factory upcasts trainable weights to fp32, so weights
 *   4 bytes, gradients 4, AdamW's two moments 8 per parameter (16 in all). Under ZeRO (the ZeRO
 *   paper's mixed-precision count): 16-bit weights and gradients plus fp32 master weights and
 *   moments (2 + 2 + 12); ZeRO-2 splits gradients and optimizer states across the GPUs, ZeRO-3
 *   the weights too.
 * - LoRA: the frozen weights in 16 bits (4-bit NF4 for QLoRA, embeddings kept in 16 bits); the
 *   adapter's weights fp32 with their gradients and moments (16 bytes each, split under ZeRO).
 * - activations in 16 bits: per layer and token about 6 x hidden + 2 x query + 2 x kv + 5 x intermediate
 *   saved values; with gradient checkpointing only each layer's input plus one layer being
 *   recomputed; eager attention adds heads x sequence scores and probabilities per token.
 * - logits: per token the vocabulary in 16 bits, its fp32 copy for the loss and the fp32 gradient.
 * - 1 GiB of context and allocator slack, 2 GiB more for DeepSpeed's communication buckets.
 */
export function projectGpuMemory(shape: ModelShape, workload: GpuWorkload, launch: GpuLaunch): GpuMemoryBreakdown {
  const n = Math.max(1, launch.gpus);
  const zero = launch.zeroStage;
  const half = workload.halfPrecision ? 2 : 4;
  const parameters = parameterCount(shape);
  let weights: number;
  let gradients: number;
  let optimizer: number;
  if (workload.method === 'full') {
    if (zero === 0) {
      weights = 4 * parameters;
      gradients = 4 * parameters;
      optimizer = 8 * parameters;
    } else {
      const master = half === 2 ? 4 : 0;
      weights = (half * parameters) / (zero === 3 ? n : 1);
      gradients = (half * parameters) / n;
      optimizer = ((master + 8) * parameters) / n;
    }
  } else {
    const frozen = workload.method === 'qlora' ? NF4_BYTES_PER_WEIGHT * linearParameterCount(shape) + half * embeddingParameterCount(shape) : half * parameters;
    const adapter = loraParameterCount(shape, workload.loraRank);
    const split = zero === 0 ? 1 : n;
    weights = frozen / (zero === 3 ? n : 1) + 4 * adapter;
    gradients = (4 * adapter) / split;
    optimizer = (8 * adapter) / split;
  }
  const h = shape.hiddenSize;
  const tokens = workload.batch * workload.sequence;
  const perLayerToken =
    6 * h + 2 * queryWidth(shape) + 2 * kvWidth(shape) + 5 * shape.intermediateSize + (workload.efficientAttention ? 0 : 2 * shape.heads * workload.sequence);
  const activations = workload.gradientCheckpointing ? tokens * (shape.layers * h + perLayerToken) * half : tokens * shape.layers * perLayerToken * half;
  const logits = tokens * shape.vocabSize * (half + 4 + 4);
  const overhead = GIB + (zero > 0 ? 2 * GIB : 0);
  const total = weights + gradients + optimizer + activations + logits + overhead;
  return { weights, gradients, optimizer, activations, logits, overhead, total: Math.round(total) };
}

/** One GPU as the planner sees it. */
export interface GpuCapacity {
  name: string;
  totalBytes: number;
  freeBytes: number;
}

/** What a run may plan to fill on a GPU: a share of what was free when probed. */
export function usableBytes(gpu: GpuCapacity): number {
  return Math.floor(USABLE_SHARE * Math.min(gpu.freeBytes, gpu.totalBytes));
}

export interface GpuFitInput {
  shape: ModelShape;
  config: Readonly<Record<string, unknown>>;
  /** The visible GPUs, in CUDA order. */
  gpus: readonly GpuCapacity[];
  /** At most this many GPUs (FTDOJO_GPUS); all visible when absent. */
  maxGpus?: number | null | undefined;
  deepspeed: boolean;
  bitsandbytes: boolean;
  /** The longest training row in tokens, when the data check measured it. */
  longestRow?: number | null | undefined;
  /**
   * Multiplies the projection: a run that ran out of memory shows how far the estimate fell
   * short (what it held plus what it asked for, over the projection), and advice after it uses that.
   */
  calibration?: number | undefined;
}

export interface GpuFitPlan {
  fits: boolean;
  launch: GpuLaunch;
  workload: GpuWorkload;
  memory: GpuMemoryBreakdown;
  /** Bytes the run may use on each of its GPUs (the smallest of them). */
  usableBytes: number;
  /** Changes that make the run fit, each checked with the same projection; empty when it fits. */
  suggestions: string[];
}

function usableAcross(gpus: readonly GpuCapacity[], count: number): number {
  return Math.min(...gpus.slice(0, Math.max(1, count)).map(usableBytes));
}

/**
 * The launch ftdojo picks for a config on these GPUs: one GPU without DeepSpeed; several with
 * ZeRO-2 when it fits, else ZeRO-3 (plain data parallel when DeepSpeed is not installed).
 */
export function chooseGpuLaunch(input: GpuFitInput): { launch: GpuLaunch; memory: GpuMemoryBreakdown; usableBytes: number; workload: GpuWorkload } {
  const workload = workloadOf(input.config, input.longestRow);
  const count = Math.max(1, Math.min(input.gpus.length, input.maxGpus ?? input.gpus.length));
  const usable = usableAcross(input.gpus, count);
  const scale = input.calibration ?? 1;
  const project = (launch: GpuLaunch) => {
    const memory = projectGpuMemory(input.shape, workload, launch);
    return { launch, memory: { ...memory, total: Math.round(memory.total * scale) }, usableBytes: usable, workload };
  };
  if (count === 1 || !input.deepspeed) return project({ zeroStage: 0, gpus: count });
  const zero2 = project({ zeroStage: 2, gpus: count });
  return zero2.memory.total <= usable ? zero2 : project({ zeroStage: 3, gpus: count });
}

function largestFitting(low: number, high: number, fits: (value: number) => boolean): number | null {
  if (high < low || !fits(low)) return null;
  let lo = low;
  let hi = high;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function suggestionsFor(input: GpuFitInput, workload: GpuWorkload): string[] {
  const found: string[] = [];
  const planWith = (patch: Record<string, unknown>, extra: Partial<GpuFitInput> = {}) =>
    chooseGpuLaunch({ ...input, ...extra, config: { ...input.config, ...patch } });
  const fitsWith = (patch: Record<string, unknown>, extra: Partial<GpuFitInput> = {}) => {
    const plan = planWith(patch, extra);
    return plan.memory.total <= plan.usableBytes ? plan : null;
  };
  const each = (plan: { memory: GpuMemoryBreakdown; launch: GpuLaunch }) => `about ${gib(plan.memory.total)}${plan.launch.gpus > 1 ? ' on each GPU' : ''}`;
  const visible = Math.min(input.gpus.length, input.maxGpus ?? input.gpus.length);

  let launchFits = false;
  if (!input.deepspeed && visible > 1) {
    const plan = fitsWith({}, { deepspeed: true });
    launchFits = plan !== null;
    if (plan)
      found.push(
        `install deepspeed in the runtime's Python (pip install deepspeed): ZeRO-${plan.launch.zeroStage} across ${plan.launch.gpus} GPUs needs ${each(plan)}`,
      );
  }
  if (workload.method === 'full') {
    const plan = fitsWith({ finetuning_type: 'lora', quantization_bit: undefined });
    if (plan) found.push(`use lora (finetuning_type: lora): ${each(plan)}`);
  }
  if (workload.method !== 'qlora') {
    const plan = fitsWith({ finetuning_type: 'lora', quantization_bit: 4 });
    if (plan)
      found.push(
        `use qlora (finetuning_type: lora, quantization_bit: 4): ${each(plan)}${input.bitsandbytes ? '' : " (install bitsandbytes in the runtime's Python first)"}`,
      );
  }
  if (!workload.gradientCheckpointing) {
    const plan = fitsWith({ disable_gradient_checkpointing: false });
    if (plan) found.push(`turn gradient checkpointing back on (remove disable_gradient_checkpointing): ${each(plan)}`);
  }
  if (workload.batch > 1) {
    const largest = largestFitting(1, workload.batch - 1, (value) => fitsWith({ per_device_train_batch_size: value }) !== null);
    if (largest !== null) {
      // The largest batch that fits and divides the effective batch, so accumulation keeps it exactly.
      const effective = workload.batch * Math.max(1, numberOr(input.config.gradient_accumulation_steps, 1));
      let batch = largest;
      while (effective % batch !== 0) batch -= 1;
      found.push(
        `lower per_device_train_batch_size to ${batch} and raise gradient_accumulation_steps to ${effective / batch} (the same effective batch of ${effective}): ${each(planWith({ per_device_train_batch_size: batch }))}`,
      );
    }
  }
  // The sequence a cutoff gives is min(cutoff, longest row): search the cutoff below the current sequence.
  const cutoff = largestFitting(16, workload.sequence - 1, (value) => fitsWith({ cutoff_len: value }) !== null);
  if (cutoff !== null) {
    const rounded = cutoff >= 128 ? Math.floor(cutoff / 64) * 64 : cutoff;
    found.push(`lower cutoff_len to ${rounded} (longer rows are cut): ${each(planWith({ cutoff_len: rounded }))}`);
  }
  if (input.gpus.length > 0 && !launchFits) {
    const same = input.gpus[0]!;
    // One node: ftdojo launches torchrun on this machine only (NNODES 1), and nodes hold up to 8 GPUs.
    for (let count = Math.max(2, visible + 1); count <= MAX_GPUS_PER_NODE; count += 1) {
      const plan = fitsWith({}, { gpus: Array.from({ length: count }, () => same), maxGpus: count, deepspeed: true });
      if (!plan) continue;
      const install = input.deepspeed ? '' : '; with deepspeed installed';
      found.push(`ZeRO-${plan.launch.zeroStage} across ${count} GPUs like ${same.name} (this machine shows ${visible}${install}): ${each(plan)}`);
      break;
    }
  }
  return found;
}

/**
 * Projects a config on these GPUs with the launch ftdojo would pick, and when it does not fit,
 * the changes that would (each verified by the same projection): a method that needs less
 * memory, gradient checkpointing, a smaller batch or cutoff_len, DeepSpeed or more GPUs.
 */
export function planGpuFit(input: GpuFitInput): GpuFitPlan {
  const chosen = chooseGpuLaunch(input);
  const fits = chosen.memory.total <= chosen.usableBytes;
  return { fits, ...chosen, suggestions: fits ? [] : suggestionsFor(input, chosen.workload) };
}
