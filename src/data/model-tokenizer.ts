import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createApproximateTokenizer } from './approximate-tokenizer.js';
import { createHfTokenizer } from './hf-tokenizer.js';
import type { Tokenizer } from './tokenizer.js';

/**
 * A model folder's own tokenizer when it has tokenizer.json and tokenizer_config.json (so token
 * counts are the model's); otherwise the documented approximation, which names itself as such.
 */
export function modelTokenizer(modelDir: string): Tokenizer {
  const tokenizerJson = join(modelDir, 'tokenizer.json');
  const tokenizerConfig = join(modelDir, 'tokenizer_config.json');
  return existsSync(tokenizerJson) && existsSync(tokenizerConfig) ? createHfTokenizer(tokenizerJson, tokenizerConfig) : createApproximateTokenizer();
}
