import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Tokenizer } from '../data/index.js';
import { createApproximateTokenizer, createHfTokenizer } from '../data/index.js';
import type { CliContext } from './context.js';

/**
 * The embedded model's tokenizer when `ftdojo setup` has converted it (so token counts are the
 * model's own); otherwise the documented approximation, which the card names as such.
 */
export function chooseTokenizer(context: CliContext): Tokenizer {
  const modelDir = join(context.config().cacheDir, 'models', 'SmolLM2-135M-Instruct');
  const tokenizerJson = join(modelDir, 'tokenizer.json');
  const tokenizerConfig = join(modelDir, 'tokenizer_config.json');
  if (existsSync(tokenizerJson) && existsSync(tokenizerConfig)) return createHfTokenizer(tokenizerJson, tokenizerConfig);
  return createApproximateTokenizer();
}
