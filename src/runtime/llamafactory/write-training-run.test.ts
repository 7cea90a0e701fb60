import { existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTrainingConfig, trainingTemplateFor } from './training-config.js';
import { parseTrainingConfigYaml, TRAINING_DATASET_NAME, trainingConfigYaml, writeTrainingRun } from './write-training-run.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-lf-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const config = buildTrainingConfig({
  modelPath: '/models/SmolLM2-135M-Instruct',
  template: trainingTemplateFor('HuggingFaceTB/SmolLM2-135M-Instruct'),
  device: 'cpu',
  settings: { learning_rate: 1e-5, lora_rank: 8, lora_target: 'all', cutoff_len: 128, max_steps: 3 },
});

describe('writeTrainingRun', () => {
  it('writes the YAML, dataset_info.json and alpaca rows into the run folder', async () => {
    const runDir = join(root, 'run-1');
    const written = await writeTrainingRun({
      runDir,
      config,
      examples: [
        { instruction: '1+1=?', output: '2' },
        { instruction: 'Say "hi":\n', input: 'politely', output: 'hi' },
      ],
    });
    expect(written.problems).toEqual([]);
    const yaml = parseTrainingConfigYaml(readFileSync(written.layout.configPath, 'utf8')) as Record<string, unknown>;
    expect(yaml).toEqual(written.config);
    expect(yaml).toMatchObject({
      dataset: TRAINING_DATASET_NAME,
      dataset_dir: join(runDir, 'data'),
      output_dir: join(runDir, 'output'),
      learning_rate: 1e-5,
      default_system: '',
      use_cpu: true,
      overwrite_output_dir: true,
    });
    expect(JSON.parse(readFileSync(join(runDir, 'data', 'dataset_info.json'), 'utf8'))).toEqual({
      [TRAINING_DATASET_NAME]: {
        file_name: `${TRAINING_DATASET_NAME}.json`,
        formatting: 'alpaca',
        columns: { prompt: 'instruction', query: 'input', response: 'output' },
      },
    });
    expect(JSON.parse(readFileSync(written.layout.datasetPath, 'utf8'))).toEqual([
      { instruction: '1+1=?', input: '', output: '2' },
      { instruction: 'Say "hi":\n', input: 'politely', output: 'hi' },
    ]);
  });

  it('quotes the strings YAML 1.1 would read as booleans (LLaMA-Factory reads YAML with OmegaConf)', () => {
    const text = trainingConfigYaml({ save_strategy: 'no', report_to: 'none', x: 'on', y: 'yes', learning_rate: 1e-7 });
    expect(text).toContain('save_strategy: "no"\n');
    expect(text).toContain('report_to: none\n');
    expect(parseTrainingConfigYaml(text)).toEqual({ save_strategy: 'no', report_to: 'none', x: 'on', y: 'yes', learning_rate: 1e-7 });
    expect(parseTrainingConfigYaml('save_strategy: no\n')).toEqual({ save_strategy: false });
  });

  it('writes the file even when the config has problems, and returns them', async () => {
    const written = await writeTrainingRun({ runDir: join(root, 'run-2'), config: { ...config, lora_rnak: 4 }, examples: [{ instruction: 'a', output: 'b' }] });
    expect(written.problems.map((problem) => problem.key)).toEqual(['lora_rnak']);
    expect(existsSync(written.layout.configPath)).toBe(true);
  });

  it('clears a previous output folder so nothing is resumed', async () => {
    const runDir = join(root, 'run-3');
    mkdirSync(join(runDir, 'output', 'checkpoint-2'), { recursive: true });
    writeFileSync(join(runDir, 'output', 'trainer_log.jsonl'), '{}\n');
    await writeTrainingRun({ runDir, config, examples: [{ instruction: 'a', output: 'b' }] });
    expect(existsSync(join(runDir, 'output'))).toBe(false);
  });
});
