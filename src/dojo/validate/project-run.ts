import type { ModelShape, TrainingConfig } from '../../runtime/index.js';

/** The model's dimensions (runtime/device/model-shape.ts reads them from config.json). */
export type { ModelShape } from '../../runtime/index.js';
export { modelShape } from '../../runtime/index.js';

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Optimizer updates the full run makes: max_steps when set, else epochs over the rows. */
export function projectedSteps(config: TrainingConfig, rows: number): number {
  const maxSteps = numberOr(config.max_steps, -1);
  if (maxSteps > 0) return Math.round(maxSteps);
  const perUpdate = Math.max(1, numberOr(config.per_device_train_batch_size, 8)) * Math.max(1, numberOr(config.gradient_accumulation_steps, 1));
  const epochs = Math.max(0, numberOr(config.num_train_epochs, 3));
  return Math.max(1, Math.ceil(Math.ceil(rows / perUpdate) * epochs));
}

/**
 * A deliberately rough upper estimate of peak training memory in bytes, fp32, without gradient
 * checkpointing: weights (+ full gradients and Adam state unless LoRA), per-layer activations
 * (about 16 hidden-sized fp32 tensors per token), attention scores (heads x sequence^2 per layer)
 * and the logits with their softmax. It exists to stop a batch that cannot fit before a process
 * starts (a micro run that swaps can take the machine down with it); it is not a precise model.
 */
export function projectedMemoryBytes(config: TrainingConfig, shape: ModelShape): number {
  const batch = Math.max(1, numberOr(config.per_device_train_batch_size, 8));
  const sequence = Math.max(1, numberOr(config.cutoff_len, 2048));
  const full = config.finetuning_type === 'full' || config.finetuning_type === 'freeze';
  const weights = shape.parameters * 4 * (full ? 4 : 1.05);
  const activations = batch * sequence * shape.layers * shape.hiddenSize * 4 * 16;
  const attention = batch * shape.heads * sequence * sequence * 4 * shape.layers;
  const logits = batch * sequence * shape.vocabSize * 4 * 3;
  return Math.round(weights + activations + attention + logits);
}
