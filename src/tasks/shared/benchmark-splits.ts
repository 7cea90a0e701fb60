import type { JsonValue, PoolRow, ProfileName, Sample, TaskSpec } from '../../core/index.js';
import type { DataRepository, Row } from '../../data/index.js';
import { stratifiedSplit } from '../../data/index.js';
import type { TaskSplits } from '../define-task.js';
import { unsupportedProfile } from '../define-task.js';
import { finalizeSplits } from './finalize-splits.js';

/** Turns benchmark items that were not drawn for validation or test into agent-visible pool rows. */
export function toPoolRows(samples: readonly Sample[], source: string): PoolRow[] {
  return samples.map((sample) => ({ ...sample, source, extra: {} }));
}

/**
 * Rows of a hub-only training source, kept whole: the agent's data script decides how to turn
 * them into training examples (that is the point of the benchmark). `prompt` holds the row's
 * most question-like text so leakage checks have something to compare.
 */
export function rawPoolRows(rows: readonly Row[], source: string, file: string, promptFields: readonly string[]): PoolRow[] {
  return rows.map((row, index) => {
    const field = promptFields.find((name) => typeof row[name] === 'string');
    return {
      id: `${source}:${file}:${index}`,
      prompt: field ? String(row[field]) : JSON.stringify(row),
      reference: null,
      target: '',
      meta: {},
      source,
      extra: { raw: row as JsonValue },
    };
  });
}

export interface BenchmarkSplitOptions {
  spec: TaskSpec;
  profile: ProfileName;
  repo: DataRepository;
  /** Every benchmark item, each with a subtask (the stratum). */
  samples: Sample[];
  /** Where carved pool rows say they come from. */
  benchmarkSource: string;
  /** The paper profile's pool: training sources only the hub has. Absent: the benchmark is carved in both profiles. */
  hubPool?: (repo: DataRepository) => Promise<PoolRow[]>;
  leakageKey: (item: Sample | PoolRow) => string;
  notes?: string[];
}

/**
 * The split used by tasks whose benchmark file is also the only in-domain data offline
 * (ChemCoTBench, TableBench). Validation and test are drawn per subtask by `stratifiedSplit`.
 * Paper profile: the rest of the benchmark is left out and the pool is the hub training source.
 * Mini profile: the rest of the benchmark becomes the pool (a stated deviation from the paper);
 * tasks without a separate training source (`hubPool` absent) do so in both profiles.
 */
export async function benchmarkSplits(options: BenchmarkSplitOptions): Promise<TaskSplits> {
  const { spec, profile, repo } = options;
  const profileSpec = spec.profiles[profile];
  const carve = profile === 'mini' || !options.hubPool;
  if (!carve && repo.mode === 'mirror') {
    throw unsupportedProfile(spec, profile, `its training pool (${spec.sources.join(', ')}) is only on the Hugging Face hub`);
  }
  const { unique, dropped } = dropRepeats(options.samples, options.leakageKey);
  const split = stratifiedSplit(unique, {
    seed: `${spec.id}:${profile}`,
    key: (sample) => sample.id,
    stratum: (sample) => sample.subtask ?? 'all',
    sizes: { validation: profileSpec.validationSize, test: profileSpec.testSize },
    restToPool: carve,
  });
  const pool = carve ? toPoolRows(split.pool, options.benchmarkSource) : await options.hubPool!(repo);
  const notes = [...(options.notes ?? [])];
  if (dropped.length > 0)
    notes.push(`${dropped.length} benchmark item(s) repeat an earlier one (same id or question) and are kept once: ${dropped.slice(0, 5).join(', ')}`);
  if (split.validation.length < profileSpec.validationSize)
    notes.push(`validation has ${split.validation.length} items, fewer than the target ${profileSpec.validationSize}: the data are short`);
  if (split.test.length < profileSpec.testSize)
    notes.push(`test has ${split.test.length} items, fewer than the target ${profileSpec.testSize}: the data are short`);
  return finalizeSplits({ pool, validation: split.validation, test: split.test, notes }, options.leakageKey);
}

/**
 * Benchmarks sometimes list one question twice (TableBench has an id under two subtypes). Both
 * copies must land on the same side of a split, so the repeat is dropped before splitting.
 */
export function dropRepeats(samples: readonly Sample[], key: (item: Sample) => string): { unique: Sample[]; dropped: string[] } {
  const seenIds = new Set<string>();
  const seenKeys = new Set<string>();
  const unique: Sample[] = [];
  const dropped: string[] = [];
  for (const sample of samples) {
    const text = key(sample);
    if (seenIds.has(sample.id) || seenKeys.has(text)) {
      dropped.push(sample.id);
      continue;
    }
    seenIds.add(sample.id);
    seenKeys.add(text);
    unique.push(sample);
  }
  return { unique, dropped };
}
