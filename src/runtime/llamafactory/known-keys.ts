import snapshot from './llamafactory-keys.json' with { type: 'json' };

/** The JSON kinds a LLaMA-Factory argument accepts (`any`: the parser's type is not a plain one). */
export type KeyKind = 'bool' | 'int' | 'float' | 'str' | 'list' | 'dict' | 'any';

/** One key of LLaMA-Factory's flat `train` namespace, as its parser declares it. */
export interface KnownKey {
  /** The dataclass that declares it: ModelArguments, DataArguments, TrainingArguments, ... */
  group: string;
  type: KeyKind[];
  nullable: boolean;
  default: unknown;
  required: boolean;
  /** First line of the parser's help text. */
  help: string;
  choices?: unknown[];
}

export interface KnownKeys {
  schemaVersion: 1;
  llamafactory: string;
  transformers: string;
  groups: string[];
  keys: Record<string, KnownKey>;
  /** The chat template names the `template` key accepts (registered in llamafactory.data.template). */
  templates: string[];
}

/**
 * Every key the pinned LLaMA-Factory's `train` command accepts, from the committed snapshot
 * `llamafactory-keys.json` (regenerate with `npm run gen:lf-keys`; a test compares it with the
 * installed version whenever a Python environment is present).
 */
export const KNOWN_TRAINING_KEYS: KnownKeys = snapshot as KnownKeys;

export function knownKey(name: string, keys: KnownKeys = KNOWN_TRAINING_KEYS): KnownKey | undefined {
  return Object.hasOwn(keys.keys, name) ? keys.keys[name] : undefined;
}
