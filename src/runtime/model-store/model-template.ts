import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FtdojoError } from '../../core/index.js';

/** How a chat template marks turns; two templates of one style put the same tokens around a turn. */
export type ChatStyle = 'chatml' | 'llama3' | 'gemma' | 'mistral' | 'llama2';

/** The LLaMA-Factory template a model is trained and prompted with, and where that choice came from. */
export interface ModelTemplate {
  /** LLaMA-Factory's `template`. */
  template: string;
  /** LLaMA-Factory's `default_system` (what the model's own chat template inserts, or ''). */
  defaultSystem: string;
  /** The model family, in words ("Qwen2.5"), or "given" for an explicit template. */
  family: string;
  /** name: the model's id or folder name; config: config.json's model_type; chat-template: the tokenizer's template; given: --template. */
  source: 'name' | 'config' | 'chat-template' | 'given';
  /** The style of the tokenizer's own chat template, or null when it has none or none we know. */
  tokenizerStyle: ChatStyle | null;
}

interface Family {
  family: string;
  template: string;
  defaultSystem: string;
  style: ChatStyle;
  name: RegExp;
  modelTypes: string[];
}

export const QWEN_DEFAULT_SYSTEM = 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.';

/**
 * Model families → LLaMA-Factory templates, first match wins (so Qwen3 before Qwen, Gemma 3 before
 * Gemma). SmolLM2 trains with `smollm2` and no system prompt (see EMBEDDED_PROMPT_FORMAT); Qwen2.5
 * with the system prompt its own chat template inserts. `llama` alone is no family: Llama 2,
 * Llama 3, SmolLM2 and TinyLlama all say model_type "llama"; their tokenizer's template decides.
 */
const FAMILIES: readonly Family[] = [
  { family: 'SmolLM2', template: 'smollm2', defaultSystem: '', style: 'chatml', name: /smollm2/i, modelTypes: [] },
  { family: 'Qwen3', template: 'qwen3_nothink', defaultSystem: '', style: 'chatml', name: /qwen-?3/i, modelTypes: ['qwen3', 'qwen3_moe'] },
  { family: 'Qwen2.5', template: 'qwen', defaultSystem: QWEN_DEFAULT_SYSTEM, style: 'chatml', name: /qwen/i, modelTypes: ['qwen2', 'qwen2_moe'] },
  { family: 'Llama 3', template: 'llama3', defaultSystem: '', style: 'llama3', name: /llama-?3/i, modelTypes: [] },
  { family: 'Gemma 3', template: 'gemma3', defaultSystem: '', style: 'gemma', name: /gemma-?3/i, modelTypes: ['gemma3', 'gemma3_text'] },
  { family: 'Gemma 2', template: 'gemma2', defaultSystem: '', style: 'gemma', name: /gemma-?2/i, modelTypes: ['gemma2'] },
  { family: 'Gemma', template: 'gemma', defaultSystem: '', style: 'gemma', name: /gemma/i, modelTypes: ['gemma'] },
  { family: 'Mistral', template: 'mistral', defaultSystem: '', style: 'mistral', name: /mistral|mixtral/i, modelTypes: ['mistral', 'mixtral'] },
];

/** The template to use for a model whose tokenizer template has this style and whose family is unknown. */
const STYLE_TEMPLATES: Record<ChatStyle, { template: string; words: string }> = {
  chatml: { template: 'chatml', words: 'ChatML (<|im_start|>role ... <|im_end|>, as Qwen and SmolLM2 use)' },
  llama3: { template: 'llama3', words: 'Llama 3 (<|start_header_id|> ... <|eot_id|>)' },
  gemma: { template: 'gemma', words: 'Gemma (<start_of_turn> ... <end_of_turn>)' },
  mistral: { template: 'mistral', words: 'Mistral ([INST] ... [/INST])' },
  llama2: { template: 'llama2', words: 'Llama 2 ([INST] <<SYS>> ... [/INST])' },
};

/** The style of a chat template (Jinja source), from the tokens it writes around a turn. */
export function chatStyleOf(chatTemplate: string): ChatStyle | null {
  if (chatTemplate.includes('<|start_header_id|>')) return 'llama3';
  if (chatTemplate.includes('<start_of_turn>')) return 'gemma';
  if (chatTemplate.includes('<|im_start|>')) return 'chatml';
  if (chatTemplate.includes('[INST]')) return chatTemplate.includes('<<SYS>>') ? 'llama2' : 'mistral';
  return null;
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The tokenizer's own chat template: tokenizer_config.json's `chat_template` (a string, or a list
 * of named templates of which "default" counts), else chat_template.jinja (newer transformers save
 * it there), else chat_template.json. Null when the model has none (a base, not an instruct, model).
 */
export function readChatTemplate(folder: string): string | null {
  const fromConfig = readJson(join(folder, 'tokenizer_config.json'))?.chat_template;
  if (typeof fromConfig === 'string') return fromConfig;
  if (Array.isArray(fromConfig)) {
    const named = fromConfig as Array<{ name?: unknown; template?: unknown }>;
    const chosen = named.find((entry) => entry.name === 'default') ?? named[0];
    if (typeof chosen?.template === 'string') return chosen.template;
  }
  const jinja = join(folder, 'chat_template.jinja');
  if (existsSync(jinja)) return readFileSync(jinja, 'utf8');
  const json = readJson(join(folder, 'chat_template.json'))?.chat_template;
  return typeof json === 'string' ? json : null;
}

function familyOf(name: string, modelType: string | null): { family: Family; source: 'name' | 'config' } | null {
  const byName = FAMILIES.find((family) => family.name.test(name));
  if (byName) return { family: byName, source: 'name' };
  const byType = modelType === null ? undefined : FAMILIES.find((family) => family.modelTypes.includes(modelType));
  return byType ? { family: byType, source: 'config' } : null;
}

export interface ModelTemplateOptions {
  /** The model's name as the user gave it: a hub id ("Qwen/Qwen2.5-7B-Instruct") or a folder. */
  name: string;
  /** An explicit LLaMA-Factory template (--template): used as given, without the family check. */
  template?: string | undefined;
}

/**
 * The LLaMA-Factory template for the model in `folder`: from its family (its name, else
 * config.json's model_type), checked against the tokenizer's own chat template — a Llama 3 name on
 * a ChatML tokenizer is refused with the fix, since training would teach turn markers the model
 * does not use. A model of no known family gets the template of its tokenizer's style; one with
 * neither needs --template.
 */
export function modelTemplate(folder: string, options: ModelTemplateOptions): ModelTemplate {
  const chatTemplate = readChatTemplate(folder);
  const tokenizerStyle = chatTemplate === null ? null : chatStyleOf(chatTemplate);
  if (options.template) {
    const known = FAMILIES.find((family) => family.template === options.template);
    return { template: options.template, defaultSystem: known?.defaultSystem ?? '', family: 'given', source: 'given', tokenizerStyle };
  }
  const modelType = readJson(join(folder, 'config.json'))?.model_type;
  const found = familyOf(options.name, typeof modelType === 'string' ? modelType : null);
  if (found) {
    const { family, source } = found;
    if (tokenizerStyle !== null && tokenizerStyle !== family.style) {
      const fits = STYLE_TEMPLATES[tokenizerStyle];
      const other = FAMILIES.find((candidate) => candidate.style === tokenizerStyle);
      throw new FtdojoError(
        'INVALID_INPUT',
        `${options.name} looks like a ${family.family} model (by its ${source === 'name' ? 'name' : 'config.json model_type'}; LLaMA-Factory template ${family.template}), ` +
          `but its tokenizer's chat template is ${fits.words}`,
        {
          hint:
            `if the tokenizer is right, pass --template ${fits.template}` +
            (other ? ` (or ${other.template} if it is a ${other.family} model)` : '') +
            `; if the model is a ${family.family} model, its tokenizer files in ${folder} are from another model: fix tokenizer_config.json`,
          fault: 'user',
        },
      );
    }
    return { template: family.template, defaultSystem: family.defaultSystem, family: family.family, source, tokenizerStyle };
  }
  if (tokenizerStyle !== null) {
    const fits = STYLE_TEMPLATES[tokenizerStyle];
    return { template: fits.template, defaultSystem: '', family: fits.words.split(' (')[0]!, source: 'chat-template', tokenizerStyle };
  }
  throw new FtdojoError(
    'INVALID_INPUT',
    `cannot tell which chat template ${options.name} uses: neither its name nor its config.json (model_type ${typeof modelType === 'string' ? modelType : 'missing'}) ` +
      `is of a known family (${FAMILIES.map((family) => family.family).join(', ')}), and ${chatTemplate === null ? 'its tokenizer has no chat template' : 'its chat template is of no style ftdojo knows'}`,
    {
      hint: 'pass --template NAME with the LLaMA-Factory template it was made for (qwen, llama3, gemma, mistral, chatml, ...); a base model without a chat template is better replaced by its instruct version',
      fault: 'user',
    },
  );
}
