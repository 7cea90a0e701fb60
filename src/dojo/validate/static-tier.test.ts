import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CpuPrecisionDecision } from '../../runtime/index.js';
import { acceleratorSummary, decideCpuPrecision, describeGpus, trainingTemplateFor } from '../../runtime/index.js';
import { getTask } from '../../tasks/index.js';
import { EPYC_BF16_CPU, fakeCpuPrecisionMeasurement } from '../../testing/cpu-precision-checks.js';
import { fakeDeviceProbe, H100, T4 } from '../../testing/device-probes.js';
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

async function check(files: Record<string, string>, cpuPrecision?: CpuPrecisionDecision) {
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
    cpuPrecision,
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

  it("trains on the CPU in the precision the CPU precision check chose, unless train.yaml chooses; bf16 against the check's fp32 is warned", async () => {
    const faster = decideCpuPrecision({
      setting: 'auto',
      cpu: EPYC_BF16_CPU,
      measurement: fakeCpuPrecisionMeasurement({ secondsPerStep: 2 }, { secondsPerStep: 1 }),
    });
    const slower = decideCpuPrecision({
      setting: 'auto',
      cpu: EPYC_BF16_CPU,
      measurement: fakeCpuPrecisionMeasurement({ secondsPerStep: 1 }, { secondsPerStep: 1.2 }),
    });
    const files = (yaml: string) => ({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': yaml });
    const chosen = await check(files('learning_rate: 2.0e-4\n'), faster);
    expect(chosen.diagnostics).toEqual([]);
    expect(chosen.config).toMatchObject({ use_cpu: true, bf16: true, fp16: false });
    expect((await check(files('learning_rate: 2.0e-4\n'), slower)).config).toMatchObject({ bf16: false });
    expect((await check(files('bf16: false\n'), faster)).config).toMatchObject({ bf16: false });
    const against = await check(files('bf16: true\n'), slower);
    expect(codes(against)).toEqual(['warning:precision-slow']);
    expect(against.diagnostics[0]!.message).toContain('under the 1.15x it must gain');
    // A forced FTDOJO_CPU_PRECISION=fp32 is the user's own choice: no warning about a submission's bf16.
    expect(codes(await check(files('bf16: true\n'), decideCpuPrecision({ setting: 'fp32', cpu: EPYC_BF16_CPU })))).toEqual([]);
    expect(codes(await check(files('bf16: true\n')))).toEqual([]);
  });

  it('warns that packing without neat_packing lets rows attend to each other; both keys stay allowed', async () => {
    const files = (yaml: string) => ({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': yaml });
    expect(codes(await check(files('packing: true\n')))).toEqual(['warning:packing-crosses-rows']);
    expect(codes(await check(files('packing: true\nneat_packing: true\n')))).toEqual([]);
    expect(codes(await check(files('neat_packing: true\n')))).toEqual([]);
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

describe('static tier on a GPU', () => {
  const probes = {
    h100: fakeDeviceProbe([H100]),
    h100Bnb: fakeDeviceProbe([H100], { bitsandbytes: true, flashAttn: true }),
    t4: fakeDeviceProbe([T4]),
    none: fakeDeviceProbe([]),
  };

  async function checkGpu(train: string, probe: keyof typeof probes | string) {
    const task = getTask('financeiq').spec;
    const submission = await readSubmission(workspace({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': train }));
    const found = typeof probe === 'string' && probe in probes ? probes[probe as keyof typeof probes] : null;
    return runStaticTier({
      submission,
      task,
      sampleCap: task.profiles.paper.budget.sampleCap,
      modelPath: '/models/Qwen2.5-7B-Instruct',
      modelContext: 32768,
      template: trainingTemplateFor('Qwen/Qwen2.5-7B-Instruct'),
      device: 'gpu',
      accelerator: found ? { ...acceleratorSummary(found), description: describeGpus(found) } : probe,
      checkSyntax: createScriptSyntaxCheck({ python: 'python3' }),
    });
  }

  it('trains with the precision and attention the GPU runs, unless the submission chose them', async () => {
    expect((await checkGpu('learning_rate: 1.0e-4\n', 'h100')).config).toMatchObject({
      bf16: true,
      fp16: false,
      flash_attn: 'sdpa',
      disable_gradient_checkpointing: false,
    });
    expect((await checkGpu('learning_rate: 1.0e-4\n', 't4')).config).toMatchObject({ bf16: false, fp16: true });
    expect((await checkGpu('learning_rate: 1.0e-4\n', 'h100Bnb')).config).toMatchObject({ flash_attn: 'fa2' });
    expect((await checkGpu('flash_attn: sdpa\n', 'h100Bnb')).config).toMatchObject({ flash_attn: 'sdpa' });
  });

  it('takes the fine-tuning method a hypothesis chose: full, or QLoRA where bitsandbytes runs', async () => {
    const full = await checkGpu('finetuning_type: full\n', 'h100');
    expect(codes(full)).toEqual([]);
    expect(full.config).toMatchObject({ finetuning_type: 'full' });
    const qlora = await checkGpu('quantization_bit: 4\nlora_rank: 16\n', 'h100Bnb');
    expect(codes(qlora)).toEqual([]);
    expect(qlora.config).toMatchObject({ finetuning_type: 'lora', quantization_bit: 4 });
  });

  it('refuses QLoRA clearly where bitsandbytes is missing, with full fine-tuning, or on the CPU', async () => {
    const missing = await checkGpu('quantization_bit: 4\n', 'h100');
    expect(codes(missing)).toEqual(['error:qlora-unavailable']);
    expect(missing.diagnostics[0]!.message).toBe("QLoRA (quantization_bit) needs bitsandbytes, which does not import in the runtime's Python");
    expect(missing.diagnostics[0]!.hint).toMatch(/pip install bitsandbytes.*or remove quantization_bit/);
    expect(codes(await checkGpu('finetuning_type: full\nquantization_bit: 4\n', 'h100Bnb'))).toEqual(['error:quantization-needs-lora']);
    expect(codes(await check({ 'process_data.py': GOOD_SCRIPT, 'train.yaml': 'quantization_bit: 4\n' }))).toEqual(['error:qlora-needs-gpu']);
  });

  it('refuses bf16 on a GPU without it, fa2 without flash-attn, and a GPU run with no GPU', async () => {
    const t4 = await checkGpu('bf16: true\n', 't4');
    expect(codes(t4)).toEqual(['error:precision-unsupported']);
    expect(t4.diagnostics[0]!.message).toBe('bf16 needs compute capability 8.0 (Ampere) or newer, which Tesla T4 (compute 7.5) lacks');
    expect(codes(await checkGpu('flash_attn: fa2\n', 'h100'))).toEqual(['error:attention-unsupported']);
    const none = await checkGpu('learning_rate: 1.0e-4\n', 'none');
    expect(codes(none)).toEqual(['error:no-gpu']);
    expect(none.diagnostics[0]!.message).toMatch(/^this profile trains on a CUDA GPU, and the runtime sees no GPU: RuntimeError: Found no NVIDIA driver/);
  });

  it('warns when the device could not be probed, and checks the rest', async () => {
    expect(codes(await checkGpu('learning_rate: 1.0e-4\n', 'the device probe failed (exit 1): ModuleNotFoundError'))).toEqual(['warning:device-probe']);
  });
});
