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
 * - `bf16: false`, `fp16: false` — fp16 raises on CPU; bf16 autocast on CPU works but was slower
 *   than fp32 for the 135M model on the AMX dev box (`measureTrainingThroughput`; figures in the
 *   baseline recipe), so fp32 is the default. `bf16: true` stays allowed with `use_cpu: true`.
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

/** GPU runs (what users run with the paper profile): mixed precision on, the rest as CPU minus use_cpu. */
export const GPU_TRAINING_DEFAULTS: Readonly<TrainingConfig> = Object.freeze({
  bf16: true,
  fp16: false,
  disable_gradient_checkpointing: false,
  dataloader_num_workers: 2,
});

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
  /** Hyperparameters and any other LLaMA-Factory keys; they win over the defaults. */
  settings?: TrainingConfig;
}

/**
 * Defaults < device defaults < the caller's settings. Paths (dataset, dataset_dir, output_dir)
 * are filled in by `writeTrainingRun`, which owns the run folder's layout.
 */
export function buildTrainingConfig(options: BuildTrainingConfigOptions): TrainingConfig {
  return {
    model_name_or_path: options.modelPath,
    template: options.template.template,
    default_system: options.template.defaultSystem,
    ...COMMON_TRAINING_DEFAULTS,
    ...(options.device === 'cpu' ? CPU_TRAINING_DEFAULTS : GPU_TRAINING_DEFAULTS),
    ...options.settings,
  };
}
