import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FtdojoError } from '../core/index.js';
import { createHfTokenizer } from './hf-tokenizer.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-tokenizer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });

/** A tiny BPE tokenizer: "hello" is one token, every other letter its own; a template adds <s>. */
const TOKENIZER_JSON = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [special(0, '<unk>'), special(12, '<s>')],
  normalizer: null,
  pre_tokenizer: { type: 'Whitespace' },
  post_processor: {
    type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
    pair: [{ Sequence: { id: 'A', type_id: 0 } }],
    special_tokens: { '<s>': { id: '<s>', ids: [12], tokens: ['<s>'] } },
  },
  decoder: null,
  model: {
    type: 'BPE',
    dropout: null,
    unk_token: '<unk>',
    continuing_subword_prefix: null,
    end_of_word_suffix: null,
    fuse_unk: false,
    byte_fallback: false,
    vocab: { '<unk>': 0, h: 1, e: 2, l: 3, o: 4, he: 5, ll: 6, hell: 7, hello: 8, w: 9, r: 10, d: 11 },
    merges: ['h e', 'l l', 'he ll', 'hell o'],
  },
};

function modelDir(name: string, tokenizer: unknown = TOKENIZER_JSON): { json: string; config: string } {
  const dir = join(root, name);
  mkdirSync(dir);
  const json = join(dir, 'tokenizer.json');
  const config = join(dir, 'tokenizer_config.json');
  writeFileSync(json, typeof tokenizer === 'string' ? tokenizer : JSON.stringify(tokenizer));
  writeFileSync(config, JSON.stringify({ model_max_length: 512, bos_token: '<s>' }));
  return { json, config };
}

describe('createHfTokenizer', () => {
  it("counts the model's tokens, without special tokens, and is named after the model folder", () => {
    const { json, config } = modelDir('tiny-model');
    const tokenizer = createHfTokenizer(json, config);
    expect(tokenizer.name).toBe('hf:tiny-model');
    expect(tokenizer.count('hello')).toBe(1);
    expect(tokenizer.count('hello world')).toBe(6);
    expect(tokenizer.count('')).toBe(0);
  });

  it('explains a tokenizer file that is not JSON', () => {
    const { json, config } = modelDir('broken', '{"model": ');
    expect(() => createHfTokenizer(json, config)).toThrow(FtdojoError);
    expect(() => createHfTokenizer(json, config)).toThrow(/not valid JSON/);
  });

  it('explains a missing tokenizer file', () => {
    expect(() => createHfTokenizer(join(root, 'none', 'tokenizer.json'), join(root, 'none', 'c.json'))).toThrow(/cannot read/);
  });
});
