import { join } from 'node:path';
import type { Tokenizer } from '../data/index.js';
import { modelTokenizer } from '../data/index.js';
import type { CliContext } from './context.js';

/**
 * The embedded model's tokenizer when `ftdojo setup` has converted it (so token counts are the
 * model's own); otherwise the documented approximation, which the card names as such.
 */
export function chooseTokenizer(context: CliContext): Tokenizer {
  return modelTokenizer(join(context.config().cacheDir, 'models', 'SmolLM2-135M-Instruct'));
}
