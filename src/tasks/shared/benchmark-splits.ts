import type { PoolRow, ProfileName, Sample, TaskSpec } from '../../core/index.js';
import { isFtdojoError } from '../../core/index.js';
import type { DataRepository } from '../../data/index.js';
import { stratifiedSplit } from '../../data/index.js';
import type { TaskSplits } from '../define-task.js';
import { unsupportedProfile } from '../define-task.js';
import { finalizeSplits } from './finalize-splits.js';
import type { PoolBuild } from './pool-build.js';
import { dropUntargeted } from './pool-build.js';

/** Turns benchmark items that were not drawn for validation or test into agent-visible pool rows. */
export function toPoolRows(samples: readonly Sample[], source: string): PoolRow[] {
  return samples.map((sample) => ({ ...sample, source, extra: {} }));
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
  hubPool?: (repo: DataRepository) => Promise<PoolBuild>;
  /** Why a carved benchmark item may have no training target (said in the note that counts them). */
  untargeted?: string;
  leakageKey: (item: Sample | PoolRow) => string;
  notes?: string[];
}

/**
 * The split used by tasks whose benchmark file is also the only in-domain data offline
 * (ChemCoTBench, TableBench). Validation and test are drawn per subtask by `stratifiedSplit`.
 * Paper profile: the rest of the benchmark is left out and the pool is the hub training source.
 * Mini profile: the rest of the benchmark becomes the pool (a stated deviation from the paper);
 * tasks without a separate training source (`hubPool` absent) do so in both profiles. Pool rows
 * without a training target are dropped either way, counted in the notes.
 */
export async function benchmarkSplits(options: BenchmarkSplitOptions): Promise<TaskSplits> {
  const { spec, profile, repo } = options;
  const profileSpec = spec.profiles[profile];
  const carve = profile === 'mini' || !options.hubPool;
  const { unique, dropped } = dropRepeats(options.samples, options.leakageKey);
  const split = stratifiedSplit(unique, {
    seed: `${spec.id}:${profile}`,
    key: (sample) => sample.id,
    stratum: (sample) => sample.subtask ?? 'all',
    sizes: { validation: profileSpec.validationSize, test: profileSpec.testSize },
    restToPool: carve,
  });
  const built = carve
    ? dropUntargeted(toPoolRows(split.pool, options.benchmarkSource), options.untargeted ?? 'the benchmark item has no gold answer to train on')
    : await hubOnlyPool(options, repo);
  const checked = dropUntargeted(built.rows, 'the training row has no answer');
  const pool = checked.rows;
  const notes = [...(options.notes ?? []), ...built.notes, ...checked.notes];
  if (dropped.length > 0)
    notes.push(`${dropped.length} benchmark item(s) repeat an earlier one (same id or question) and are kept once: ${dropped.slice(0, 5).join(', ')}`);
  if (split.validation.length < profileSpec.validationSize)
    notes.push(`validation has ${split.validation.length} items, fewer than the target ${profileSpec.validationSize}: the data are short`);
  if (split.test.length < profileSpec.testSize)
    notes.push(`test has ${split.test.length} items, fewer than the target ${profileSpec.testSize}: the data are short`);
  return finalizeSplits({ pool, validation: split.validation, test: split.test, notes }, options.leakageKey);
}

/** The hub pool; a hub-only file read where only the mirror answers means this profile cannot be built here. */
async function hubOnlyPool(options: BenchmarkSplitOptions, repo: DataRepository): Promise<PoolBuild> {
  try {
    return await options.hubPool!(repo);
  } catch (error) {
    if (isFtdojoError(error) && error.code === 'MISSING_DATA') {
      throw unsupportedProfile(
        options.spec,
        options.profile,
        `its training pool (${options.spec.sources.join(', ')}) is only on the Hugging Face hub: ${error.message}`,
      );
    }
    throw error;
  }
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
