import type { OutOfMemoryFacts, TrainingFailureCategory } from './training-outcome.js';

export interface TrainingFailureFacts {
  /** The end of the trainer's combined stdout/stderr (the last few hundred lines are enough). */
  log: string;
  exitCode: number | null;
  signal: string | null;
  /** True when ftdojo killed the process because the deadline passed. */
  timedOut?: boolean;
  deadlineSeconds?: number | undefined;
  /** Set when the process could not be started at all (spawn ENOENT/EACCES). */
  spawnError?: string | undefined;
}

export interface TrainingFailure {
  category?: TrainingFailureCategory | undefined;
  rootCause: string[];
  hint: string;
  /** For an OOM: which memory ran out and the sizes torch reported. */
  oom?: OutOfMemoryFacts | undefined;
}

interface Rule {
  category: TrainingFailureCategory;
  /** Tested against message lines (traceback frames and their source lines are left out). */
  pattern: RegExp;
  /** When set, the last traceback must also pass through a frame matching this. */
  frame?: RegExp;
  hint: string;
}

const MEMORY_HINT =
  'lower per_device_train_batch_size or cutoff_len (raise gradient_accumulation_steps to keep the effective batch), or run fewer jobs at once';
/** The generic GPU advice; runTraining replaces it with changes checked against the GPU's size when it knows the model. */
export const GPU_MEMORY_HINT =
  'the GPU ran out of memory: use qlora (finetuning_type: lora, quantization_bit: 4), or lora instead of full; lower per_device_train_batch_size (raise gradient_accumulation_steps to keep the effective batch) or cutoff_len; keep gradient checkpointing on; or spread full fine-tuning with ZeRO-3 across more GPUs';
const ENV_HINT =
  'the Python environment is incomplete or mismatched: run `ftdojo setup`, or point FTDOJO_PYTHON at an environment installed from python/requirements.lock';
const MODEL_HINT = 'model_name_or_path must be a model folder (config.json and weights) or, online, a hub id: run `ftdojo setup` for the embedded model';

/** In priority order: a run that ran out of memory while loading data is an OOM, not a DATA problem. */
const CUDA_OOM = /CUDA out of memory|torch\.(?:cuda\.)?OutOfMemoryError/;

const RULES: readonly Rule[] = [
  { category: 'OOM', pattern: CUDA_OOM, hint: GPU_MEMORY_HINT },
  { category: 'OOM', pattern: /out of memory|OutOfMemoryError/i, hint: MEMORY_HINT },
  { category: 'OOM', pattern: /DefaultCPUAllocator: (can't|not enough)|Cannot allocate memory|^MemoryError\b/, hint: MEMORY_HINT },
  {
    category: 'ENV',
    pattern: /is required for a normal functioning of this module/,
    hint: 'a package version is outside what LLaMA-Factory accepts: reinstall from python/requirements.lock (`ftdojo setup`); do not set DISABLE_VERSION_CHECK',
  },
  { category: 'ENV', pattern: /ModuleNotFoundError|No module named|^ImportError\b|undefined symbol|GLIBC_\d|cannot open shared object file/, hint: ENV_HINT },
  {
    category: 'ENV',
    pattern:
      /LocalEntryNotFoundError|couldn't connect to 'https:\/\/huggingface\.co'|Cannot find the requested files in the local cache|outgoing traffic has been disabled/i,
    hint: "the model or a file it needs is not on this machine, and training never downloads: pass --base-model org/name so ftdojo's model store fetches it first (HF_ENDPOINT, HF_TOKEN for gated models; with HF_HUB_OFFLINE=1 only stored models), or a local model folder",
  },
  {
    category: 'DATA',
    pattern: /Cannot find (valid|sufficient) samples/,
    hint: 'no row survived preprocessing: every row needs a non-empty instruction and a string output (check the alpaca columns and for null outputs)',
  },
  {
    category: 'DATA',
    pattern: /Undefined dataset .* in dataset_info\.json|Cannot open .*dataset_info\.json/,
    hint: 'the dataset name must be a key of dataset_info.json in dataset_dir',
  },
  { category: 'DATA', pattern: /File .* not found\./, hint: 'dataset_info.json names a data file that is not in dataset_dir' },
  {
    category: 'DATA',
    pattern: /JSONDecodeError|ArrowInvalid|DatasetGenerationError|JSON parse error|Expected object or value/,
    hint: 'the data file is not valid JSON/JSONL: write a JSON list of {"instruction", "input", "output"} objects',
  },
  {
    category: 'DATA',
    pattern: /^KeyError\b/,
    frame: /llamafactory\/data\/|site-packages\/datasets\//,
    hint: 'a row lacks a column that dataset_info.json maps (alpaca: instruction, input, output)',
  },
  {
    category: 'CONFIG',
    pattern: /Some keys are not used by the HfArgumentParser|unknown key/i,
    hint: 'remove or correct the unknown keys (ftdojo validates configs before training: see the listed problems)',
  },
  { category: 'CONFIG', pattern: /Template .* does not exist/, hint: 'set template to one LLaMA-Factory knows (for SmolLM2: smollm2)' },
  {
    category: 'CONFIG',
    pattern:
      /HFValidationError|is not a local folder and is not a valid model identifier|does not appear to have a file named|Can't load (tokenizer|the configuration)/,
    hint: MODEL_HINT,
  },
  {
    category: 'CONFIG',
    pattern: /^(ValueError|TypeError|AssertionError)\b/,
    frame: /llamafactory\/hparams\/|hf_argparser\.py|transformers\/training_args\.py|peft\/tuners\/|torch\/optim\//,
    hint: 'a training setting has a value LLaMA-Factory refuses: fix the key named in the error',
  },
  {
    category: 'CONFIG',
    pattern: /^TypeError: .*(not supported between instances of .*'str'|must be real number, not str)/,
    hint: 'a numeric setting was given as a string: write numbers without quotes',
  },
];

const FRAME = /^\s*File "([^"]+)", line (\d+), in (.+)$/;
const EXCEPTION = /^(?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Exception|Exit|Interrupt)\b/;

interface ParsedLog {
  /** Lines that are not traceback frames or the source lines under them. */
  messages: string[];
  /** Frames of the last traceback, innermost last. */
  lastFrames: string[];
}

function parseLog(log: string): ParsedLog {
  const lines = log.split(/\r?\n|\r/).map((line) => line.replace(/\s+$/, ''));
  const messages: string[] = [];
  let frames: string[] = [];
  let lastFrames: string[] = [];
  let inFrame = false;
  for (const line of lines) {
    if (line.startsWith('Traceback (most recent call last)')) {
      frames = [];
      inFrame = false;
      continue;
    }
    if (FRAME.test(line)) {
      frames.push(line.trim());
      inFrame = true;
      continue;
    }
    // Source and caret lines under a frame are indented further than the frame line.
    if (inFrame && /^\s{4,}\S/.test(line)) continue;
    inFrame = false;
    // INFO lines narrate normal work ("Offline mode: forcing local_files_only=True"); errors are never logged at INFO.
    if (!line.trim() || line.startsWith('[INFO')) continue;
    if (EXCEPTION.test(line.trim()) && frames.length) lastFrames = frames;
    messages.push(line.trim());
  }
  return { messages, lastFrames };
}

function shortFrame(frame: string): string {
  return frame.replace(/"[^"]*\/site-packages\//, '"').replace(/"[^"]*\/lib\/python[\d.]+\//, '"');
}

function clip(line: string): string {
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

function lastExceptionLine(messages: readonly string[]): string | undefined {
  for (let index = messages.length - 1; index >= 0; index -= 1) if (EXCEPTION.test(messages[index]!)) return messages[index];
  return undefined;
}

function rootCauseLines(parsed: ParsedLog, matched: readonly string[]): string[] {
  const lines: string[] = [];
  const innermost = parsed.lastFrames.at(-1);
  if (innermost) lines.push(shortFrame(innermost));
  for (const line of matched.slice(-2)) if (!lines.includes(line)) lines.push(line);
  const final = lastExceptionLine(parsed.messages);
  if (final && !lines.includes(final)) lines.push(final);
  return lines.map(clip).slice(0, 5);
}

function tail(parsed: ParsedLog, count: number): string[] {
  return parsed.messages.slice(-count).map(clip);
}

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, KB: 1e3, MB: 1e6, GB: 1e9 };
const SIZE = String.raw`([\d.]+) ?(B|KiB|MiB|GiB|TiB|KB|MB|GB)`;

function bytesOf(match: RegExpExecArray | null, at: number): number | null {
  if (!match) return null;
  const value = Number(match[at]);
  const unit = UNITS[match[at + 1]!];
  return Number.isFinite(value) && unit !== undefined ? Math.round(value * unit) : null;
}

function cpuOutOfMemory(): OutOfMemoryFacts {
  return { device: 'cpu', gpu: null, triedBytes: null, totalBytes: null, freeBytes: null, processBytes: null };
}

/**
 * The sizes in torch's CUDA OOM message, in its two formats: torch >= 2.1 ("Tried to allocate
 * 2.32 GiB. GPU 0 has a total capacity of 79.10 GiB of which 1.02 GiB is free. ... this process
 * has 78.07 GiB memory in use") and earlier ("Tried to allocate 20.00 MiB (GPU 0; 15.78 GiB total
 * capacity; 14.56 GiB already allocated; 3.12 MiB free; ...)").
 */
export function cudaOutOfMemoryFacts(lines: readonly string[]): OutOfMemoryFacts {
  const text = lines.join('\n');
  const tried = new RegExp(`Tried to allocate ${SIZE}`).exec(text);
  const modern = new RegExp(`GPU (\\d+) has a total capacity of ${SIZE} of which ${SIZE} is free`).exec(text);
  const held = new RegExp(`this process has ${SIZE} memory in use`).exec(text);
  const legacy = new RegExp(`\\(GPU (\\d+); ${SIZE} total capacity; ${SIZE} already allocated; ${SIZE} free`).exec(text);
  const gpu = modern?.[1] ?? legacy?.[1];
  return {
    device: 'cuda',
    gpu: gpu === undefined ? null : Number(gpu),
    triedBytes: bytesOf(tried, 1),
    totalBytes: modern ? bytesOf(modern, 2) : bytesOf(legacy, 2),
    freeBytes: modern ? bytesOf(modern, 4) : bytesOf(legacy, 6),
    processBytes: held ? bytesOf(held, 1) : bytesOf(legacy, 4),
  };
}

/**
 * Says why a training process failed, from its exit and the end of its log: the category, the
 * few lines that show it, and what to change. Patterns come from real LLaMA-Factory 0.9.5 runs
 * (see fixtures/); an unrecognised failure keeps `category` unset and shows the last lines.
 */
export function classifyTrainingFailure(facts: TrainingFailureFacts): TrainingFailure {
  const parsed = parseLog(facts.log);
  if (facts.spawnError) {
    return { category: 'ENV', rootCause: [clip(facts.spawnError)], hint: ENV_HINT };
  }
  if (facts.timedOut) {
    const limit = facts.deadlineSeconds === undefined ? 'its deadline' : `its ${facts.deadlineSeconds} s deadline`;
    return {
      category: 'TIMEOUT',
      rootCause: [`training did not finish within ${limit} and was stopped`, ...tail(parsed, 2)],
      hint: 'train on fewer samples or steps (max_steps, num_train_epochs), shorten cutoff_len, or allow more time',
    };
  }
  for (const rule of RULES) {
    const matched = parsed.messages.filter((line) => rule.pattern.test(line));
    if (!matched.length) continue;
    if (rule.frame && !parsed.lastFrames.some((frame) => rule.frame!.test(frame))) continue;
    const oom = rule.category !== 'OOM' ? undefined : rule.pattern === CUDA_OOM ? cudaOutOfMemoryFacts(matched) : cpuOutOfMemory();
    return { category: rule.category, rootCause: rootCauseLines(parsed, matched), hint: rule.hint, ...(oom ? { oom } : {}) };
  }
  if (facts.signal === 'SIGKILL' || facts.exitCode === 137) {
    return {
      category: 'OOM',
      rootCause: ["the trainer was killed by SIGKILL, which on Linux is almost always the kernel's out-of-memory killer", ...tail(parsed, 2)],
      hint: MEMORY_HINT,
      oom: cpuOutOfMemory(),
    };
  }
  const final = lastExceptionLine(parsed.messages);
  return {
    rootCause: final ? rootCauseLines(parsed, []) : tail(parsed, 5),
    hint: `the failure matches no known pattern: read the full log (exit ${facts.exitCode ?? facts.signal ?? 'unknown'})`,
  };
}
