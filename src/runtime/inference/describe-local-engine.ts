import type { RuntimeConfig } from '../../config/index.js';
import type { ModelRef } from '../../core/index.js';
import { describeModel, FtdojoError } from '../../core/index.js';
import { runPython } from '../python-env/index.js';
import type { DescribedEvent } from './generate-events.js';
import { DescribedEventSchema, engineFactsOf, parseEventLine } from './generate-events.js';
import { classifyGenerationFailure } from './generation-error.js';
import type { EngineFacts } from './inference-backend.js';

/**
 * The engine facts generate.py would record with these settings, from describe_engine.py: the
 * tokenizer, the rendered template, package versions and the weights' sha256 (from the hash cache
 * generate.py keeps), without loading the model. Seconds, against minutes for an evaluation: it is
 * what a kept evaluation is checked against before it is reused. `settings` are generate.py's
 * (local-backend.ts's GenerateSettings).
 */
export async function describeLocalEngine(config: RuntimeConfig, model: ModelRef, settings: object, signal?: AbortSignal): Promise<EngineFacts> {
  let described: DescribedEvent | undefined;
  const onStdoutLine = (line: string) => {
    const event = parseEventLine(line);
    if (event?.event === 'described') described = DescribedEventSchema.parse(event);
  };
  const result = await runPython(config, ['-m', 'ftdojo_runtime.describe_engine', '--settings', JSON.stringify(settings)], { onStdoutLine, signal });
  if (result.code !== 0) throw classifyGenerationFailure(result, { aborted: signal?.aborted ?? false, model: describeModel(model) });
  if (!described) throw new FtdojoError('INTERNAL', 'describe_engine.py exited without its "described" line', { hint: 'run it by hand to see its output' });
  return engineFactsOf(described, described.batch_size);
}
