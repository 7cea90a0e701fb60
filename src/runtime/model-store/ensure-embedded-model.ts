import { join } from 'node:path';
import type { RuntimeConfig } from '../../config/index.js';
import { FtdojoError } from '../../core/index.js';
import type { ProgressListener } from '../python-env/index.js';
import { acquireSetupLock, progressReporter, runPython } from '../python-env/index.js';
import { cachedSha256 } from './file-hash-cache.js';
import { locateEmbeddedGguf } from './locate-embedded-gguf.js';
import type { ModelMetadata } from './model-metadata.js';
import { embeddedModelDir, embeddedModelStaleReason, readModelMetadata } from './model-metadata.js';

export interface EnsureEmbeddedModelOptions {
  onProgress?: ProgressListener;
  /** Plain messages worth showing (why a conversion runs). */
  log?: (line: string) => void;
  /** Break the conversion on purpose ('eos' or 'bos'): for the test that the checks refuse it. */
  sabotage?: 'eos' | 'bos';
}

export interface EmbeddedModelResult {
  /** The converted model folder (<modelsDir>/SmolLM2-135M-Instruct). */
  path: string;
  /** True when this call converted it. */
  created: boolean;
  seconds: number;
  metadata: ModelMetadata;
  /** The conversion's log, when one ran. */
  logFile?: string;
}

/** One JSON line of convert_model.py's stdout. */
interface ConverterEvent {
  event: 'phase' | 'check' | 'done' | 'failed';
  phase?: string;
  name?: string;
  ok?: boolean;
  check?: string | null;
  message?: string;
}

function parseEvent(line: string): ConverterEvent | null {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as ConverterEvent;
  } catch {
    return null;
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) / 100) / 10;
}

/**
 * Makes sure the embedded SmolLM2-135M-Instruct is converted and checked, and returns its folder.
 * Fast path (a stat, a small JSON read and a ~0.1 s Python lookup): ftdojo-model.json exists, was
 * written by this converter version with every check passed, and records the sha256 of the GGUF
 * file installed now (hashed once, then remembered by size and mtime). Otherwise runs
 * `python -m ftdojo_runtime.convert_model` (about a minute), which caches nothing that fails a check.
 */
export async function ensureEmbeddedModel(config: RuntimeConfig, options: EnsureEmbeddedModelOptions = {}): Promise<EmbeddedModelResult> {
  const started = performance.now();
  const folder = embeddedModelDir(config);
  const gguf = await locateEmbeddedGguf(config);
  const { sha256 } = await cachedSha256(gguf.path, join(config.modelsDir, '.gguf-sha256.json'));
  const existing = readModelMetadata(folder);
  const reason = options.sabotage ? 'a sabotaged conversion was asked for' : embeddedModelStaleReason(folder, existing, sha256);
  if (reason === null) return { path: folder, created: false, seconds: elapsed(started), metadata: existing! };
  options.log?.(`embedded model: ${reason}`);

  const release = acquireSetupLock(join(config.modelsDir, '.setup.lock'), `the embedded model in ${folder}`, 'MODEL_CONVERSION');
  const reporter = progressReporter('model', options.onProgress);
  const logFile = join(config.logsDir, `setup-model-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
  let final: ConverterEvent | null = null;
  try {
    options.log?.(`converting (about a minute); the converter's output goes to ${logFile}`);
    const args = ['-m', 'ftdojo_runtime.convert_model', '--out', folder, ...(options.sabotage ? ['--sabotage', options.sabotage] : [])];
    const result = await runPython(config, args, {
      logFile,
      onStdoutLine: (line) => {
        const event = parseEvent(line);
        if (event?.event === 'phase' && event.phase) reporter.phase(event.phase);
        else if (event?.event === 'check') reporter.detail(`check ${event.name}: ${event.ok ? 'ok' : 'FAILED'}`);
        else if (event?.event === 'done' || event?.event === 'failed') final = event;
      },
      // transformers' own progress bar is the one stderr line worth showing.
      onStderrLine: (line) => /de-quantizing/.test(line) && reporter.detail(line),
    });
    const outcome = final as ConverterEvent | null;
    if (result.code !== 0 || outcome?.event !== 'done') {
      const what =
        outcome?.event === 'failed'
          ? outcome.check
            ? `failed the check "${outcome.check}": ${outcome.message}`
            : outcome.message
          : `stopped (exit ${result.code}) without a result: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`;
      throw new FtdojoError('MODEL_CONVERSION', `the embedded model's conversion ${what}; nothing was cached`, {
        hint: outcome?.check
          ? `the converter or the installed transformers produced a broken model; see ${logFile}, and report it with that log`
          : `see ${logFile}; check the Python environment with \`ftdojo setup --python-only\`, then run \`ftdojo setup\` again`,
        fault: outcome?.check ? 'internal' : 'environment',
      });
    }
  } finally {
    reporter.stop();
    release();
  }
  const metadata = readModelMetadata(folder);
  const after = embeddedModelStaleReason(folder, metadata, sha256);
  if (metadata === null || after !== null) {
    throw new FtdojoError('MODEL_CONVERSION', `the conversion reported success but ${folder} is not usable: ${after ?? 'no metadata'}`, {
      hint: `delete ${folder} and run \`ftdojo setup\` again; the log is ${logFile}`,
      fault: 'internal',
    });
  }
  return { path: folder, created: true, seconds: elapsed(started), metadata, logFile };
}
