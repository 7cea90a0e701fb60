import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../../core/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import type { DataFacts, DataRow } from '../feedback/index.js';
import type { Submission } from '../submission/index.js';
import { OUTPUT_RELATIVE } from '../submission/index.js';
import type { RowCheckInput } from './check-training-rows.js';
import { checkTrainingRows } from './check-training-rows.js';
import { scriptDiagnostic } from './script-diagnostic.js';

export interface DataTierInput extends Omit<RowCheckInput, 'raw'> {
  submission: Submission;
  /** A sandbox with the task's agent side at /task and the submission's workspace at /workspace. */
  sandbox: Sandbox;
  /** The interpreter for the script's language, as a path valid inside the sandbox. */
  interpreter: string;
  debugSeconds: number;
  fullSeconds: number;
  /** Variables the script sees besides the sandbox's own (e.g. FTDOJO_LLM_GATEWAY). */
  env?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
}

export interface DataTierOutput {
  diagnostics: Diagnostic[];
  facts: DataFacts | null;
  /** The full run's rows, checked; empty when the tier failed before reading them. */
  rows: DataRow[];
  seconds: { debug: number | null; full: number | null };
}

async function readOutput(workspace: string): Promise<{ raw: unknown } | { problem: Diagnostic }> {
  const text = await readFile(join(workspace, OUTPUT_RELATIVE), 'utf8').catch(() => null);
  const hint = `write the rows with json.dump(rows, open("${OUTPUT_RELATIVE}", "w")) (the working directory is /workspace)`;
  if (text === null)
    return {
      problem: {
        tier: 'data',
        code: 'output-missing',
        severity: 'error',
        subject: 'data',
        message: `the script exited 0 but wrote no ${OUTPUT_RELATIVE}`,
        hint,
        evidence: [],
      },
    };
  try {
    return { raw: JSON.parse(text) as unknown };
  } catch (cause) {
    return {
      problem: {
        tier: 'data',
        code: 'output-invalid-json',
        severity: 'error',
        subject: 'data',
        message: `${OUTPUT_RELATIVE} is not valid JSON: ${(cause as Error).message}`,
        hint,
        evidence: [text.slice(0, 160)],
      },
    };
  }
}

/** Shape problems that make a full run pointless: checked on the debug output before the full run. */
const SHAPE_CODES = new Set(['output-not-list', 'output-empty', 'row-schema']);

/**
 * Tier 2, data: the script's --debug run in the sandbox, a shape check of its output, then the
 * full run and every check on every row it wrote (checkTrainingRows).
 */
export async function runDataTier(input: DataTierInput): Promise<DataTierOutput> {
  const { submission, sandbox } = input;
  const script = submission.script!;
  const seconds: DataTierOutput['seconds'] = { debug: null, full: null };
  const env = { FTDOJO_TASK_DIR: '/task', FTDOJO_OUTPUT: `/workspace/${OUTPUT_RELATIVE}`, ...input.env };
  const run = async (mode: 'debug' | 'full') => {
    await rm(join(submission.workspace, OUTPUT_RELATIVE), { force: true });
    await mkdir(join(submission.workspace, 'output'), { recursive: true });
    const args = [input.interpreter, `/workspace/${script.name}`, ...(mode === 'debug' ? ['--debug'] : [])];
    const result = await sandbox.exec(args, {
      cwd: '/workspace',
      env: { ...env, FTDOJO_DEBUG: mode === 'debug' ? '1' : '0' },
      limits: { wallSeconds: mode === 'debug' ? input.debugSeconds : input.fullSeconds },
      ...(input.signal ? { signal: input.signal } : {}),
    });
    seconds[mode] = result.seconds;
    if (result.status !== 'ok') return { problem: scriptDiagnostic(result, mode, script.name) };
    return readOutput(submission.workspace);
  };

  const debug = await run('debug');
  if ('problem' in debug) return { diagnostics: [debug.problem], facts: null, rows: [], seconds };
  const shape = checkTrainingRows({ ...input, raw: debug.raw, sampleCap: Number.POSITIVE_INFINITY, heldOut: { validation: [], test: [] } }).diagnostics.filter(
    (diagnostic) => SHAPE_CODES.has(diagnostic.code),
  );
  if (shape.length)
    return { diagnostics: shape.map((diagnostic) => ({ ...diagnostic, message: `--debug run: ${diagnostic.message}` })), facts: null, rows: [], seconds };

  const full = await run('full');
  if ('problem' in full) return { diagnostics: [full.problem], facts: null, rows: [], seconds };
  const checked = checkTrainingRows({ ...input, raw: full.raw });
  return { diagnostics: checked.diagnostics, facts: checked.facts, rows: checked.rows, seconds };
}
