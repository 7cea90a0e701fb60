import type { ModelRef } from '../../core/index.js';

/**
 * How a request's messages become prompt tokens (generate.py applies it):
 * - `llamafactory`: LLaMA-Factory's own template code (Template.encode_oneturn), the same code its
 *   training data pipeline runs, with `system` as the template's default_system;
 * - `chat-template`: the tokenizer's chat template; a non-null `system` adds a system message,
 *   null leaves the template's own default in place.
 */
export type PromptFormat = { kind: 'llamafactory'; template: string; system: string } | { kind: 'chat-template'; system: string | null };

/**
 * The LLaMA-Factory template ftdojo trains the embedded SmolLM2 with, and its system prompt:
 * `smollm2` with default_system "" renders a single-turn prompt with no system block at all,
 *   <|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n
 * (LLaMA-Factory writes a system block only when `system or default_system` is non-empty).
 * Evaluation renders the same tokens. The model's own chat template cannot: without a system
 * message it injects "You are a helpful AI assistant named SmolLM, trained by Hugging Face", and
 * with an empty one it writes an empty system block; both are prompts training never showed.
 * The training side must keep `template: smollm2` and `default_system: ""` in step with this.
 */
export const EMBEDDED_PROMPT_FORMAT: PromptFormat = { kind: 'llamafactory', template: 'smollm2', system: '' };

/** The base a model ultimately rests on (an adapter's base, recursively). */
export function baseModel(model: ModelRef): ModelRef {
  return model.kind === 'adapter' ? baseModel(model.base) : model;
}

/**
 * The embedded model and adapters trained on it use the training template above; any other model
 * its tokenizer's chat template with the template's own default system prompt, because we do not
 * know how it was trained (pass a PromptFormat to say otherwise).
 */
export function defaultPromptFormat(model: ModelRef): PromptFormat {
  return baseModel(model).kind === 'embedded' ? EMBEDDED_PROMPT_FORMAT : { kind: 'chat-template', system: null };
}

/**
 * Prompts rendered by the LLaMA-Factory template a model is trained with (`modelTemplate`), with
 * its default system prompt: evaluation then shows a base model and its adapters the very prompt
 * training did. For the embedded model's template this is EMBEDDED_PROMPT_FORMAT.
 */
export function promptFormatFor(template: { template: string; defaultSystem: string }): PromptFormat {
  return { kind: 'llamafactory', template: template.template, system: template.defaultSystem };
}
