import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeConfig } from '../config/index.js';
import { resolveRuntimeConfig } from '../config/index.js';
import type { ModelRef } from '../core/index.js';
import type { PromptFormat } from '../runtime/index.js';
import { EMBEDDED_PROMPT_FORMAT, embeddedModelDir, readModelMetadata } from '../runtime/index.js';

export interface TestRuntime {
  config: RuntimeConfig;
  /** The embedded model; as a plain folder when it was converted before ftdojo-model.json existed. */
  model: ModelRef;
  modelPath: string;
  promptFormat: PromptFormat;
}

/**
 * The runtime for tests that run the real model: FTDOJO_PYTHON (or the environment `ftdojo setup`
 * made) and the converted embedded model under FTDOJO_HOME. Returns why not, so the tests can say
 * why they are skipped instead of failing on a machine without them.
 */
export function testRuntime(env: Readonly<Record<string, string | undefined>> = process.env): TestRuntime | { skip: string } {
  const config = resolveRuntimeConfig(env);
  const modelPath = embeddedModelDir(config);
  if (config.python.includes('/') && !existsSync(config.python))
    return { skip: `no runtime Python at ${config.python}: run \`ftdojo setup\` or set FTDOJO_PYTHON` };
  if (!existsSync(join(modelPath, 'config.json')))
    return { skip: `no converted embedded model in ${modelPath}: run \`ftdojo setup\` or set FTDOJO_HOME to a home that has one` };
  const model: ModelRef = readModelMetadata(modelPath) === null ? { kind: 'local', path: modelPath } : { kind: 'embedded' };
  return { config, model, modelPath, promptFormat: EMBEDDED_PROMPT_FORMAT };
}
