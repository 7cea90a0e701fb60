import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Feedback, ValidationReport } from '../../core/index.js';
import { parseFeedback, ValidationReportSchema } from '../../core/index.js';
import type { TrainingConfig } from '../../runtime/index.js';
import { parseTrainingConfigYaml } from '../../runtime/index.js';

/**
 * Keys that change which rows train or in what order, not how long one optimizer step takes: a
 * child that changes only these trains at its parent's measured speed.
 */
export const ROW_AND_SEED_KEYS = ['seed', 'data_seed', 'max_samples'] as const;
/** Per-run paths: every run has its own. */
const PATH_KEYS = ['dataset', 'dataset_dir', 'output_dir'];
/** Keys of a JSON side file (FT-Agent's strategy.json) that choose how many rows and which. */
const STRATEGY_ROW_KEYS = ['count', 'seed'];
/**
 * Submission files no data script reads: train.yaml is compared as the config it becomes, and
 * hypothesis.json is FT-Agent's record of its plan. output/ is what the script wrote.
 */
const NOT_DATA_FILES = new Set(['train.yaml', 'hypothesis.json']);
/** Rows this much longer or shorter (p90 tokens) than the parent's would change the step time. */
const LENGTH_TOLERANCE = 1.25;

/** Where a finished experiment keeps what the projection reads (store/experimentPaths names them). */
export interface ParentExperimentFiles {
  experimentId: string;
  validation: string;
  trainedConfig: string;
  feedback: string;
  submission: string;
}

/** What was read of the parent experiment; null where a file is missing or unreadable. */
export interface ParentFacts {
  experimentId: string;
  validation: ValidationReport | null;
  /** The config its full run trained with (train/train.yaml, paths included). */
  trainedConfig: TrainingConfig | null;
  /** Its submission's files by relative path (the script's output/ left out). */
  files: Record<string, string>;
  training: Feedback['training'] | null;
}

export interface CurrentFacts {
  /** The config the full run would use (static tier; no paths). */
  config: TrainingConfig;
  files: Record<string, string>;
  /** p90 tokens of the rows the script wrote (data tier). */
  tokensP90: number | null;
}

/** The parent's measured step time, which stands in for a micro run. */
export interface ParentProjection {
  experimentId: string;
  secondsPerStep: number;
  loadSeconds: number;
  /** "projection from parent exp-002 (its training: 1.9 s per step)". */
  basis: string;
}

export type ParentReuse = { reuse: ParentProjection } | { reason: string };

function without(config: TrainingConfig, keys: readonly string[]): TrainingConfig {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !keys.includes(key)));
}

/** JSON with object keys sorted, so that key order never counts as a difference. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

function configDifferences(current: TrainingConfig, parent: TrainingConfig): string[] {
  const ignored = [...ROW_AND_SEED_KEYS, ...PATH_KEYS];
  const left = without(current, ignored);
  const right = without(parent, ignored);
  return [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((key) => canonical(left[key]) !== canonical(right[key])).sort();
}

/** A JSON side file without its row count and seed; anything else as it is. */
function comparable(name: string, text: string): string {
  if (!name.endsWith('.json')) return text;
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return canonical(value);
    return canonical(without(value as Record<string, unknown>, STRATEGY_ROW_KEYS));
  } catch {
    return text;
  }
}

function fileDifferences(current: Record<string, string>, parent: Record<string, string>): string[] {
  const names = [...new Set([...Object.keys(current), ...Object.keys(parent)])].filter((name) => !NOT_DATA_FILES.has(name));
  return names
    .filter((name) => current[name] === undefined || parent[name] === undefined || comparable(name, current[name]) !== comparable(name, parent[name]))
    .sort();
}

const round = (value: number) => Math.round(value * 100) / 100;

/** The parent's step time: its full training's when it trained, else what its own runtime tier measured or took over. */
function measuredStep(parent: ParentFacts): { secondsPerStep: number; loadSeconds: number; source: string } | null {
  const training = parent.training;
  const stepsPerSecond = training?.throughput.stepsPerSecond;
  if (training?.state === 'succeeded' && stepsPerSecond && stepsPerSecond > 0 && training.trainSeconds) {
    const steps = Math.round(stepsPerSecond * training.trainSeconds);
    return {
      secondsPerStep: 1 / stepsPerSecond,
      loadSeconds: Math.max(0, training.seconds - training.trainSeconds),
      source: `its training: ${round(1 / stepsPerSecond)} s per step over ${steps} steps`,
    };
  }
  const facts = parent.validation?.tiers.find((tier) => tier.tier === 'runtime')?.facts ?? {};
  const { secondsPerStep, loadSeconds, projectionFrom } = facts as Record<string, unknown>;
  if (typeof secondsPerStep !== 'number' || !(secondsPerStep > 0)) return null;
  return {
    secondsPerStep,
    loadSeconds: typeof loadSeconds === 'number' ? loadSeconds : 0,
    source:
      typeof projectionFrom === 'string'
        ? `${projectionFrom}'s figure it took over: ${secondsPerStep} s per step`
        : `its micro run: ${secondsPerStep} s per step`,
  };
}

/**
 * Whether a child experiment can skip its micro run and project from its parent: the parent passed
 * every tier, the child's config equals the one the parent trained with except for the row count
 * and seeds, its data script and side files are the parent's (strategy.json may change `count` and
 * `seed`), its rows are about as long, and the parent measured a step time. Anything else runs the
 * micro run, and the reason says what differed.
 */
export function parentReuse(current: CurrentFacts, parent: ParentFacts): ParentReuse {
  const id = parent.experimentId;
  const runtime = parent.validation?.tiers.find((tier) => tier.tier === 'runtime');
  if (!parent.validation?.passed || runtime?.status !== 'passed') return { reason: `parent ${id} did not pass its runtime check` };
  if (!parent.trainedConfig) return { reason: `parent ${id} left no training config` };
  const keys = configDifferences(current.config, parent.trainedConfig);
  if (keys.length) return { reason: `the config differs from parent ${id} in ${keys.join(', ')}` };
  const files = fileDifferences(current.files, parent.files);
  if (files.length) return { reason: `the data script or its files differ from parent ${id}: ${files.join(', ')}` };
  const parentP90 = parent.validation.tiers.find((tier) => tier.tier === 'data')?.facts.tokensP90;
  if (typeof parentP90 === 'number' && parentP90 > 0 && current.tokensP90 !== null) {
    const ratio = current.tokensP90 / parentP90;
    if (ratio > LENGTH_TOLERANCE || ratio < 1 / LENGTH_TOLERANCE)
      return { reason: `the rows are ${ratio > 1 ? 'longer' : 'shorter'} than parent ${id}'s (p90 ${current.tokensP90} vs ${parentP90} tokens)` };
  }
  const step = measuredStep(parent);
  if (!step) return { reason: `parent ${id} measured no step time` };
  return {
    reuse: {
      experimentId: id,
      secondsPerStep: step.secondsPerStep,
      loadSeconds: step.loadSeconds,
      basis: `projection from parent ${id} (${step.source})`,
    },
  };
}

/** Generated folders a submission's comparison leaves out: the script's output and Python's caches. */
const SKIPPED = new Set(['output', '__pycache__', 'node_modules']);

/** A submission folder's text files by relative path, without what the script wrote (output/) or caches. */
export async function readSubmissionTexts(folder: string): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) texts[relative(folder, path)] = await readFile(path, 'utf8');
    }
  };
  if (existsSync(folder)) await walk(folder);
  return texts;
}

async function readOrNull<T>(path: string, read: (text: string) => T): Promise<T | null> {
  try {
    return read(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Everything parentReuse needs of a finished experiment, from its folder. */
export async function readParentFacts(files: ParentExperimentFiles): Promise<ParentFacts> {
  return {
    experimentId: files.experimentId,
    validation: await readOrNull(files.validation, (text) => ValidationReportSchema.parse(JSON.parse(text))),
    trainedConfig: await readOrNull(files.trainedConfig, (text) => {
      const value = parseTrainingConfigYaml(text);
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as TrainingConfig) : null;
    }),
    files: await readSubmissionTexts(files.submission),
    training: await readOrNull(files.feedback, (text) => parseFeedback(JSON.parse(text)).training),
  };
}
