import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { TrainingConfig } from './training-config.js';
import type { TrainingConfigProblem } from './validate-training-config.js';
import { validateTrainingConfig } from './validate-training-config.js';

/** One supervised example: the user turn and the answer the model should learn to write. */
export interface TrainingExample {
  instruction: string;
  /** Appended to the instruction by the template (after a newline); empty for ftdojo's prompts. */
  input?: string;
  output: string;
}

/** Where a training run's files live, all inside its run folder. */
export interface TrainingRunLayout {
  runDir: string;
  /** The YAML handed to `llamafactory-cli train`. */
  configPath: string;
  /** `dataset_dir`: dataset_info.json and the data file. */
  dataDir: string;
  datasetPath: string;
  /** `output_dir`: adapter, trainer_log.jsonl, training_loss.png. */
  outputDir: string;
  /** Full stdout and stderr of the trainer. */
  logPath: string;
  statusPath: string;
}

export const TRAINING_DATASET_NAME = 'ftdojo_train';

export function trainingRunLayout(runDir: string): TrainingRunLayout {
  const root = resolve(runDir);
  const dataDir = join(root, 'data');
  return {
    runDir: root,
    configPath: join(root, 'train.yaml'),
    dataDir,
    datasetPath: join(dataDir, `${TRAINING_DATASET_NAME}.json`),
    outputDir: join(root, 'output'),
    logPath: join(root, 'train.log'),
    statusPath: join(root, 'status.json'),
  };
}

/**
 * dataset_info.json for alpaca rows. `columns` names all three fields: LLaMA-Factory leaves every
 * column it omits unset, and rows always carry `input` (empty when unused) as alpaca expects.
 */
export function alpacaDatasetInfo(fileName: string): Record<string, unknown> {
  return {
    [TRAINING_DATASET_NAME]: {
      file_name: fileName,
      formatting: 'alpaca',
      columns: { prompt: 'instruction', query: 'input', response: 'output' },
    },
  };
}

export interface WriteTrainingRunOptions {
  runDir: string;
  /** The config without paths (see buildTrainingConfig); dataset, dataset_dir and output_dir are set here. */
  config: TrainingConfig;
  examples: readonly TrainingExample[];
}

export interface WrittenTrainingRun {
  layout: TrainingRunLayout;
  /** The config as written, with its paths. */
  config: TrainingConfig;
  /** Problems found by validateTrainingConfig; the files are written either way so they can be read. */
  problems: TrainingConfigProblem[];
}

/**
 * How ftdojo reads and writes LLaMA-Factory YAML. LLaMA-Factory loads it with OmegaConf, which
 * follows YAML 1.1: a bare `no`, `yes`, `on` or `off` is a boolean there (`save_strategy: no`
 * arrives as False and the trainer refuses it), so strings like these must be quoted. Writing
 * and reading with version 1.1 makes ftdojo see what LLaMA-Factory will see.
 */
export const LLAMAFACTORY_YAML = { version: '1.1' } as const;

/** The YAML text for a config: one key per line, in the given order, quoted where YAML 1.1 needs it. */
export function trainingConfigYaml(config: TrainingConfig): string {
  return `# ftdojo training run, started as: llamafactory-cli train train.yaml\n${stringify(config, { ...LLAMAFACTORY_YAML, lineWidth: 0 })}`;
}

/** Parses a LLaMA-Factory YAML file's text as LLaMA-Factory will (YAML 1.1). */
export function parseTrainingConfigYaml(text: string): unknown {
  return parse(text, LLAMAFACTORY_YAML);
}

/**
 * Writes a run folder for `runTraining`: train.yaml, data/dataset_info.json and the alpaca data
 * file. The output folder is removed, so a run never picks up a previous run's checkpoints or logs.
 */
export async function writeTrainingRun(options: WriteTrainingRunOptions): Promise<WrittenTrainingRun> {
  const layout = trainingRunLayout(options.runDir);
  await mkdir(layout.dataDir, { recursive: true });
  await rm(layout.outputDir, { recursive: true, force: true });
  const config: TrainingConfig = {
    ...options.config,
    dataset: TRAINING_DATASET_NAME,
    dataset_dir: layout.dataDir,
    output_dir: layout.outputDir,
  };
  const rows = options.examples.map((example) => ({ instruction: example.instruction, input: example.input ?? '', output: example.output }));
  await writeFile(layout.datasetPath, JSON.stringify(rows, null, 1) + '\n');
  await writeFile(join(layout.dataDir, 'dataset_info.json'), JSON.stringify(alpacaDatasetInfo(`${TRAINING_DATASET_NAME}.json`), null, 2) + '\n');
  await writeFile(layout.configPath, trainingConfigYaml(config));
  return { layout, config, problems: validateTrainingConfig(config) };
}
