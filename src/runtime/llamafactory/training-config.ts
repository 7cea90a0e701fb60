/**
 * A flat LLaMA-Factory `train` config: key → value exactly as it goes into the YAML file.
 * `validateTrainingConfig` checks one against the keys the pinned version accepts.
 */
export type TrainingConfig = Record<string, unknown>;

/**
 * What every ftdojo training run sets, on any device. Each value has a reason:
 * - `overwrite_output_dir: true` — with a non-empty output_dir LLaMA-Factory otherwise resumes
 *   from its last checkpoint without saying so; ftdojo gives every run a fresh output_dir and never
 *   resumes (a resumed run would not be the run its config describes).
 * - `report_to: none` — no wandb/tensorboard probing, nothing leaves the machine.
 * - `plot_loss: true` — LLaMA-Factory draws `training_loss.png` (matplotlib) in output_dir at the
 *   end of training: the run's loss-curve image.
 * - `include_num_input_tokens_seen: non_padding` — trainer_log.jsonl then carries `total_tokens`
 *   and `throughput`, and the train metrics tokens/s, which the bench reads.
 * - `save_strategy: no` — checkpoints are for resuming, which ftdojo never does; the adapter is
 *   written at the end. A caller that wants a timed-out run to leave an adapter sets `steps` with
 *   `save_only_model: true` (see the baseline recipe).
 * - `template` and `default_system` are always explicit (`trainingTemplateFor`): the prompt text
 *   seen in training must be the one evaluation renders.
 */
export const COMMON_TRAINING_DEFAULTS: Readonly<TrainingConfig> = Object.freeze({
  stage: 'sft',
  do_train: true,
  finetuning_type: 'lora',
  overwrite_output_dir: true,
  report_to: 'none',
  plot_loss: true,
  logging_steps: 5,
  include_num_input_tokens_seen: 'non_padding',
  save_strategy: 'no',
  seed: 42,
  data_seed: 42,
});

/**
 * CPU-safe settings (docs: ../shared/reference/ml-runtime.md, measured on the 2-core dev box):
 * - `use_cpu: true` — otherwise the Trainer probes for CUDA/MPS/XPU devices.
 * - `bf16: false`, `fp16: false` — fp16 raises on CPU. bf16 autocast is a property of the machine:
 *   it was slower than fp32 on one AMX box (figures in the baseline recipe) and 2.08x faster on an
 *   AMD EPYC with AVX512_BF16 (`npm run bench`: 96 → 200 tokens/s), so fp32 is only the fallback
 *   and the CPU precision check (runtime/device/cpu-precision-check.ts) chooses per machine and
 *   model; callers pass its choice as `cpuPrecision`. `bf16: true` stays allowed with `use_cpu: true`.
 * - `disable_gradient_checkpointing: true` — LLaMA-Factory turns checkpointing on by default; for a
 *   small model it only costs a second forward pass.
 * - `dataloader_pin_memory: false` — pinning needs an accelerator and warns without one.
 * - `dataloader_num_workers: 0`, `preprocessing_num_workers: 1` — the machine has two cores;
 *   extra worker processes compete with the training threads.
 * - `optim: adamw_torch` — the transformers default `adamw_torch_fused` targets accelerators.
 */
export const CPU_TRAINING_DEFAULTS: Readonly<TrainingConfig> = Object.freeze({
  use_cpu: true,
  bf16: false,
  fp16: false,
  disable_gradient_checkpointing: true,
  dataloader_pin_memory: false,
  dataloader_num_workers: 0,
  preprocessing_num_workers: 1,
  optim: 'adamw_torch',
});

/**
 * CUDA runs (what users run with the paper profile); `acceleratorTrainingSettings` fills in what
 * depends on the GPU:
 * - `bf16: true` — bf16 autocast where the GPU has it (compute capability 8.0 on); fp16 on older ones.
 * - `flash_attn: sdpa` — torch's fused attention keeps no sequence x sequence scores; `fa2` when
 *   flash-attn imports in the runtime's Python.
 * - `disable_gradient_checkpointing: false` — recomputing each layer in backward trades about a
 *   third more compute for activations of one layer instead of all: what lets 7B models train.
 * - `dataloader_num_workers: 2` — the GPU waits on nothing; `optim` stays the transformers default
 *   (fused AdamW on CUDA).
 */
export const GPU_TRAINING_DEFAULTS: Readonly<TrainingConfig> = Object.freeze({
  bf16: true,
  fp16: false,
  flash_attn: 'sdpa',
  disable_gradient_checkpointing: false,
  dataloader_num_workers: 2,
});

/** What the GPU settings depend on, from the device probe (runtime/device). */
export interface AcceleratorFacts {
  /** Every GPU the run uses has bf16. */
  bf16: boolean;
  /** flash-attn imports in the runtime's Python. */
  flashAttention2: boolean;
}

/** Precision and attention for these GPUs. */
export function acceleratorTrainingSettings(facts: AcceleratorFacts): TrainingConfig {
  return { bf16: facts.bf16, fp16: !facts.bf16, flash_attn: facts.flashAttention2 ? 'fa2' : 'sdpa' };
}

/**
 * A config with the precision and attention of these GPUs, where `chosen` (the submission's own
 * keys) does not set them; a CPU config is returned as it is.
 */
export function applyAcceleratorFacts(config: TrainingConfig, facts: AcceleratorFacts, chosen: Readonly<TrainingConfig> = {}): TrainingConfig {
  if (config.use_cpu === true) return config;
  const device = acceleratorTrainingSettings(facts);
  const choosesPrecision = ['bf16', 'fp16', 'pure_bf16'].some((key) => chosen[key] !== undefined);
  return {
    ...config,
    ...(choosesPrecision ? {} : { bf16: device.bf16, fp16: device.fp16 }),
    ...(chosen.flash_attn === undefined ? { flash_attn: device.flash_attn } : {}),
  };
}

/** What a config trains in: bf16 or fp16 (autocast, or pure bf16), else fp32. */
export function trainingPrecisionOf(config: Readonly<TrainingConfig>): 'bf16' | 'fp16' | 'fp32' {
  if (config.bf16 === true || config.pure_bf16 === true) return 'bf16';
  return config.fp16 === true ? 'fp16' : 'fp32';
}

/** The fine-tuning methods a hypothesis chooses from: LoRA, QLoRA (LoRA on 4-bit weights) and full. */
export const FINE_TUNING_METHODS = ['lora', 'qlora', 'full'] as const;
export type FineTuningMethod = (typeof FINE_TUNING_METHODS)[number];

/**
 * The LLaMA-Factory keys of a method. QLoRA is LoRA with `quantization_bit: 4` (bitsandbytes NF4
 * with double quantization, LLaMA-Factory's defaults); bitsandbytes needs a CUDA GPU.
 */
export function fineTuningMethodSettings(method: FineTuningMethod): TrainingConfig {
  if (method === 'qlora') return { finetuning_type: 'lora', quantization_bit: 4 };
  return { finetuning_type: method };
}

/** The method a config trains with; null for LLaMA-Factory's others (freeze, oft). */
export function fineTuningMethodOf(config: Readonly<TrainingConfig>): FineTuningMethod | null {
  const type = config.finetuning_type ?? 'lora';
  if (type === 'full') return 'full';
  if (type !== 'lora') return null;
  return config.quantization_bit === undefined || config.quantization_bit === null ? 'lora' : 'qlora';
}

export type TrainingDevice = 'cpu' | 'gpu';

/** LLaMA-Factory template and system prompt for a base model. */
export interface TrainingTemplate {
  template: string;
  defaultSystem: string;
}

/**
 * The system prompt SmolLM2-135M-Instruct's own chat template (chat_template.jinja) inserts when
 * a conversation has no system message. ftdojo does NOT train with it: training uses template
 * `smollm2` with `default_system: ''`, for which LLaMA-Factory writes no system turn at all
 * (`system or default_system` is empty), and evaluation renders prompts through the same
 * LLaMA-Factory template (prompt_format kind "llamafactory"), so both see
 * `<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n`. The tokenizer's chat template
 * cannot produce that prompt (it injects this string, or an empty system block);
 * chat-template-match.test.ts pins both facts. Train with this string as default_system only if
 * evaluation uses the tokenizer's chat template.
 */
export const SMOLLM2_CHAT_TEMPLATE_SYSTEM = 'You are a helpful AI assistant named SmolLM, trained by Hugging Face';

/** Templates by base model family; the template is always explicit (`empty` never learns to stop). */
export function trainingTemplateFor(baseModel: string): TrainingTemplate {
  const name = baseModel.toLowerCase();
  if (name.includes('smollm2')) return { template: 'smollm2', defaultSystem: '' };
  if (name.includes('qwen2.5') || name.includes('qwen2'))
    return { template: 'qwen', defaultSystem: 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' };
  if (name.includes('qwen3')) return { template: 'qwen3_nothink', defaultSystem: '' };
  if (name.includes('llama-3') || name.includes('llama3')) return { template: 'llama3', defaultSystem: '' };
  return { template: 'chatml', defaultSystem: '' };
}

export interface BuildTrainingConfigOptions {
  /** Local model folder (or hub id on machines that can reach the hub). */
  modelPath: string;
  template: TrainingTemplate;
  device: TrainingDevice;
  /** The GPUs' precision and flash-attn, when probed; GPU_TRAINING_DEFAULTS otherwise. */
  accelerator?: AcceleratorFacts | undefined;
  /** On CPU: the precision the CPU precision check chose (bf16 autocast or fp32); fp32 when absent. */
  cpuPrecision?: 'fp32' | 'bf16' | undefined;
  /** Hyperparameters and any other LLaMA-Factory keys; they win over the defaults. */
  settings?: TrainingConfig;
}

/**
 * Defaults < device defaults < the caller's settings. A caller that chooses one precision gets
 * that one alone (fp16 from the settings turns the default bf16 off, and the other way round).
 * Paths (dataset, dataset_dir, output_dir) are filled in by `writeTrainingRun`, which owns the
 * run folder's layout.
 */
export function buildTrainingConfig(options: BuildTrainingConfigOptions): TrainingConfig {
  const settings = options.settings ?? {};
  const device =
    options.device === 'cpu'
      ? { ...CPU_TRAINING_DEFAULTS, bf16: options.cpuPrecision === 'bf16' }
      : { ...GPU_TRAINING_DEFAULTS, ...(options.accelerator ? acceleratorTrainingSettings(options.accelerator) : {}) };
  const precision: TrainingConfig = {};
  if (settings.fp16 === true && settings.bf16 === undefined) precision.bf16 = false;
  if (settings.bf16 === true && settings.fp16 === undefined) precision.fp16 = false;
  return {
    model_name_or_path: options.modelPath,
    template: options.template.template,
    default_system: options.template.defaultSystem,
    ...COMMON_TRAINING_DEFAULTS,
    ...device,
    ...settings,
    ...precision,
  };
}
