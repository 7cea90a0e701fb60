import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The model dimensions a memory projection needs (config.json of a Hugging Face model). */
export interface ModelShape {
  hiddenSize: number;
  layers: number;
  heads: number;
  vocabSize: number;
  /**
   * Embeddings plus, per layer, four hidden x hidden attention projections and three hidden x
   * intermediate MLP ones: an upper estimate the CPU projection has always used (SmolLM2-135M:
   * 147M counted, 135M real). `parameterCount` is the closer count the GPU projection uses.
   */
  parameters: number;
  /** The MLP's inner width (intermediate_size; 4 x hidden when absent). */
  intermediateSize: number;
  /** Key/value heads (grouped-query attention); the attention heads when absent. */
  kvHeads: number;
  /** Width of one attention head (head_dim; hidden / heads when absent). */
  headDim: number;
  /** True when the output layer shares the embedding matrix (tie_word_embeddings). */
  tiedEmbeddings: boolean;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * Reads the dimensions from a parsed config.json (or its text_config, for models that wrap a
 * language model); null when it lacks them.
 */
export function modelShape(configJson: Record<string, unknown>): ModelShape | null {
  const text = configJson.text_config;
  const source = typeof configJson.hidden_size !== 'number' && text !== null && typeof text === 'object' ? (text as Record<string, unknown>) : configJson;
  const hiddenSize = numberOr(source.hidden_size, 0);
  const layers = numberOr(source.num_hidden_layers, 0);
  const heads = numberOr(source.num_attention_heads, 0);
  const vocabSize = numberOr(source.vocab_size, 0);
  if (!hiddenSize || !layers || !heads || !vocabSize) return null;
  const intermediateSize = numberOr(source.intermediate_size, 4 * hiddenSize);
  const parameters = vocabSize * hiddenSize + layers * (4 * hiddenSize * hiddenSize + 3 * hiddenSize * intermediateSize);
  const tied = source.tie_word_embeddings ?? configJson.tie_word_embeddings;
  return {
    hiddenSize,
    layers,
    heads,
    vocabSize,
    parameters,
    intermediateSize,
    kvHeads: numberOr(source.num_key_value_heads, heads),
    headDim: numberOr(source.head_dim, hiddenSize / heads),
    // transformers' PretrainedConfig defaults tie_word_embeddings to true.
    tiedEmbeddings: tied !== false,
  };
}

/** Width of the key and value projections' output (kv heads x head size). */
export function kvWidth(shape: ModelShape): number {
  return Math.round(shape.headDim * shape.kvHeads);
}

/** Width of the query projection's output (heads x head size; the hidden size for most models). */
export function queryWidth(shape: ModelShape): number {
  return Math.round(shape.headDim * shape.heads);
}

/** Parameters of a decoder's linear layers (what LoRA targets and 4-bit quantizes). */
export function linearParameterCount(shape: ModelShape): number {
  const h = shape.hiddenSize;
  return shape.layers * (2 * h * queryWidth(shape) + 2 * h * kvWidth(shape) + 3 * h * shape.intermediateSize);
}

/** Embedding (and untied output layer) parameters. */
export function embeddingParameterCount(shape: ModelShape): number {
  return shape.vocabSize * shape.hiddenSize * (shape.tiedEmbeddings ? 1 : 2);
}

/** Parameters counted with grouped-query attention and an untied output layer (norms left out). */
export function parameterCount(shape: ModelShape): number {
  return linearParameterCount(shape) + embeddingParameterCount(shape);
}

/** The shape of a local model folder's config.json; null for a hub id or a folder without one. */
export function readModelShape(modelPath: string): ModelShape | null {
  const path = join(modelPath, 'config.json');
  if (!existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? modelShape(parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** "Qwen/Qwen2.5-7B-Instruct" → 7e9, "SmolLM2-135M" → 1.35e8: a size read from a hub id, when it says one. */
export function parametersFromModelName(name: string): number | null {
  const match = /(?:^|[-_/.])(\d+(?:\.\d+)?)([bBmM])(?=$|[-_./])/.exec(name);
  if (!match) return null;
  return Number(match[1]) * (match[2]!.toLowerCase() === 'b' ? 1e9 : 1e6);
}
