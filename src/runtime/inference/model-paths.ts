import type { RuntimeConfig } from '../../config/index.js';
import type { ModelRef } from '../../core/index.js';
import { resolveModelPath } from '../model-store/index.js';

/** What generate.py loads: a model folder (a hub model's is in the model store), and optionally a LoRA adapter folder on it. */
export interface LocalModelPaths {
  modelPath: string;
  adapterPath: string | null;
}

/**
 * A ModelRef made concrete for the Python side (resolveModelPath checks the folders exist; a hub
 * model must be in the store already: `ensureModel` downloads it).
 */
export function localModelPaths(config: RuntimeConfig, model: ModelRef): LocalModelPaths {
  if (model.kind !== 'adapter') return { modelPath: resolveModelPath(config, model), adapterPath: null };
  const paths = resolveModelPath(config, model);
  return { modelPath: paths.base, adapterPath: paths.adapter };
}
