import type { TrainingFailureCategory } from './training-outcome.js';

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
const ENV_HINT =
  'the Python environment is incomplete or mismatched: run `ftdojo setup`, or point FTDOJO_PYTHON at an environment installed from python/requirements.lock';
const MODEL_HINT = 'model_name_or_path must be a model folder (config.json and weights) or, online, a hub id: run `ftdojo setup` for the embedded model';

/** In priority order: a run that ran out of memory while loading data is an OOM, not a DATA problem. */
const RULES: readonly Rule[] = [
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
    hint: 'the model or a file it needs is not on this machine and the hub is off: use a local model folder, or allow downloads with FTDOJO_ONLINE=1',
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
    return { category: rule.category, rootCause: rootCauseLines(parsed, matched), hint: rule.hint };
  }
  if (facts.signal === 'SIGKILL' || facts.exitCode === 137) {
    return {
      category: 'OOM',
      rootCause: ["the trainer was killed by SIGKILL, which on Linux is almost always the kernel's out-of-memory killer", ...tail(parsed, 2)],
      hint: MEMORY_HINT,
    };
  }
  const final = lastExceptionLine(parsed.messages);
  return {
    rootCause: final ? rootCauseLines(parsed, []) : tail(parsed, 5),
    hint: `the failure matches no known pattern: read the full log (exit ${facts.exitCode ?? facts.signal ?? 'unknown'})`,
  };
}
