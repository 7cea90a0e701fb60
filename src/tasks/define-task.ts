import type { PoolRow, ProfileName, Sample, TaskSpec } from '../core/index.js';
import { FtdojoError, TaskSpecSchema } from '../core/index.js';
import type { DataRepository } from '../data/index.js';

/** The three sides of a task for one profile. Validation and test carry answers: held-out side only. */
export interface TaskSplits {
  pool: PoolRow[];
  validation: Sample[];
  test: Sample[];
  /** Facts about how the split was made (sizes short of target, rows dropped for leakage...). */
  notes: string[];
}

export interface TaskDefinition {
  readonly spec: TaskSpec;
  /**
   * Builds the splits deterministically from the data repository. Throws FtdojoError
   * ('UNSUPPORTED') when the profile cannot be built from what the repository holds.
   */
  buildSplits(repo: DataRepository, profile: ProfileName): Promise<TaskSplits>;
  /**
   * Samples a self-check scores its gold answers on. Defaults to the mini profile's validation
   * and test; tasks whose offline data are only format fixtures (PANORAMA) return those.
   */
  selfcheckSamples?(repo: DataRepository): Promise<Sample[]>;
  /** The text that identifies a sample's question, for leakage checks. */
  leakageKey(item: Sample | PoolRow): string;
}

/** Checks the spec once at definition time, so a broken catalogue entry fails every test. */
export function defineTask(definition: TaskDefinition): TaskDefinition {
  const parsed = TaskSpecSchema.safeParse(definition.spec);
  if (!parsed.success) {
    throw new FtdojoError('INTERNAL', `task ${definition.spec.id} has an invalid spec: ${parsed.error.message}`);
  }
  const primaries = parsed.data.metrics.filter((metric) => metric.primary);
  if (primaries.length !== 1) {
    throw new FtdojoError('INTERNAL', `task ${definition.spec.id} must declare exactly one primary metric, found ${primaries.length}`);
  }
  return { ...definition, spec: parsed.data };
}

export function unsupportedProfile(spec: TaskSpec, profile: ProfileName, reason: string): FtdojoError {
  return new FtdojoError('UNSUPPORTED', `task ${spec.id} cannot build its ${profile} profile here: ${reason}`, {
    hint:
      profile === 'mini'
        ? 'use --profile paper with the Hugging Face hub reachable (unset FTDOJO_DATA_MIRROR)'
        : 'go online and run `ftdojo data pull` for its sources',
    fault: 'environment',
  });
}
