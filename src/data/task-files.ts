import type { ProfileName, TaskSpec } from '../core/index.js';
import { findSource } from './sources/catalogue.js';
import type { DatasetSource, FileRequest } from './types.js';

/** The part of a task's spec that says what data it reads. */
export type TaskDataSpec = Pick<TaskSpec, 'id' | 'sources' | 'heldOutFrom' | 'profiles'>;

/**
 * Every file a task's profile may read: the files of its training sources and of the sources its
 * held-out splits come from. A profile that reads the offline mirror (`dataFrom: 'mirror'`, the
 * mini profiles) needs only the files the mirror carries; a hub profile needs all of them.
 */
export function taskDataFiles(spec: TaskDataSpec, profile: ProfileName, catalogue: readonly DatasetSource[]): FileRequest[] {
  const mirrorOnly = spec.profiles[profile].dataFrom === 'mirror';
  const ids = [...new Set([...spec.sources, ...spec.heldOutFrom])];
  return ids.flatMap((id) =>
    findSource(catalogue, id)
      .files.filter((file) => !mirrorOnly || file.mirrorPath !== null)
      .map((file) => ({ sourceId: id, fileName: file.name })),
  );
}

/** The command that fetches a task's data for a profile, as errors and hints spell it. */
export function taskPullCommand(taskId: string, profile: ProfileName): string {
  return `ftdojo data pull --task ${taskId} --profile ${profile}`;
}
