import type { ProfileName, TaskSpec } from '../core/index.js';

/** What this machine offers, as far as running a profile is concerned. */
export interface MachineFacts {
  /** FTDOJO_DATA_MIRROR is set (offline data available). */
  mirror: boolean;
  /** A CUDA GPU is visible. */
  gpu: boolean;
}

export interface ProfileAvailability {
  profile: ProfileName;
  runnable: boolean;
  reason: string;
}

export function profileAvailability(spec: TaskSpec, facts: MachineFacts): ProfileAvailability[] {
  const mini = spec.profiles.mini;
  const miniAvailability: ProfileAvailability = mini.unavailableOffline
    ? { profile: 'mini', runnable: false, reason: mini.unavailableOffline }
    : facts.mirror
      ? { profile: 'mini', runnable: true, reason: 'reads the offline mirror; sized for this CPU with the embedded 135M model' }
      : { profile: 'mini', runnable: false, reason: 'set FTDOJO_DATA_MIRROR to the offline mirror (e.g. ../shared/datasets)' };
  const paperAvailability: ProfileAvailability = facts.gpu
    ? { profile: 'paper', runnable: true, reason: 'needs the Hugging Face hub for its data (ftdojo data pull) and a GPU for the 7B model' }
    : { profile: 'paper', runnable: false, reason: 'needs a GPU for Qwen2.5-7B-Instruct within 12 hours, and the Hugging Face hub for its data' };
  return [paperAvailability, miniAvailability];
}
