import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Hypothesis } from '../../core/index.js';
import { repoPythonDir } from '../../runtime/index.js';

/** The reviewed data script that carries out a DataStrategy (python/templates/process_data.py). */
export function strategyScriptPath(): string {
  return join(repoPythonDir(), 'templates', 'process_data.py');
}

/**
 * Implements a structured hypothesis as a submission: the fixed data script, its strategy.json,
 * and train.yaml with the hypothesis's training settings (YAML 1.1, as LLaMA-Factory reads it).
 * The same files any agent would submit; the dojo validates them the same way.
 */
export async function writeSubmission(hypothesis: Hypothesis, workspace: string): Promise<void> {
  await mkdir(workspace, { recursive: true });
  await copyFile(strategyScriptPath(), join(workspace, 'process_data.py'));
  await writeFile(join(workspace, 'strategy.json'), JSON.stringify(hypothesis.data, null, 2) + '\n');
  const header = `# ${hypothesis.rationale.replace(/\n/g, ' ')}\n# expected: ${hypothesis.expectedEffect.replace(/\n/g, ' ')}\n`;
  await writeFile(join(workspace, 'train.yaml'), header + stringify(hypothesis.training, { version: '1.1' }));
  await writeFile(join(workspace, 'hypothesis.json'), JSON.stringify(hypothesis, null, 2) + '\n');
}
