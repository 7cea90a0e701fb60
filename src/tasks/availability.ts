import type { ProfileName, TaskSpec } from '../core/index.js';
import type { DataRepository } from '../data/index.js';
import { taskDataFiles, taskPullCommand } from '../data/index.js';

/** Where this machine's data come from, as the data repository resolves each file (never the network). */
export type MachineData = Pick<DataRepository, 'sources' | 'locate' | 'offline'>;

/** What this machine offers, as far as running a profile is concerned. */
export interface MachineFacts {
  /** The data repository as configured here, or why it cannot be set up (a mirror folder that is not one). */
  data: MachineData | { unusable: string };
  /** A CUDA GPU is visible. */
  gpu: boolean;
}

export interface ProfileAvailability {
  profile: ProfileName;
  runnable: boolean;
  reason: string;
}

/**
 * Whether a task's profile can read its data here, decided per file as the repository reads it:
 * every file in the mirror or the download cache, or the rest from the hub when it is not switched
 * off. A user task's own files (sources outside the catalogue) are its own business.
 */
export function dataReadiness(spec: TaskSpec, profile: ProfileName, data: MachineFacts['data']): { ready: boolean; reason: string } {
  if ('unusable' in data) return { ready: false, reason: `the data settings cannot be used: ${data.unusable}` };
  const known = new Set(data.sources().map((source) => source.id));
  const catalogued = { ...spec, sources: spec.sources.filter((id) => known.has(id)), heldOutFrom: spec.heldOutFrom.filter((id) => known.has(id)) };
  const files = taskDataFiles(catalogued, profile, data.sources()).map((file) => data.locate(file.sourceId, file.fileName));
  const nowhere = files.find((file) => file.from === null);
  if (nowhere) return { ready: false, reason: nowhere.reason ?? `${nowhere.sourceId}/${nowhere.name} cannot be read here` };
  const fromMirror = files.filter((file) => file.from === 'mirror').length;
  const missing = files.filter((file) => !file.local).length;
  const pull = `\`${taskPullCommand(spec.id, profile)}\``;
  if (missing && data.offline !== null)
    return {
      ready: false,
      reason: `${missing} of its data files are not here and the hub is switched off (${data.offline}): run ${pull} where the hub answers`,
    };
  if (missing) return { ready: true, reason: `${missing} of its data files come from the Hugging Face hub on first use (${pull} fetches them ahead)` };
  if (!files.length) return { ready: true, reason: 'reads its own data files' };
  return {
    ready: true,
    reason: fromMirror === files.length ? 'its data are in the offline mirror' : 'its data are here (the offline mirror and the download cache)',
  };
}

export function profileAvailability(spec: TaskSpec, facts: MachineFacts): ProfileAvailability[] {
  const mini = spec.profiles.mini;
  const miniData = mini.unavailableOffline ? null : dataReadiness(spec, 'mini', facts.data);
  const miniAvailability: ProfileAvailability = mini.unavailableOffline
    ? { profile: 'mini', runnable: false, reason: mini.unavailableOffline }
    : miniData!.ready
      ? { profile: 'mini', runnable: true, reason: `${miniData!.reason}; sized for this CPU with the embedded 135M model` }
      : { profile: 'mini', runnable: false, reason: miniData!.reason };
  const paper = spec.profiles.paper;
  const paperData = facts.gpu ? dataReadiness(spec, 'paper', facts.data) : null;
  const paperAvailability: ProfileAvailability = !paperData
    ? { profile: 'paper', runnable: false, reason: `needs a GPU for ${paper.baseModel} within its budget, and the Hugging Face hub for its data` }
    : paperData.ready
      ? { profile: 'paper', runnable: true, reason: `a GPU is visible for ${paper.baseModel}; ${paperData.reason}` }
      : { profile: 'paper', runnable: false, reason: paperData.reason };
  return [paperAvailability, miniAvailability];
}
