import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { FtdojoError } from '../core/index.js';
import type { Tokenizer } from './tokenizer.js';

function readJson(path: string, what: string): object {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new FtdojoError('MISSING_DATA', `cannot read the ${what} ${path}`, {
      hint: 'check the model folder holds tokenizer.json and tokenizer_config.json',
      cause,
    });
  }
  try {
    return JSON.parse(text) as object;
  } catch (cause) {
    throw new FtdojoError('CORRUPT_DATA', `the ${what} ${path} is not valid JSON`, {
      hint: "convert or download the model's tokenizer again",
      fault: 'environment',
      cause,
    });
  }
}

/**
 * The model's own tokenizer, from its tokenizer.json and tokenizer_config.json, through
 * @huggingface/tokenizers (pure JavaScript). Counts exclude special tokens: a card measures the
 * text of a field, and the chat template adds its tokens once per conversation, not per field.
 */
export function createHfTokenizer(tokenizerJsonPath: string, configPath: string): Tokenizer {
  const tokenizerJson = readJson(tokenizerJsonPath, 'tokenizer file');
  const config = readJson(configPath, 'tokenizer config');
  let tokenizer: HfTokenizer;
  try {
    tokenizer = new HfTokenizer(tokenizerJson, config);
  } catch (cause) {
    throw new FtdojoError('UNSUPPORTED', `the tokenizer in ${tokenizerJsonPath} cannot be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, {
      hint: 'the card falls back to approximate counts when no tokenizer is given; check the tokenizer.json comes from a Hugging Face model',
      fault: 'environment',
      cause,
    });
  }
  return {
    name: `hf:${basename(dirname(tokenizerJsonPath))}`,
    count: (text: string) => (text === '' ? 0 : tokenizer.encode(text, { add_special_tokens: false }).ids.length),
  };
}
