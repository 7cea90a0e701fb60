import { existsSync } from 'node:fs';
import { cp, readFile, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { FtdojoError } from '../../core/index.js';

/**
 * What an agent submits, as files in its workspace folder:
 *   process_data.py | process_data.mjs | process_data.js
 *       reads the task's pool (/task/pool.jsonl inside the sandbox) and writes the training rows
 *       to /workspace/output/train.json (Alpaca: a JSON list of {instruction, input?, output,
 *       system?}); with --debug it processes about 100 pool rows and writes the same file.
 *   train.yaml
 *       the LLaMA-Factory settings it chooses (hyperparameters); the environment adds the keys it
 *       manages (model, data paths, template, output_dir, device settings).
 * This is the seam every agent enters the dojo through, ours or another.
 */
export const SCRIPT_NAMES = ['process_data.py', 'process_data.mjs', 'process_data.js'] as const;
export const CONFIG_NAME = 'train.yaml';
/** Where the script writes its rows, relative to the workspace. */
export const OUTPUT_RELATIVE = 'output/train.json';
/** How many pool rows a --debug run is asked to process. */
export const DEBUG_ROWS = 100;

export type ScriptLanguage = 'python' | 'node';

export interface Submission {
  workspace: string;
  /** Null when the workspace has none of SCRIPT_NAMES. */
  script: { name: string; path: string; language: ScriptLanguage } | null;
  /** Every script name present (more than one is a mistake the static tier reports). */
  scriptsFound: string[];
  configPath: string;
  /** The text of train.yaml, or null when it is missing. */
  configText: string | null;
}

export async function readSubmission(workspace: string): Promise<Submission> {
  const root = resolve(workspace);
  if (!existsSync(root)) {
    throw new FtdojoError('INVALID_INPUT', `workspace ${root} does not exist`, {
      hint: `create it with ${SCRIPT_NAMES[0]} and ${CONFIG_NAME} in it (see \`ftdojo validate --help\`)`,
    });
  }
  const scriptsFound = SCRIPT_NAMES.filter((name) => existsSync(join(root, name)));
  const first = scriptsFound[0];
  const configPath = join(root, CONFIG_NAME);
  return {
    workspace: root,
    script: first ? { name: first, path: join(root, first), language: first.endsWith('.py') ? 'python' : 'node' } : null,
    scriptsFound: [...scriptsFound],
    configPath,
    configText: existsSync(configPath) ? await readFile(configPath, 'utf8') : null,
  };
}

/**
 * Copies a submission into a folder of the environment's own before anything runs: the user's
 * folder is never written to (nor handed to another uid), and the experiment keeps an exact copy
 * of what it ran. The previous output/ is left behind.
 */
export async function stageSubmission(source: string, destination: string): Promise<string> {
  const root = resolve(source);
  if (!existsSync(root)) {
    throw new FtdojoError('INVALID_INPUT', `workspace ${root} does not exist`, {
      hint: `create it with ${SCRIPT_NAMES[0]} and ${CONFIG_NAME} in it (see \`ftdojo validate --help\`)`,
    });
  }
  await rm(destination, { recursive: true, force: true });
  await cp(root, destination, { recursive: true, filter: (path) => path === root || relative(root, path).split(sep)[0] !== 'output' });
  return destination;
}
