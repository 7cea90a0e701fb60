import type { TrainingConfig } from '../../runtime/index.js';

/** The model dimensions a memory projection needs (config.json of a Hugging Face model). */
export interface ModelShape {
  hiddenSize: number;
  layers: number;
  heads: number;
  vocabSize: number;
  parameters: number;
}

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

/**
 * Reads the dimensions from a parsed config.json; null when it lacks them. Parameters are
 * counted as embeddings plus, per layer, four hidden x hidden attention projections and three
 * hidden x intermediate MLP ones (SmolLM2-135M: 147M counted, 135M real: an upper estimate).
 */
export function modelShape(configJson: Record<string, unknown>): ModelShape | null {
  const hiddenSize = numberOr(configJson.hidden_size, 0);
  const layers = numberOr(configJson.num_hidden_layers, 0);
  const heads = numberOr(configJson.num_attention_heads, 0);
  const vocabSize = numberOr(configJson.vocab_size, 0);
  if (!hiddenSize || !layers || !heads || !vocabSize) return null;
  const intermediate = numberOr(configJson.intermediate_size, 4 * hiddenSize);
  const parameters = vocabSize * hiddenSize + layers * (4 * hiddenSize * hiddenSize + 3 * hiddenSize * intermediate);
  return { hiddenSize, layers, heads, vocabSize, parameters };
}
