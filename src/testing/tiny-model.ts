import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeHubFile, FakeHubRepo } from './fake-hub-server.js';

/**
 * Test support: a tiny but real transformers model (a Llama of one layer, hidden size 16, random
 * weights; a byte-level BPE tokenizer of 256 bytes plus the chat tokens), written without Python
 * in a few milliseconds. transformers loads it and generates (garbage), LLaMA-Factory trains it,
 * @huggingface/tokenizers counts with it. `style` picks the chat tokens and template: chatml
 * (<|im_start|>, as SmolLM2 and Qwen) or llama3 (<|start_header_id|>).
 */
export interface TinyModelOptions {
  style?: 'chatml' | 'llama3';
  /** Seeds the weights: two seeds, two different models (and checksums). */
  seed?: number;
  /** Leave the chat template out (a base model). */
  chatTemplate?: boolean;
}

const CHAT: Record<'chatml' | 'llama3', { specials: string[]; bos: string | null; eos: string; template: string }> = {
  chatml: {
    specials: ['<|endoftext|>', '<|im_start|>', '<|im_end|>'],
    bos: null,
    eos: '<|im_end|>',
    template:
      "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
      "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
  },
  llama3: {
    specials: ['<|begin_of_text|>', '<|end_of_text|>', '<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>'],
    bos: '<|begin_of_text|>',
    eos: '<|eot_id|>',
    template:
      "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] + '<|eot_id|>' }}{% endfor %}" +
      "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}",
  },
};

const HIDDEN = 16;
const INTERMEDIATE = 32;
const HEADS = 2;
const KV_HEADS = 1;

/** GPT-2's byte ↔ printable character table, which ByteLevel pre-tokenizers use. */
function byteCharacters(): string[] {
  const printable: number[] = [];
  for (let code = 33; code <= 126; code += 1) printable.push(code);
  for (let code = 161; code <= 172; code += 1) printable.push(code);
  for (let code = 174; code <= 255; code += 1) printable.push(code);
  const characters: string[] = [];
  let extra = 0;
  for (let byte = 0; byte < 256; byte += 1) characters.push(String.fromCodePoint(printable.includes(byte) ? byte : 256 + extra++));
  return characters;
}

function tokenizerJson(specials: string[]): object {
  const vocab: Record<string, number> = {};
  specials.forEach((token, id) => (vocab[token] = id));
  byteCharacters().forEach((character, byte) => (vocab[character] = specials.length + byte));
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: byteLevel,
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: [],
    },
  };
}

/** mulberry32: small, seeded, the same numbers everywhere. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** A safetensors file (an 8-byte header length, a JSON header, then the raw little-endian F32 data). */
function safetensors(tensors: Array<[string, number[], Float32Array]>): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, shape, data] of tensors) {
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (Buffer.byteLength(text) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(text)));
  return Buffer.concat([length, Buffer.from(text), ...tensors.map(([, , data]) => Buffer.from(data.buffer, data.byteOffset, data.byteLength))]);
}

function weights(vocabSize: number, seed: number): Buffer {
  const next = random(seed);
  const matrix = (rows: number, columns: number) => Float32Array.from({ length: rows * columns }, () => (next() - 0.5) * 0.2);
  const ones = (size: number) => new Float32Array(size).fill(1);
  const headDim = HIDDEN / HEADS;
  const layer = 'model.layers.0';
  return safetensors([
    ['model.embed_tokens.weight', [vocabSize, HIDDEN], matrix(vocabSize, HIDDEN)],
    [`${layer}.input_layernorm.weight`, [HIDDEN], ones(HIDDEN)],
    [`${layer}.mlp.down_proj.weight`, [HIDDEN, INTERMEDIATE], matrix(HIDDEN, INTERMEDIATE)],
    [`${layer}.mlp.gate_proj.weight`, [INTERMEDIATE, HIDDEN], matrix(INTERMEDIATE, HIDDEN)],
    [`${layer}.mlp.up_proj.weight`, [INTERMEDIATE, HIDDEN], matrix(INTERMEDIATE, HIDDEN)],
    [`${layer}.post_attention_layernorm.weight`, [HIDDEN], ones(HIDDEN)],
    [`${layer}.self_attn.k_proj.weight`, [KV_HEADS * headDim, HIDDEN], matrix(KV_HEADS * headDim, HIDDEN)],
    [`${layer}.self_attn.o_proj.weight`, [HIDDEN, HIDDEN], matrix(HIDDEN, HIDDEN)],
    [`${layer}.self_attn.q_proj.weight`, [HIDDEN, HIDDEN], matrix(HIDDEN, HIDDEN)],
    [`${layer}.self_attn.v_proj.weight`, [KV_HEADS * headDim, HIDDEN], matrix(KV_HEADS * headDim, HIDDEN)],
    ['model.norm.weight', [HIDDEN], ones(HIDDEN)],
  ]);
}

/** The files of a tiny model folder, by name (model.safetensors is the one a hub keeps in LFS). */
export function tinyModelFiles(options: TinyModelOptions = {}): Record<string, Buffer | string> {
  const chat = CHAT[options.style ?? 'chatml'];
  const vocabSize = chat.specials.length + 256;
  const id = (token: string | null) => (token === null ? null : chat.specials.indexOf(token));
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    'config.json': json({
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      vocab_size: vocabSize,
      hidden_size: HIDDEN,
      intermediate_size: INTERMEDIATE,
      num_hidden_layers: 1,
      num_attention_heads: HEADS,
      num_key_value_heads: KV_HEADS,
      hidden_act: 'silu',
      max_position_embeddings: 1024,
      rms_norm_eps: 1e-5,
      rope_theta: 10000,
      attention_bias: false,
      mlp_bias: false,
      tie_word_embeddings: true,
      bos_token_id: id(chat.bos),
      eos_token_id: id(chat.eos),
      pad_token_id: id(chat.eos),
      torch_dtype: 'float32',
    }),
    'generation_config.json': json({ bos_token_id: id(chat.bos), eos_token_id: id(chat.eos), pad_token_id: id(chat.eos), do_sample: false }),
    'tokenizer.json': json(tokenizerJson(chat.specials)),
    'tokenizer_config.json': json({
      tokenizer_class: 'PreTrainedTokenizerFast',
      model_input_names: ['input_ids', 'attention_mask'],
      bos_token: chat.bos,
      eos_token: chat.eos,
      pad_token: chat.eos,
      unk_token: null,
      add_bos_token: false,
      clean_up_tokenization_spaces: false,
      model_max_length: 1024,
      ...(options.chatTemplate === false ? {} : { chat_template: chat.template }),
    }),
    'special_tokens_map.json': json({ bos_token: chat.bos ?? undefined, eos_token: chat.eos, pad_token: chat.eos }),
    'model.safetensors': weights(vocabSize, options.seed ?? 1),
  };
}

/** Writes a tiny model folder (see tinyModelFiles) and returns it. */
export function writeTinyModel(folder: string, options: TinyModelOptions = {}): string {
  mkdirSync(folder, { recursive: true });
  for (const [name, content] of Object.entries(tinyModelFiles(options))) writeFileSync(join(folder, name), content);
  return folder;
}

/**
 * A model repository of the fake hub (startFakeHub) holding a tiny model at `commit`, which `main`
 * names: model.safetensors is listed as an LFS file (sha256), the rest as git blobs (sha1).
 */
export function tinyModelRepo(commit: string, options: TinyModelOptions & { extraFiles?: Record<string, FakeHubFile>; token?: string } = {}): FakeHubRepo {
  const files: Record<string, FakeHubFile> = {};
  for (const [name, content] of Object.entries(tinyModelFiles(options))) files[name] = { content, lfs: name.endsWith('.safetensors') };
  return {
    repoType: 'model',
    commits: [{ sha: commit, files: { ...files, ...options.extraFiles } }],
    refs: { main: commit },
    ...(options.token ? { token: options.token } : {}),
  };
}
