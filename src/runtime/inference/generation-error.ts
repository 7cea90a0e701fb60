import type { ErrorCode, Fault } from '../../core/index.js';
import { FtdojoError } from '../../core/index.js';

export type GenerationFailureCategory = 'out-of-memory' | 'missing-model' | 'python-environment' | 'bad-settings' | 'interrupted' | 'crashed';

/** A generation process that failed as a whole, with what its stderr said. */
export class GenerationError extends FtdojoError {
  readonly category: GenerationFailureCategory;
  readonly stderrTail: string;

  constructor(
    category: GenerationFailureCategory,
    message: string,
    options: { code: ErrorCode; fault: Fault; hint: string; stderrTail: string; retryable?: boolean },
  ) {
    super(options.code, message, { hint: options.hint, fault: options.fault, retryable: options.retryable ?? false });
    this.name = 'GenerationError';
    this.category = category;
    this.stderrTail = options.stderrTail;
  }
}

const TAIL_LINES = 25;

export function stderrTail(stderr: string, lines = TAIL_LINES): string {
  return stderr.trimEnd().split('\n').slice(-lines).join('\n');
}

/** The last "SomethingError: message" line of a Python traceback, or the last line. */
export function lastPythonError(stderr: string): string {
  const lines = stderr
    .trimEnd()
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return [...lines].reverse().find((line) => /^[\w.]+(Error|Exception|Interrupt)\b/.test(line)) ?? lines.at(-1) ?? '(no output on stderr)';
}

const PATTERNS: { category: GenerationFailureCategory; pattern: RegExp }[] = [
  { category: 'out-of-memory', pattern: /out of memory|OutOfMemoryError|DefaultCPUAllocator: can't allocate memory|\bMemoryError\b|not enough memory/i },
  { category: 'python-environment', pattern: /ModuleNotFoundError|No module named|ImportError|version check|requires .* but found/ },
  {
    category: 'missing-model',
    pattern:
      /does not appear to have (a )?file|Can't load (the )?(tokenizer|config|model)|is not a valid model identifier|Incorrect path_or_model_id|HFValidationError|LocalEntryNotFoundError|outgoing traffic has been disabled|offline mode|Repository Not Found|FileNotFoundError/,
  },
  {
    category: 'bad-settings',
    pattern: /unknown LLaMA-Factory template|unknown prompt_format|has no chat template|occurs twice|json\.decoder\.JSONDecodeError/,
  },
];

/**
 * Says why generate.py failed from its exit and stderr tail: memory (killed by the kernel, or an
 * allocator error), a broken Python environment, a model that is not where it should be, bad
 * settings, an interruption, or anything else (a crash, with the Python error quoted).
 */
export function classifyGenerationFailure(
  result: { code: number; signal: string | null; stderr: string },
  context: { aborted: boolean; model: string },
): GenerationError {
  const tail = stderrTail(result.stderr);
  const quoted = lastPythonError(result.stderr);
  if (context.aborted) {
    return new GenerationError('interrupted', 'generation was interrupted', {
      code: 'INTERNAL',
      fault: 'user',
      hint: 'run the same command again with the same --out folder to resume where it stopped',
      stderrTail: tail,
    });
  }
  const killed = result.signal === 'SIGKILL' || result.code === 137;
  const category = killed ? 'out-of-memory' : (PATTERNS.find(({ pattern }) => pattern.test(tail))?.category ?? 'crashed');
  switch (category) {
    case 'out-of-memory':
      return new GenerationError(
        category,
        `generation ran out of memory${killed ? " (the process was killed, most likely by the kernel's out-of-memory killer)" : `: ${quoted}`}`,
        {
          code: 'INTERNAL',
          fault: 'environment',
          hint: 'lower --batch-size (long prompts need more memory per row), or use --dtype bf16; finished samples are kept, so rerun with the same --out folder to resume',
          stderrTail: tail,
        },
      );
    case 'python-environment':
      return new GenerationError(category, `the runtime's Python environment is incomplete: ${quoted}`, {
        code: 'PYTHON_ENV',
        fault: 'environment',
        hint: 'run `ftdojo setup` (or fix the environment FTDOJO_PYTHON names)',
        stderrTail: tail,
      });
    case 'missing-model':
      return new GenerationError(category, `cannot load ${context.model}: ${quoted}`, {
        code: 'MISSING_MODEL',
        fault: 'user',
        hint: "check the --model path (a model folder with config.json, or an adapter folder with adapter_config.json); a Hugging Face id (--model or --base-model org/name) is downloaded by ftdojo's model store before generation, through HF_ENDPOINT (HF_TOKEN for gated models), and with HF_HUB_OFFLINE=1 only models already in the store load; `ftdojo setup` converts the embedded model",
        stderrTail: tail,
      });
    case 'bad-settings':
      return new GenerationError(category, `generation refused its settings: ${quoted}`, {
        code: 'INVALID_INPUT',
        fault: 'user',
        hint: 'check the prompt format (template name) and the requests',
        stderrTail: tail,
      });
    default:
      return new GenerationError('crashed', `generation failed (exit ${result.code}): ${quoted}`, {
        code: 'INTERNAL',
        fault: 'internal',
        hint: 'see the stderr tail in the log file of the work folder; run with --debug for details',
        stderrTail: tail,
      });
  }
}
