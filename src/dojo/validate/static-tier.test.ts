import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainingTemplateFor } from '../../runtime/index.js';
import { getTask } from '../../tasks/index.js';
import { readSubmission } from '../submission/index.js';
import { createScriptSyntaxCheck } from './script-syntax.js';
import { runStaticTier } from './static-tier.js';

const GOOD_SCRIPT =
  'import json, sys\nrows = [json.loads(line) for line in open("/task/pool.jsonl")]\njson.dump([{"instruction": r["question"], "output": r["answer"]} for r in rows], open("output/train.json", "w"))\n';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ftdojo-static-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function check(files: Record<string, string>) {
  const task = getTask('financeiq').spec;
  const submission = await readSubmission(workspace(files));
  return runStaticTier({
    submission,
    task,
    sampleCap: task.profiles.mini.budget.sampleCap,
    modelPath: '/models/SmolLM2-135M-Instruct',
    modelContext: 8192,
    template: trainingTemplateFor('SmolLM2-135M-Instruct'),
    device: 'cpu',
    checkSyntax: createScriptSyntaxCheck({ python: 'python3' }),
  });
}

const codes = (result: Awaited<ReturnType<typeof check>>) => result.diagnostics.map((diagnostic) => `${diagnostic.severity}:${diagnostic.code}`);

describe('static tier', () => {
  it('passes a sound submission and returns the config training would run with', async () => {
    const result = await check({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': 'learning_rate: 2.0e-4\nnum_train_epochs: 2\nlora_rank: 8\n' });
    expect(result.diagnostics).toEqual([]);
    expect(result.config).toMatchObject({ learning_rate: 2e-4, template: 'smollm2', use_cpu: true, model_name_or_path: '/models/SmolLM2-135M-Instruct' });
  });

  it('reports a missing script and a missing config at once', async () => {
    expect(codes(await check({}))).toEqual(['error:script-missing', 'error:config-missing']);
  });

  it('reports a Python syntax error with its line, without running the script', async () => {
    const marker = join(tmpdir(), `ftdojo-ran-${process.pid}`);
    const result = await check({ 'process_data.py': `open(${JSON.stringify(marker)}, "w")\ndef broken(:\n  pass\n`, 'train.yaml': '' });
    expect(codes(result)).toEqual(['error:script-syntax']);
    expect(result.diagnostics[0]!.message).toContain('line 2');
    const { existsSync } = await import('node:fs');
    expect(existsSync(marker)).toBe(false);
  });

  it('reports a JavaScript syntax error', async () => {
    expect(codes(await check({ 'process_data.mjs': 'const x = ;\n', 'train.yaml': '' }))).toEqual(['error:script-syntax']);
  });

  it('names the nearest key for an unknown one', async () => {
    const result = await check({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': 'lora_rnak: 8\n' });
    expect(codes(result)).toEqual(['error:config-unknown-key']);
    expect(result.diagnostics[0]!.message).toContain('did you mean "lora_rank"?');
  });

  it('refuses a template other than the one evaluation renders, and warns on other managed keys', async () => {
    const result = await check({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': 'template: llama3\noutput_dir: /tmp/mine\n' });
    expect(codes(result)).toEqual(['error:template-mismatch', 'warning:managed-key']);
    expect(result.config!.output_dir).toBeUndefined();
  });

  it('refuses a NaN or negative learning rate, LoRA keys without LoRA, fp16 on CPU, a cutoff beyond the context', async () => {
    expect(codes(await check({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': 'learning_rate: .nan\n' }))).toEqual(['error:config-wrong-type']);
    expect(codes(await check({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': 'learning_rate: -1.0e-4\n' }))).toEqual(['error:config-out-of-range']);
    expect(codes(await check({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': 'finetuning_type: full\nlora_rank: 8\n' }))).toEqual([
      'error:lora-keys-without-lora',
    ]);
    expect(codes(await check({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': 'fp16: true\n' }))).toEqual([
      'error:config-conflict',
      'error:precision-unsupported',
    ]);
    expect(codes(await check({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': 'cutoff_len: 16384\n' }))).toEqual(['error:cutoff-over-context']);
  });

  it('reports YAML that does not parse or is not a mapping', async () => {
    expect(codes(await check({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': 'learning_rate: [1\n' }))).toEqual(['error:config-yaml']);
    expect(codes(await check({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': '- a\n- b\n' }))).toEqual(['error:config-not-mapping']);
  });
});
