import { didYouMean } from '../../core/index.js';
import type { KeyKind, KnownKey, KnownKeys } from './known-keys.js';
import { KNOWN_TRAINING_KEYS } from './known-keys.js';

export type TrainingConfigProblemCode = 'unknown-key' | 'wrong-type' | 'not-a-choice' | 'list-not-string' | 'missing' | 'conflict';

/** One mistake in a LLaMA-Factory training config, found before any process starts. */
export interface TrainingConfigProblem {
  key: string;
  code: TrainingConfigProblemCode;
  message: string;
}

/** Keys ftdojo always sets for `llamafactory-cli train`: a run without them is not reproducible. */
const REQUIRED_FOR_TRAINING = ['model_name_or_path', 'stage', 'do_train', 'finetuning_type', 'dataset', 'dataset_dir', 'template', 'output_dir'] as const;

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${String(value)}`;
}

function matchesKind(value: unknown, kind: KeyKind): boolean {
  switch (kind) {
    case 'any':
      return true;
    case 'bool':
      return typeof value === 'boolean';
    case 'int':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      // YAML writes 3.0 as 3, and Python accepts an int wherever a float is expected.
      return typeof value === 'number' && Number.isFinite(value);
    case 'str':
      return typeof value === 'string';
    case 'list':
      return Array.isArray(value);
    case 'dict':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

const KIND_WORDS: Record<KeyKind, string> = {
  any: 'anything',
  bool: 'true or false',
  int: 'an integer',
  float: 'a number',
  str: 'a string',
  list: 'a list',
  dict: 'a mapping',
};

function checkValue(key: string, spec: KnownKey, value: unknown): TrainingConfigProblem | undefined {
  if (value === null || value === undefined) {
    return spec.nullable
      ? undefined
      : {
          key,
          code: 'wrong-type',
          message: `${key} cannot be null: give ${spec.type.map((kind) => KIND_WORDS[kind]).join(' or ')} (default ${JSON.stringify(spec.default)})`,
        };
  }
  if (Array.isArray(value) && !spec.type.includes('list') && spec.type.includes('str')) {
    const joined = value.every((item) => typeof item === 'string' || typeof item === 'number') ? `"${value.join(',')}"` : '"a,b"';
    return { key, code: 'list-not-string', message: `${key} takes a list as one comma-separated string, e.g. ${key}: ${joined}` };
  }
  if (!spec.type.some((kind) => matchesKind(value, kind))) {
    const hint =
      typeof value === 'string' && spec.type.some((kind) => kind === 'int' || kind === 'float') && Number.isFinite(Number(value))
        ? ` (write ${value} without quotes)`
        : '';
    const yaml11 =
      typeof value === 'boolean' && spec.type.includes('str')
        ? ' (in YAML, LLaMA-Factory reads bare no/yes/on/off as booleans: quote the value, e.g. "no")'
        : '';
    return {
      key,
      code: 'wrong-type',
      message: `${key} must be ${spec.type.map((kind) => KIND_WORDS[kind]).join(' or ')}, got ${describeValue(value)}${hint}${yaml11}`,
    };
  }
  if (spec.choices && typeof value !== 'object' && !spec.choices.includes(value)) {
    const suggestion = typeof value === 'string' ? didYouMean(value, spec.choices.map(String)) : undefined;
    const listed = spec.choices.length <= 12 ? spec.choices.join(', ') : `${spec.choices.slice(0, 12).join(', ')}, …`;
    return {
      key,
      code: 'not-a-choice',
      message: `${key}: ${describeValue(value)} is not one of ${listed}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    };
  }
  return undefined;
}

function unknownKey(key: string, keys: KnownKeys): TrainingConfigProblem {
  const names = Object.keys(keys.keys);
  const suggestion = didYouMean(key, names);
  let hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
  if (!suggestion) {
    const related = names.filter((name) => `_${name}_`.includes(`_${key.toLowerCase()}_`)).slice(0, 4);
    if (related.length) hint = ` (keys containing it: ${related.join(', ')})`;
  }
  return { key, code: 'unknown-key', message: `unknown key "${key}"${hint}: LLaMA-Factory ${keys.llamafactory} refuses keys it does not know` };
}

/** The parser takes any string for `template`; the template registry refuses unknown names only once training starts. */
function unknownTemplate(value: unknown, keys: KnownKeys): TrainingConfigProblem | undefined {
  if (typeof value !== 'string' || keys.templates.includes(value)) return undefined;
  const suggestion = didYouMean(value, keys.templates);
  return {
    key: 'template',
    code: 'not-a-choice',
    message: `template "${value}" is not a chat template LLaMA-Factory ${keys.llamafactory} knows${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
  };
}

/** Combinations the parser accepts but training on this project's machines cannot run. */
function conflicts(config: Record<string, unknown>): TrainingConfigProblem[] {
  const problems: TrainingConfigProblem[] = [];
  if (config.bf16 === true && config.fp16 === true)
    problems.push({ key: 'fp16', code: 'conflict', message: 'bf16 and fp16 are both true: choose one (on CPU only bf16, with use_cpu: true)' });
  if (config.use_cpu === true && config.fp16 === true)
    problems.push({ key: 'fp16', code: 'conflict', message: 'fp16 does not run on CPU: set fp16: false (bf16: true works on CPUs with bf16 support)' });
  if (config.do_train === true && config.overwrite_output_dir !== true) {
    problems.push({
      key: 'overwrite_output_dir',
      code: 'conflict',
      message: 'overwrite_output_dir must be true: without it LLaMA-Factory silently resumes from a checkpoint left in output_dir',
    });
  }
  return problems;
}

/**
 * Checks a flat LLaMA-Factory `train` config against the keys the pinned version accepts:
 * unknown keys (with the nearest known key), wrong value types, values outside a key's choices,
 * lists where the parser wants a comma-separated string, keys ftdojo always sets, and
 * combinations that cannot run. An empty list means the config may be handed to the trainer.
 */
export function validateTrainingConfig(config: Record<string, unknown>, keys: KnownKeys = KNOWN_TRAINING_KEYS): TrainingConfigProblem[] {
  const problems: TrainingConfigProblem[] = [];
  for (const [key, value] of Object.entries(config)) {
    const spec = Object.hasOwn(keys.keys, key) ? keys.keys[key] : undefined;
    if (!spec) {
      problems.push(unknownKey(key, keys));
      continue;
    }
    const problem = checkValue(key, spec, value) ?? (key === 'template' ? unknownTemplate(value, keys) : undefined);
    if (problem) problems.push(problem);
  }
  for (const key of REQUIRED_FOR_TRAINING) {
    if (config[key] === undefined || config[key] === null || config[key] === '')
      problems.push({ key, code: 'missing', message: `${key} is required: ftdojo always sets it explicitly` });
  }
  return [...problems, ...conflicts(config)];
}
