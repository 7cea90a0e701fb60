import type { TrainingConfig, TrainingDevice, TrainingTemplate } from '../../runtime/index.js';
import { buildTrainingConfig } from '../../runtime/index.js';

/**
 * Keys the environment sets and a submission must leave out, each with the reason. The agent
 * chooses hyperparameters; where the model, the data and the results live, and the prompt format
 * evaluation uses, are the environment's.
 */
export const MANAGED_KEYS: Readonly<Record<string, string>> = Object.freeze({
  model_name_or_path: "the environment trains the task profile's base model",
  adapter_name_or_path: 'every experiment starts from the base model',
  dataset: "the environment registers the script's output/train.json as the dataset",
  dataset_dir: 'the environment writes dataset_info.json in the run folder',
  eval_dataset: 'validation data never enters training',
  output_dir: 'every run gets a fresh output folder',
  overwrite_output_dir: 'always true: a reused output_dir would silently resume',
  do_train: 'always true',
  stage: 'the dojo fine-tunes with SFT',
  template: 'training must render prompts exactly as evaluation does',
  default_system: 'training must render prompts exactly as evaluation does',
  report_to: 'nothing leaves the machine',
  use_cpu: 'set from the device the environment runs on',
  save_strategy: 'the adapter is saved once at the end',
  resume_from_checkpoint: "a run is never resumed from another run's checkpoint",
  deepspeed: 'chosen by the runner, not the submission',
  push_to_hub: 'nothing leaves the machine',
  logging_steps: 'the loss of every step goes into the feedback',
});

/** Splits a submission's config into what it may set and the managed keys it set anyway. */
export function partitionSubmissionConfig(config: Readonly<Record<string, unknown>>): { settings: TrainingConfig; managed: string[] } {
  const settings: TrainingConfig = {};
  const managed: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (Object.hasOwn(MANAGED_KEYS, key)) managed.push(key);
    else settings[key] = value;
  }
  return { settings, managed };
}

export interface ManagedConfigOptions {
  modelPath: string;
  template: TrainingTemplate;
  device: TrainingDevice;
  /** The submission's own keys (managed ones already removed). */
  settings: TrainingConfig;
  /** On CPU, the precision the CPU precision check chose (fp32 when absent). */
  cpuPrecision?: 'fp32' | 'bf16' | undefined;
}

/** The config training runs with: project defaults < device defaults < the submission's settings. */
export function managedTrainingConfig(options: ManagedConfigOptions): TrainingConfig {
  return {
    ...buildTrainingConfig({
      modelPath: options.modelPath,
      template: options.template,
      device: options.device,
      settings: options.settings,
      cpuPrecision: options.cpuPrecision,
    }),
    logging_steps: 1,
  };
}
