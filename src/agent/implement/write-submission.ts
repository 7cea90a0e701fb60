import { readFile } from 'node:fs/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { Hypothesis, SubmissionFiles } from '../../core/index.js';
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
export async function renderSubmission(hypothesis: Hypothesis): Promise<SubmissionFiles> {
  const header = `# ${hypothesis.rationale.replace(/\n/g, ' ')}\n# expected: ${hypothesis.expectedEffect.replace(/\n/g, ' ')}\n`;
  return {
    'process_data.py': await readFile(strategyScriptPath(), 'utf8'),
    'strategy.json': JSON.stringify(hypothesis.data, null, 2) + '\n',
    'train.yaml': header + stringify(hypothesis.training, { version: '1.1' }),
    'hypothesis.json': JSON.stringify(hypothesis, null, 2) + '\n',
  };
}

/** The rendered submission written into a folder (a workspace to validate or run by hand). */
export async function writeSubmission(hypothesis: Hypothesis, workspace: string): Promise<void> {
  for (const [name, text] of Object.entries(await renderSubmission(hypothesis))) {
    await mkdir(dirname(join(workspace, name)), { recursive: true });
    await writeFile(join(workspace, name), text);
  }
}
